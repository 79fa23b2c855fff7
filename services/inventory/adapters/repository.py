"""Persistence of noodsteunpunten; tracks what it touches so their events reach the outbox."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db.statements import ROW_ID, update_by_id
from services.inventory.adapters.tables import noodsteunpunten
from services.inventory.domain.noodsteunpunt import (
    ActivationMode,
    ActivationStatus,
    Details,
    Layer,
    Noodsteunpunt,
    Readiness,
)

_INSERT = noodsteunpunten.insert()
_UPDATE = update_by_id(noodsteunpunten)


class NoodsteunpuntRepository:
    def __init__(self, session: AsyncSession, track: Any, insert_at_commit: Any) -> None:
        self._session = session
        self._track = track
        self._insert_at_commit = insert_at_commit

    async def add(self, nsp: Noodsteunpunt) -> None:
        """Sent with the unit of work's outbox rows at commit (one statement, one round trip)."""
        self._insert_at_commit(_INSERT, {"id": nsp.id, **_row(nsp)})
        self._track(nsp)

    async def get(self, nsp_id: UUID, for_update: bool = False) -> Noodsteunpunt | None:
        query = select(noodsteunpunten).where(noodsteunpunten.c.id == nsp_id)
        row = (await self._session.execute(query.with_for_update() if for_update else query)).first()
        if row is None:
            return None
        nsp = _from_row(row)
        self._track(nsp)
        return nsp

    async def save(self, nsp: Noodsteunpunt) -> None:
        await self._session.execute(_UPDATE, {ROW_ID: nsp.id, **_row(nsp)})

    async def list(
        self,
        region_code: str | None = None,
        municipality_code: str | None = None,
        public_only: bool = False,
        ids: list[UUID] | None = None,
    ) -> list[Noodsteunpunt]:
        query = select(noodsteunpunten).order_by(noodsteunpunten.c.municipality_code, noodsteunpunten.c.name)
        if region_code:
            query = query.where(noodsteunpunten.c.region_code == region_code)
        if municipality_code:
            query = query.where(noodsteunpunten.c.municipality_code == municipality_code)
        if public_only:
            query = query.where(noodsteunpunten.c.public.is_(True))
        if ids is not None:
            query = query.where(noodsteunpunten.c.id.in_(ids))
        return [_from_row(row) for row in (await self._session.execute(query)).all()]


def _row(nsp: Noodsteunpunt) -> dict[str, Any]:
    return {
        "region_code": nsp.region_code,
        "municipality_code": nsp.municipality_code,
        "name": nsp.name,
        "layer": nsp.layer.value,
        "address": nsp.address,
        "readiness": nsp.readiness.value,
        "public": nsp.public,
        "details": nsp.details.model_dump(mode="json"),
        "activation_status": nsp.activation_status.value,
        "activation_mode": nsp.activation_mode.value if nsp.activation_mode else None,
        "activation_changed_at": nsp.activation_changed_at,
        "activation_log": nsp.activation_log,
    }


def _from_row(row: Any) -> Noodsteunpunt:
    details = dict(row.details or {})
    details.setdefault("address", row.address)  # rows from before the details column
    return Noodsteunpunt(
        id=row.id,
        region_code=row.region_code,
        municipality_code=row.municipality_code,
        name=row.name,
        layer=Layer(row.layer),
        details=Details.model_validate(details),
        readiness=Readiness(row.readiness),
        public=row.public,
        activation_status=ActivationStatus(row.activation_status),
        activation_mode=ActivationMode(row.activation_mode) if row.activation_mode else None,
        activation_changed_at=row.activation_changed_at,
        activation_log=list(row.activation_log or []),
    )
