"""Persistence of generated board memos."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.notify.adapters.tables import memos


class MemoRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, row: dict[str, Any]) -> None:
        await self._session.execute(memos.insert().values(row))

    async def get(self, memo_id: UUID) -> Any | None:
        return (await self._session.execute(select(memos).where(memos.c.id == memo_id))).first()
