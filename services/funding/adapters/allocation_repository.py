from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.funding.adapters.locks import lock
from services.funding.adapters.tables import allocation_shares, allocations
from services.funding.domain.allocation import Allocation, DistributionKey, KeyKind


class AllocationRepository:
    def __init__(self, session: AsyncSession, track: Any) -> None:
        self._session = session
        self._track = track

    async def lock(self, year: int, line: str) -> None:
        await lock(self._session, "allocation", year, line)

    async def add(self, allocation: Allocation) -> None:
        await self._session.execute(
            allocations.insert().values(
                id=allocation.id,
                year=allocation.year,
                line=allocation.line,
                version=allocation.version,
                key_kind=allocation.key.kind.value,
                base_cents=allocation.key.base_cents,
                total_cents=allocation.total_cents,
                budget_version=allocation.budget_version,
            )
        )
        await self._session.execute(
            allocation_shares.insert(),
            [
                {
                    "allocation_id": allocation.id,
                    "region_code": d.region_code,
                    "amount_cents": d.amount_cents,
                    "previous_cents": d.previous_cents,
                }
                for d in allocation.differences()
            ],
        )
        self._track(allocation)

    async def versions(self, year: int, line: str) -> list[Allocation]:
        query = (
            select(allocations)
            .where(allocations.c.year == year, allocations.c.line == line)
            .order_by(allocations.c.version)
        )
        return await self._with_shares((await self._session.execute(query)).all())

    async def latest(self, year: int, line: str) -> Allocation | None:
        query = (
            select(allocations)
            .where(allocations.c.year == year, allocations.c.line == line)
            .order_by(allocations.c.version.desc())
            .limit(1)
        )
        found = await self._with_shares((await self._session.execute(query)).all())
        return found[0] if found else None

    async def _with_shares(self, rows: Sequence[Any]) -> list[Allocation]:
        """The allocations of ``rows``, with their shares read in one query."""
        if not rows:
            return []
        query = select(allocation_shares).where(allocation_shares.c.allocation_id.in_([row.id for row in rows]))
        shares: dict[UUID, list[Any]] = {}
        for share in (await self._session.execute(query)).all():
            shares.setdefault(share.allocation_id, []).append(share)
        return [_allocation(row, shares.get(row.id, [])) for row in rows]


def _allocation(row: Any, share_rows: list[Any]) -> Allocation:
    return Allocation(
        id=row.id,
        year=row.year,
        line=row.line,
        version=row.version,
        key=DistributionKey(KeyKind(row.key_kind), row.base_cents),
        total_cents=row.total_cents,
        budget_version=row.budget_version,
        shares={s.region_code: s.amount_cents for s in share_rows},
        previous_shares={s.region_code: s.previous_cents for s in share_rows},
    )
