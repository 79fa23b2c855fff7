"""Transaction-scoped advisory locks: decisions that read a balance and then write
(commitments, allocation versions) must not interleave for the same region and year."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession


async def lock(session: AsyncSession, *parts: object) -> None:
    name = "funding:" + ":".join(str(p) for p in parts)
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtext(name))))
