"""Persistence of campaigns and toolkit versions."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.campaign.adapters.tables import campaigns, toolkit_versions
from services.campaign.domain.campaign import Audience, Campaign, Level
from services.campaign.domain.toolkit import Channel, Template, ToolkitStatus, ToolkitVersion


class CampaignRepository:
    def __init__(self, session: AsyncSession, track: Any) -> None:
        self._session = session
        self._track = track

    async def add(self, campaign: Campaign) -> None:
        await self._session.execute(campaigns.insert().values(
            id=campaign.id, name=campaign.name, level=campaign.level.value, owner=campaign.owner,
            region_code=campaign.region_code, starts_on=campaign.starts_on, ends_on=campaign.ends_on,
            behaviour_goal=campaign.behaviour_goal, audiences=[a.value for a in campaign.audiences],
            participating_regions=campaign.participating_regions, requested_by=campaign.requested_by,
        ))
        self._track(campaign)

    async def save_participation(self, campaign: Campaign) -> None:
        await self._session.execute(campaigns.update().where(campaigns.c.id == campaign.id).values(
            participating_regions=campaign.participating_regions, requested_by=campaign.requested_by,
        ))
        self._track(campaign)

    async def get(self, campaign_id: UUID, for_update: bool = False) -> Campaign | None:
        query = select(campaigns).where(campaigns.c.id == campaign_id)
        row = (await self._session.execute(query.with_for_update() if for_update else query)).first()
        return _campaign(row) if row else None

    async def list(self) -> list[Campaign]:
        rows = (await self._session.execute(select(campaigns).order_by(campaigns.c.starts_on, campaigns.c.name))).all()
        return [_campaign(row) for row in rows]


class ToolkitRepository:
    def __init__(self, session: AsyncSession, track: Any) -> None:
        self._session = session
        self._track = track

    async def next_version(self, campaign_id: UUID) -> int:
        query = select(func.coalesce(func.max(toolkit_versions.c.version), 0)).where(toolkit_versions.c.campaign_id == campaign_id)
        return int(await self._session.scalar(query) or 0) + 1

    async def add(self, toolkit: ToolkitVersion) -> None:
        await self._session.execute(toolkit_versions.insert().values(**_toolkit_row(toolkit)))
        self._track(toolkit)

    async def save(self, toolkit: ToolkitVersion) -> None:
        row = _toolkit_row(toolkit)
        await self._session.execute(toolkit_versions.update().where(toolkit_versions.c.id == toolkit.id).values(**row))
        self._track(toolkit)

    async def get(self, toolkit_id: UUID, for_update: bool = False) -> ToolkitVersion | None:
        query = select(toolkit_versions).where(toolkit_versions.c.id == toolkit_id)
        row = (await self._session.execute(query.with_for_update() if for_update else query)).first()
        return _toolkit(row) if row else None

    async def of_campaign(self, campaign_id: UUID) -> list[ToolkitVersion]:
        query = select(toolkit_versions).where(toolkit_versions.c.campaign_id == campaign_id).order_by(toolkit_versions.c.version)
        return [_toolkit(row) for row in (await self._session.execute(query)).all()]


def _campaign(row: Any) -> Campaign:
    return Campaign(
        id=row.id, name=row.name, level=Level(row.level), owner=row.owner, region_code=row.region_code,
        starts_on=row.starts_on, ends_on=row.ends_on, behaviour_goal=row.behaviour_goal,
        audiences=[Audience(a) for a in row.audiences], participating_regions=list(row.participating_regions),
        requested_by=list(row.requested_by),
    )


def _toolkit_row(toolkit: ToolkitVersion) -> dict[str, Any]:
    return {
        "id": toolkit.id, "campaign_id": toolkit.campaign_id, "region_code": toolkit.region_code,
        "version": toolkit.version, "status": toolkit.status.value, "published_at": toolkit.published_at,
        "templates": [
            {"key": t.key, "channel": t.channel.value, "title": t.title, "body": t.body, "uniform": t.uniform}
            for t in toolkit.templates
        ],
    }


def _toolkit(row: Any) -> ToolkitVersion:
    templates = [Template(t["key"], Channel(t["channel"]), t["title"], t["body"], t["uniform"]) for t in row.templates]
    return ToolkitVersion(row.id, row.campaign_id, row.region_code, row.version, templates,
                          ToolkitStatus(row.status), row.published_at)
