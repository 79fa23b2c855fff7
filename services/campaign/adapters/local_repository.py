"""Local knowledge (noodsteunpunten read model, contact details) and rendered local versions."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db.bulk import column_arrays, rows_upsert

from services.campaign.adapters.tables import known_noodsteunpunten, local_versions, municipality_contacts
from services.campaign.domain.local_knowledge import ContactDetails, KnownNoodsteunpunt
from services.campaign.domain.local_version import LocalVersion, RenderedItem


# Built once: every inventory event runs one of them.
KNOWN_COLUMNS = tuple(field.name for field in fields(KnownNoodsteunpunt))
PUT_KNOWN = rows_upsert(known_noodsteunpunten, KNOWN_COLUMNS, key=("id",))
REGISTER_KNOWN = rows_upsert(known_noodsteunpunten, KNOWN_COLUMNS, key=("id",), keep=("activation",))


class KnownNoodsteunpuntRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, nsp_id: UUID) -> KnownNoodsteunpunt | None:
        row = (await self._session.execute(select(known_noodsteunpunten).where(known_noodsteunpunten.c.id == nsp_id))).first()
        return KnownNoodsteunpunt(**row._mapping) if row else None

    async def put(self, nsp: KnownNoodsteunpunt) -> None:
        await self.put_many([nsp])

    async def get_many(self, ids: list[UUID]) -> dict[UUID, KnownNoodsteunpunt]:
        query = select(known_noodsteunpunten).where(known_noodsteunpunten.c.id.in_(ids))
        return {row.id: KnownNoodsteunpunt(**row._mapping) for row in (await self._session.execute(query)).all()}

    async def put_many(self, nsps: list[KnownNoodsteunpunt]) -> None:
        """One upsert for all (ids must be distinct)."""
        await self._upsert(PUT_KNOWN, nsps)

    async def register_many(self, nsps: list[KnownNoodsteunpunt]) -> None:
        """One upsert for all (ids must be distinct) that keeps the activation of those already
        known: a registration says nothing of it (a new one gets the given, ``inactive``)."""
        await self._upsert(REGISTER_KNOWN, nsps)

    async def _upsert(self, statement: Any, nsps: list[KnownNoodsteunpunt]) -> None:
        if nsps:
            await self._session.execute(statement, column_arrays(KNOWN_COLUMNS, [vars(nsp) for nsp in nsps]))

    async def in_municipality(self, municipality_code: str) -> list[KnownNoodsteunpunt]:
        query = select(known_noodsteunpunten).where(known_noodsteunpunten.c.municipality_code == municipality_code)
        return [KnownNoodsteunpunt(**row._mapping) for row in (await self._session.execute(query)).all()]


class ContactRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, municipality_code: str) -> ContactDetails | None:
        query = select(municipality_contacts).where(municipality_contacts.c.municipality_code == municipality_code)
        row = (await self._session.execute(query)).first()
        return ContactDetails(**row._mapping) if row else None

    async def put(self, contact: ContactDetails) -> None:
        values = asdict(contact)
        statement = insert(municipality_contacts).values(**values)
        await self._session.execute(statement.on_conflict_do_update(index_elements=["municipality_code"], set_=values))


class LocalVersionRepository:
    def __init__(self, session: AsyncSession, track: Any) -> None:
        self._session = session
        self._track = track

    async def add(self, local: LocalVersion) -> None:
        await self._session.execute(local_versions.insert().values(
            id=local.id, toolkit_version_id=local.toolkit_version_id, campaign_id=local.campaign_id,
            region_code=local.region_code, municipality_code=local.municipality_code, version=local.version,
            items=[asdict(item) for item in local.items], noodsteunpunt_ids=[str(i) for i in local.noodsteunpunt_ids],
            rendered_at=local.rendered_at,
        ))
        self._track(local)

    async def get(self, local_id: UUID) -> LocalVersion | None:
        row = (await self._session.execute(select(local_versions).where(local_versions.c.id == local_id))).first()
        return _local(row) if row else None

    async def of_municipality(self, municipality_code: str) -> list[LocalVersion]:
        query = (select(local_versions).where(local_versions.c.municipality_code == municipality_code)
                 .order_by(local_versions.c.rendered_at.desc()))
        return [_local(row) for row in (await self._session.execute(query)).all()]


def _local(row: Any) -> LocalVersion:
    return LocalVersion(
        id=row.id, toolkit_version_id=row.toolkit_version_id, campaign_id=row.campaign_id, region_code=row.region_code,
        municipality_code=row.municipality_code, version=row.version, items=[RenderedItem(**i) for i in row.items],
        noodsteunpunt_ids=[UUID(i) for i in row.noodsteunpunt_ids], rendered_at=row.rendered_at,
    )
