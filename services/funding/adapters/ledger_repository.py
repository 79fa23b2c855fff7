"""The ledger is append-only: this repository only inserts and reads."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.funding.adapters.tables import ledger_entries
from services.funding.domain.ledger import Balance, Cause, EntryKind, LedgerEntry, balance_from


class LedgerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def append(self, entries: list[LedgerEntry]) -> None:
        if entries:
            await self._session.execute(ledger_entries.insert(), [_row(e) for e in entries])

    async def entries(self, region_code: str | None = None, year: int | None = None) -> list[tuple[LedgerEntry, Any]]:
        """Entries in the order they were written, with when they were recorded."""
        query = select(ledger_entries).order_by(ledger_entries.c.seq)
        if region_code:
            query = query.where(ledger_entries.c.region_code == region_code)
        if year is not None:
            query = query.where(ledger_entries.c.year == year)
        return [(_entry(row), row.recorded_at) for row in (await self._session.execute(query)).all()]

    async def balance(self, region_code: str, year: int) -> Balance:
        return (await self.balances(year, region_code)).get(region_code) or Balance(region_code, year)

    async def balances(self, year: int, region_code: str | None = None) -> dict[str, Balance]:
        """Per region, summed by the database from the ledger alone."""
        query = (
            select(ledger_entries.c.region_code, ledger_entries.c.kind, func.sum(ledger_entries.c.amount_cents))
            .where(ledger_entries.c.year == year)
            .group_by(ledger_entries.c.region_code, ledger_entries.c.kind)
        )
        if region_code:
            query = query.where(ledger_entries.c.region_code == region_code)
        totals: dict[str, dict[EntryKind, int]] = {}
        for region, kind, amount in (await self._session.execute(query)).all():
            totals.setdefault(region, {})[EntryKind(kind)] = int(amount)
        return {region: balance_from(region, year, kinds) for region, kinds in totals.items()}


def _row(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "region_code": entry.region_code,
        "year": entry.year,
        "kind": entry.kind.value,
        "amount_cents": entry.amount_cents,
        "reference_id": entry.reference_id,
        "cause_kind": entry.cause.kind,
        "cause_id": entry.cause.id,
        "cause_note": entry.cause.note,
        "memo": entry.memo,
    }


def _entry(row: Any) -> LedgerEntry:
    return LedgerEntry(
        id=row.id,
        region_code=row.region_code,
        year=row.year,
        kind=EntryKind(row.kind),
        amount_cents=row.amount_cents,
        cause=Cause(row.cause_kind, row.cause_id, row.cause_note),
        reference_id=row.reference_id,
        memo=row.memo,
    )
