"""Persistence of the standard's versions; version 1 is the default shipped in data/."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.inventory.adapters.tables import standards
from services.inventory.domain.standard import Standard


@cache
def default_standard() -> Standard:
    text = resources.files("services.inventory").joinpath("data", "maatstaf_v1.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return Standard.parse(document["version"], document["criteria"])


class StandardRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def current(self) -> Standard:
        row = (await self._session.execute(select(standards).order_by(standards.c.version.desc()).limit(1))).first()
        return Standard.parse(row.version, row.criteria) if row else default_standard()

    async def get(self, version: int) -> Standard | None:
        if version == default_standard().version:
            return default_standard()
        row = (await self._session.execute(select(standards).where(standards.c.version == version))).first()
        return Standard.parse(row.version, row.criteria) if row else None

    async def next_version(self) -> int:
        # Serialise publishers: two at once must not both take the same number.
        await self._session.execute(select(func.pg_advisory_xact_lock(0x4D414154)))
        highest = await self._session.scalar(select(func.max(standards.c.version)))
        return max(highest or 0, default_standard().version) + 1

    async def add(self, standard: Standard, published_by: str) -> None:
        criteria = [c.model_dump(mode="json") for c in standard.criteria]
        await self._session.execute(standards.insert().values(version=standard.version, criteria=criteria, published_by=published_by))
