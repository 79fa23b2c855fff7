from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.funding.adapters.locks import lock
from services.funding.adapters.tables import commitments, spendings
from services.funding.domain.commitment import Commitment, Source, Spending, Status


class CommitmentRepository:
    def __init__(self, session: AsyncSession, track: Any) -> None:
        self._session = session
        self._track = track

    async def lock_region_year(self, region_code: str, year: int) -> None:
        await lock(self._session, "balance", region_code, year)

    async def add(self, commitment: Commitment) -> None:
        await self._session.execute(commitments.insert().values(**_row(commitment)))
        self._track(commitment)

    async def save(self, commitment: Commitment) -> None:
        await self._session.execute(
            commitments.update()
            .where(commitments.c.id == commitment.id)
            .values(
                status=commitment.status.value,
                remaining_before_cents=commitment.remaining_before_cents,
                spent_cents=commitment.spent_cents,
                released_cents=commitment.released_cents,
            )
        )

    async def add_spending(self, spending: Spending) -> None:
        await self._session.execute(
            spendings.insert().values(
                id=spending.id,
                commitment_id=spending.commitment_id,
                amount_cents=spending.amount_cents,
                description=spending.description,
                spent_on=spending.spent_on,
            )
        )

    async def get(self, commitment_id: UUID, for_update: bool = False) -> Commitment | None:
        query = select(commitments).where(commitments.c.id == commitment_id)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).first()
        if row is None:
            return None
        commitment = _from_row(row)
        self._track(commitment)
        return commitment

    async def by_source(self, source: Source, source_id: UUID) -> Commitment | None:
        query = select(commitments).where(commitments.c.source == source.value, commitments.c.source_id == source_id)
        row = (await self._session.execute(query)).first()
        return _from_row(row) if row else None

    async def list(self, region_code: str, year: int | None = None) -> list[Commitment]:
        query = select(commitments).where(commitments.c.region_code == region_code).order_by(commitments.c.created_at)
        if year is not None:
            query = query.where(commitments.c.year == year)
        return [_from_row(row) for row in (await self._session.execute(query)).all()]


def _row(c: Commitment) -> dict[str, Any]:
    return {
        "id": c.id,
        "region_code": c.region_code,
        "year": c.year,
        "source": c.source.value,
        "source_id": c.source_id,
        "municipality_code": c.municipality_code,
        "purpose": c.purpose,
        "amount_cents": c.amount_cents,
        "status": c.status.value,
        "remaining_before_cents": c.remaining_before_cents,
        "spent_cents": c.spent_cents,
        "released_cents": c.released_cents,
    }


def _from_row(row: Any) -> Commitment:
    return Commitment(
        id=row.id,
        region_code=row.region_code,
        year=row.year,
        source=Source(row.source),
        source_id=row.source_id,
        municipality_code=row.municipality_code,
        purpose=row.purpose,
        amount_cents=row.amount_cents,
        status=Status(row.status),
        remaining_before_cents=row.remaining_before_cents,
        spent_cents=row.spent_cents,
        released_cents=row.released_cents,
    )
