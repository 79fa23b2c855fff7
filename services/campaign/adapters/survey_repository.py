"""Persistence of survey results and calendar activities."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.campaign.adapters.tables import activities, surveys
from services.campaign.domain.activity import Activity, ActivityAudience, Kind
from services.campaign.domain.survey import Phase, SurveyResult, Tally


class SurveyRepository:
    def __init__(self, session: AsyncSession, track: Any) -> None:
        self._session = session
        self._track = track

    async def add(self, result: SurveyResult) -> None:
        await self._session.execute(surveys.insert().values(
            id=result.id, region_code=result.region_code, municipality_code=result.municipality_code,
            surveyed_on=result.surveyed_on, respondents=result.tally.respondents, having=result.tally.having,
            complete_kit=result.tally.complete_kit, campaign_id=result.campaign_id, wave_id=result.wave_id,
            phase=result.phase.value if result.phase else None,
        ))
        self._track(result)

    async def get(self, survey_id: UUID) -> SurveyResult | None:
        row = (await self._session.execute(select(surveys).where(surveys.c.id == survey_id))).first()
        return _survey(row) if row else None

    async def of_campaign(self, campaign_id: UUID) -> list[SurveyResult]:
        query = select(surveys).where(surveys.c.campaign_id == campaign_id).order_by(surveys.c.surveyed_on)
        return [_survey(row) for row in (await self._session.execute(query)).all()]

    async def find(
        self, region_code: str | None = None, municipality_code: str | None = None, wave_id: UUID | None = None
    ) -> list[SurveyResult]:
        query = select(surveys).order_by(surveys.c.surveyed_on, surveys.c.created_at)
        if region_code:
            query = query.where(surveys.c.region_code == region_code)
        if municipality_code:
            query = query.where(surveys.c.municipality_code == municipality_code)
        if wave_id:
            query = query.where(surveys.c.wave_id == wave_id)
        return [_survey(row) for row in (await self._session.execute(query)).all()]


class ActivityRepository:
    def __init__(self, session: AsyncSession, track: Any) -> None:
        self._session = session
        self._track = track

    async def add(self, activity: Activity) -> None:
        await self._session.execute(activities.insert().values(
            id=activity.id, region_code=activity.region_code, kind=activity.kind.value, title=activity.title,
            starts_at=activity.starts_at, ends_at=activity.ends_at, place=activity.place,
            audience=[a.value for a in activity.audience], campaign_id=activity.campaign_id,
        ))
        self._track(activity)

    async def calendar(self, regions: list[str] | None, start: datetime | None, end: datetime | None) -> list[Activity]:
        """Activities of the given regions (None: all), optionally within [start, end)."""
        query = select(activities).order_by(activities.c.starts_at)
        if regions is not None:
            query = query.where(or_(*(activities.c.region_code == r for r in regions)))
        if start:
            query = query.where(activities.c.starts_at >= start)
        if end:
            query = query.where(activities.c.starts_at < end)
        return [_activity(row) for row in (await self._session.execute(query)).all()]

    async def exists(self, region_code: str, title: str, starts_at: datetime) -> bool:
        query = select(activities.c.id).where(
            activities.c.region_code == region_code, activities.c.title == title, activities.c.starts_at == starts_at
        )
        return (await self._session.execute(query)).first() is not None


def _survey(row: Any) -> SurveyResult:
    return SurveyResult(
        id=row.id, region_code=row.region_code, municipality_code=row.municipality_code, surveyed_on=row.surveyed_on,
        tally=Tally(row.respondents, dict(row.having), row.complete_kit), campaign_id=row.campaign_id,
        wave_id=row.wave_id, phase=Phase(row.phase) if row.phase else None,
    )


def _activity(row: Any) -> Activity:
    return Activity(
        id=row.id, region_code=row.region_code, kind=Kind(row.kind), title=row.title, starts_at=row.starts_at,
        ends_at=row.ends_at, place=row.place, audience=[ActivityAudience(a) for a in row.audience],
        campaign_id=row.campaign_id,
    )
