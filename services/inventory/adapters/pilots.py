"""Persistence of pilots."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db.statements import ROW_ID, update_by_id
from services.inventory.adapters.tables import pilots
from services.inventory.domain.pilot import Funding, Pilot, PilotStatus

_INSERT = pilots.insert()
_UPDATE = update_by_id(pilots)


class PilotRepository:
    def __init__(self, session: AsyncSession, track: Any) -> None:
        self._session = session
        self._track = track

    async def add(self, pilot: Pilot) -> None:
        await self._session.execute(_INSERT, {"id": pilot.id, **_row(pilot)})
        self._track(pilot)

    async def get(self, pilot_id: UUID, for_update: bool = False) -> Pilot | None:
        query = select(pilots).where(pilots.c.id == pilot_id)
        row = (await self._session.execute(query.with_for_update() if for_update else query)).first()
        if row is None:
            return None
        pilot = _pilot(row)
        self._track(pilot)
        return pilot

    async def save(self, pilot: Pilot) -> None:
        await self._session.execute(_UPDATE, {ROW_ID: pilot.id, **_row(pilot)})

    async def list(self, region_code: str | None = None) -> list[Pilot]:
        query = select(pilots).order_by(pilots.c.region_code, pilots.c.starts_on, pilots.c.name)
        if region_code:
            query = query.where(pilots.c.region_code == region_code)
        return [_pilot(row) for row in (await self._session.execute(query)).all()]


def _row(p: Pilot) -> dict[str, Any]:
    return {
        "region_code": p.region_code,
        "municipality_code": p.municipality_code,
        "name": p.name,
        "noodsteunpunt_ids": [str(i) for i in p.noodsteunpunt_ids],
        "goals": p.goals,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "pilot_year": p.pilot_year,
        "budget_cents": p.budget_cents,
        "status": p.status.value,
        "started_on": p.started_on,
        "completed_on": p.completed_on,
        "experiences": p.experiences,
        "cost_cents": p.cost_cents,
        "funding": p.funding.value,
    }


def _pilot(row: Any) -> Pilot:
    return Pilot(
        id=row.id,
        region_code=row.region_code,
        municipality_code=row.municipality_code,
        name=row.name,
        noodsteunpunt_ids=[UUID(i) for i in row.noodsteunpunt_ids],
        goals=list(row.goals),
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        pilot_year=row.pilot_year,
        budget_cents=row.budget_cents,
        status=PilotStatus(row.status),
        started_on=row.started_on,
        completed_on=row.completed_on,
        experiences=dict(row.experiences or {}),
        cost_cents=row.cost_cents,
        funding=Funding(row.funding),
    )
