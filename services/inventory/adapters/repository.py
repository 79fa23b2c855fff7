"""Persistence of noodsteunpunten; tracks what it touches so their events reach the outbox."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.inventory.adapters.tables import noodsteunpunten
from services.inventory.domain.noodsteunpunt import Layer, Noodsteunpunt, Readiness


class NoodsteunpuntRepository:
    def __init__(self, session: AsyncSession, track: Any) -> None:
        self._session = session
        self._track = track

    async def add(self, nsp: Noodsteunpunt) -> None:
        await self._session.execute(noodsteunpunten.insert().values(**_row(nsp)))
        self._track(nsp)

    async def get(self, nsp_id: UUID) -> Noodsteunpunt | None:
        row = (await self._session.execute(select(noodsteunpunten).where(noodsteunpunten.c.id == nsp_id))).first()
        if row is None:
            return None
        nsp = _from_row(row)
        self._track(nsp)
        return nsp

    async def list(self, region_code: str | None = None, municipality_code: str | None = None) -> list[Noodsteunpunt]:
        query = select(noodsteunpunten).order_by(noodsteunpunten.c.municipality_code, noodsteunpunten.c.name)
        if region_code:
            query = query.where(noodsteunpunten.c.region_code == region_code)
        if municipality_code:
            query = query.where(noodsteunpunten.c.municipality_code == municipality_code)
        return [_from_row(row) for row in (await self._session.execute(query)).all()]


def _row(nsp: Noodsteunpunt) -> dict[str, Any]:
    return {
        "id": nsp.id,
        "region_code": nsp.region_code,
        "municipality_code": nsp.municipality_code,
        "name": nsp.name,
        "layer": nsp.layer.value,
        "address": nsp.address,
        "readiness": nsp.readiness.value,
        "public": nsp.public,
    }


def _from_row(row: Any) -> Noodsteunpunt:
    return Noodsteunpunt(
        id=row.id,
        region_code=row.region_code,
        municipality_code=row.municipality_code,
        name=row.name,
        layer=Layer(row.layer),
        address=row.address,
        readiness=Readiness(row.readiness),
        public=row.public,
    )
