"""Persistence of generated board memos: every memo is kept (the history); a scheduled
memo is unique per region and period (index ``memos_scheduled_once``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.notify.adapters.tables import feed_items, memos

LISTED = ("id", "region_code", "period_start", "period_end", "kind", "subject", "event_count", "recipients",
          "created_by", "created_at")


class MemoRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, row: dict[str, Any]) -> bool:
        """False when a scheduled memo of this region and period exists already (nothing stored)."""
        statement = insert(memos).values(row).on_conflict_do_nothing(
            index_elements=["region_code", "period_start", "period_end"], index_where=memos.c.kind == "scheduled"
        ).returning(memos.c.id)
        return (await self._session.execute(statement)).first() is not None

    async def get(self, memo_id: UUID) -> Any | None:
        return (await self._session.execute(select(memos).where(memos.c.id == memo_id))).first()

    async def scheduled_exists(self, region_code: str, period: tuple[date, date]) -> bool:
        query = select(memos.c.id).where(memos.c.region_code == region_code, memos.c.period_start == period[0],
                                         memos.c.period_end == period[1], memos.c.kind == "scheduled")
        return (await self._session.execute(query)).first() is not None

    async def scheduled_periods(self) -> set[tuple[str, date, date]]:
        query = select(memos.c.region_code, memos.c.period_start, memos.c.period_end).where(memos.c.kind == "scheduled")
        return {(r.region_code, r.period_start, r.period_end) for r in (await self._session.execute(query)).all()}

    async def of_region(self, region_code: str, offset: int, limit: int) -> tuple[list[Any], int]:
        """Newest period first; without the documents themselves."""
        where = memos.c.region_code == region_code
        total = await self._session.scalar(select(func.count()).select_from(memos).where(where)) or 0
        query = (select(*(memos.c[c] for c in LISTED)).where(where)
                 .order_by(memos.c.period_end.desc(), memos.c.created_at.desc()).offset(offset).limit(limit))
        return list((await self._session.execute(query)).all()), total

    async def first_events(self) -> dict[str, datetime]:
        """Per region (not the national 'NL'), when its first event happened: where its schedule starts."""
        query = (select(feed_items.c.region_code, func.min(feed_items.c.occurred_at))
                 .where(feed_items.c.region_code != "NL").group_by(feed_items.c.region_code))
        return {code: first for code, first in (await self._session.execute(query)).all()}
