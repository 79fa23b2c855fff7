"""Persistence of the public alerts: what notify knows of each noodsteunpunt from
inventory's events, and the CAP messages it issued (in notify's own schema)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any
from uuid import UUID

from sqlalchemy import BigInteger, Boolean, Column, DateTime, Float, Identity, String, Table, Text, select
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db.bulk import column_arrays, rows_upsert
from services.notify.adapters.tables import metadata
from services.notify.domain.public_alerts import CapAlert, PublicPlace

public_places = Table(
    "public_places",
    metadata,
    Column("id", PgUUID(as_uuid=True), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("region_code", String(4), nullable=False),
    Column("municipality_code", String(6), nullable=False),
    Column("address", String(300)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("public", Boolean, nullable=False),
)

public_alerts = Table(
    "public_alerts",
    metadata,
    Column("seq", BigInteger, Identity(always=True), primary_key=True),
    Column("identifier", String(100), nullable=False, unique=True),
    Column("sender", String(200), nullable=False),
    Column("noodsteunpunt_id", PgUUID(as_uuid=True), nullable=False, index=True),
    Column("region_code", String(4), nullable=False, index=True),
    Column("sent", DateTime(timezone=True), nullable=False),
    Column("msg_type", String(20), nullable=False),
    Column("place_status", String(20), nullable=False),
    Column("episode", String(100), nullable=False),
    Column("references", Text),
    Column("headline", String(500), nullable=False),
    Column("xml", Text, nullable=False),
)

FEED_SIZE = 100
# Built once: every registration and update of a noodsteunpunt runs it.
PLACE_COLUMNS = tuple(field.name for field in fields(PublicPlace))
PUT_PLACES = rows_upsert(public_places, PLACE_COLUMNS, key=("id",))


class PublicAlertRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def put_places(self, places: list[PublicPlace]) -> None:
        """In one statement; at most one place per id (a statement cannot change a row twice)."""
        if not places:
            return
        await self._session.execute(PUT_PLACES, column_arrays(PLACE_COLUMNS, [vars(place) for place in places]))

    async def place(self, nsp_id: UUID) -> PublicPlace | None:
        row = (await self._session.execute(select(public_places).where(public_places.c.id == nsp_id))).first()
        return PublicPlace(**row._mapping) if row else None

    async def add(self, alert: CapAlert) -> None:
        await self._session.execute(insert(public_alerts).values(vars(alert)).on_conflict_do_nothing())

    async def running_episode(self, nsp_id: UUID) -> list[CapAlert]:
        """The messages of the noodsteunpunt's current opening, oldest first; empty when none runs."""
        query = select(public_alerts).where(public_alerts.c.noodsteunpunt_id == nsp_id).order_by(public_alerts.c.seq)
        alerts = [_alert(row) for row in (await self._session.execute(query)).all()]
        if not alerts or alerts[-1].ends_episode:
            return []
        return [a for a in alerts if a.episode == alerts[-1].episode]

    async def newest(self, region_code: str | None = None) -> list[CapAlert]:
        query = select(public_alerts).order_by(public_alerts.c.seq.desc()).limit(FEED_SIZE)
        if region_code:
            query = query.where(public_alerts.c.region_code == region_code)
        return [_alert(row) for row in (await self._session.execute(query)).all()]

    async def get(self, identifier: str) -> CapAlert | None:
        row = (await self._session.execute(select(public_alerts).where(public_alerts.c.identifier == identifier))).first()
        return _alert(row) if row else None


def _alert(row: Any) -> CapAlert:
    return CapAlert(**{k: v for k, v in row._mapping.items() if k != "seq"})
