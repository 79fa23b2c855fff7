"""The feed: every event notify heard of, read within a scope or over a period."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db.bulk import column_arrays, rows_insert
from services.notify.adapters.subscriptions import FLAG_COLUMNS, REMEMBER_FLAGS
from services.notify.adapters.tables import feed_items
from services.notify.domain.feed import FeedItem
from services.notify.domain.visibility import PublicFlags

FIELDS = ("event_id", "event_type", "region_code", "municipality_code", "subject", "title", "occurred_at", "data")
# Built once: every consumed event runs it. The public flags go in the same statement (the
# items' insert as its WITH clause): the parameters of the two are named apart by column.
ADD_ITEMS = rows_insert(feed_items, FIELDS).on_conflict_do_nothing(index_elements=["event_id"])
ADD_ITEMS_AND_FLAGS = REMEMBER_FLAGS.add_cte(ADD_ITEMS.cte("items"))


class FeedRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_many(self, items: list[FeedItem], public_flags: PublicFlags | None = None) -> None:
        """In one statement, in the given order (the feed reads newest first by row id), with
        the public flags to remember (noodsteunpunt -> (public, as of); one row each)."""
        if not items:
            return
        rows = [{f: getattr(item, f) for f in FIELDS} for item in items]
        flags = [{"noodsteunpunt_id": n, "public": public, "updated_at": at} for n, (public, at) in (public_flags or {}).items()]
        await self._session.execute(ADD_ITEMS_AND_FLAGS, {**column_arrays(FIELDS, rows), **column_arrays(FLAG_COLUMNS, flags)})

    async def latest(
        self, region_code: str | None = None, municipality_code: str | None = None, limit: int = 50
    ) -> list[FeedItem]:
        query = select(*(feed_items.c[f] for f in FIELDS)).order_by(feed_items.c.id.desc()).limit(limit)
        if region_code:
            query = query.where(feed_items.c.region_code == region_code)
        if municipality_code:
            query = query.where(feed_items.c.municipality_code == municipality_code)
        return [_item(row) for row in (await self._session.execute(query)).all()]

    async def of_regions(self, region_codes: list[str], until: datetime) -> list[FeedItem]:
        query = (
            select(*(feed_items.c[f] for f in FIELDS))
            .where(feed_items.c.region_code.in_(region_codes), feed_items.c.occurred_at < until)
            .order_by(feed_items.c.occurred_at)
        )
        return [_item(row) for row in (await self._session.execute(query)).all()]


def _item(row: Any) -> FeedItem:
    return FeedItem(**{f: getattr(row, f) for f in FIELDS})
