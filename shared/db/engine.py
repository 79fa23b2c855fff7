"""Async SQLAlchemy engine and session factory, built by a composition root.

No ``pool_pre_ping``: a round trip on every checkout costs every request. A connection
that died (the server restarted) fails when it is used; SQLAlchemy recognises the
disconnect and invalidates the whole pool, so only the work in hand fails, as an
infrastructure error that consumers and the relay retry and HTTP answers as such.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from shared.settings import DatabaseSettings


def create_engine(settings: DatabaseSettings) -> AsyncEngine:
    return create_async_engine(
        settings.url,
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
        echo=settings.echo,
        pool_timeout=settings.connect_timeout_seconds * 2,
        connect_args={"timeout": settings.connect_timeout_seconds},
    )


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: handlers read results after the unit of work commits.
    return async_sessionmaker(engine, expire_on_commit=False)
