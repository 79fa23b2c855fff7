"""Budget lines: version 1 from the data file, amendments from the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.funding.adapters.locks import lock
from services.funding.adapters.schedule_file import load_schedule
from services.funding.adapters.tables import budget_amendments
from services.funding.domain.schedule import BudgetLine, BudgetVersion, ScheduleRow, budget_line


class BudgetRepository:
    def __init__(self, session: AsyncSession, track: Any) -> None:
        self._session = session
        self._track = track

    def rows(self) -> list[ScheduleRow]:
        return list(load_schedule())

    async def get(self, year: int, line: str, for_update: bool = False) -> BudgetLine:
        if for_update:
            await lock(self._session, "budget", year, line)
        amendments = await self._amendments(budget_amendments.c.year == year, budget_amendments.c.line == line)
        return self._line(year, line, amendments.get((year, line), []))

    async def schedule(self) -> list[BudgetLine]:
        """Every line of the data file, with all amendments read in one query."""
        amendments = await self._amendments()
        return [self._line(row.year, row.line, amendments.get((row.year, row.line), [])) for row in self.rows()]

    async def _amendments(self, *where: Any) -> dict[tuple[int, str], list[BudgetVersion]]:
        found: dict[tuple[int, str], list[BudgetVersion]] = {}
        for row in (await self._session.execute(select(budget_amendments).where(*where))).all():
            found.setdefault((row.year, row.line), []).append(_version(row))
        return found

    def _line(self, year: int, line: str, amendments: list[BudgetVersion]) -> BudgetLine:
        budget = budget_line(self.rows(), year, line, amendments)
        self._track(budget)
        return budget

    async def add_version(self, version: BudgetVersion) -> None:
        await self._session.execute(
            budget_amendments.insert().values(
                year=version.year,
                line=version.line,
                version=version.version,
                amount_cents=version.amount_cents,
                reason=version.reason,
                amended_by=version.amended_by,
                amended_at=version.amended_at,
            )
        )


def _version(row: Any) -> BudgetVersion:
    return BudgetVersion(row.year, row.line, row.version, row.amount_cents, row.reason, row.amended_by, row.amended_at)
