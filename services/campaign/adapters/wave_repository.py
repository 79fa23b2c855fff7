"""Persistence of waves."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.campaign.adapters.tables import waves
from services.campaign.domain.toolkit import Channel
from services.campaign.domain.wave import Material, Reach, Wave, WaveStatus


class WaveRepository:
    def __init__(self, session: AsyncSession, track: Any) -> None:
        self._session = session
        self._track = track

    async def add(self, wave: Wave) -> None:
        await self._session.execute(waves.insert().values(**_row(wave)))
        self._track(wave)

    async def save(self, wave: Wave) -> None:
        await self._session.execute(waves.update().where(waves.c.id == wave.id).values(**_row(wave)))
        self._track(wave)

    async def get(self, wave_id: UUID, for_update: bool = False) -> Wave | None:
        query = select(waves).where(waves.c.id == wave_id)
        row = (await self._session.execute(query.with_for_update() if for_update else query)).first()
        return _wave(row) if row else None

    async def of_campaign(self, campaign_id: UUID) -> list[Wave]:
        query = select(waves).where(waves.c.campaign_id == campaign_id).order_by(waves.c.region_code, waves.c.planned_start)
        return [_wave(row) for row in (await self._session.execute(query)).all()]

    async def in_region(self, region_code: str | None) -> list[Wave]:
        query = select(waves).order_by(waves.c.planned_start)
        if region_code:
            query = query.where(waves.c.region_code == region_code)
        return [_wave(row) for row in (await self._session.execute(query)).all()]


def _row(wave: Wave) -> dict[str, Any]:
    return {
        "id": wave.id, "campaign_id": wave.campaign_id, "toolkit_version_id": wave.toolkit_version_id,
        "region_code": wave.region_code, "name": wave.name, "municipality_codes": wave.municipality_codes,
        "channels": [c.value for c in wave.channels], "materials": [asdict(m) for m in wave.materials],
        "planned_start": wave.planned_start, "planned_end": wave.planned_end, "status": wave.status.value,
        "launched_on": wave.launched_on, "completed_on": wave.completed_on,
        "households_reached": wave.reach.households if wave.reach else None,
        "people_reached": wave.reach.people if wave.reach else None,
    }


def _wave(row: Any) -> Wave:
    reach = Reach(row.households_reached, row.people_reached) if row.households_reached is not None else None
    return Wave(
        id=row.id, campaign_id=row.campaign_id, toolkit_version_id=row.toolkit_version_id, region_code=row.region_code,
        name=row.name, municipality_codes=list(row.municipality_codes), channels=[Channel(c) for c in row.channels],
        materials=[Material(**m) for m in row.materials], planned_start=row.planned_start, planned_end=row.planned_end,
        status=WaveStatus(row.status), launched_on=row.launched_on, completed_on=row.completed_on, reach=reach,
    )
