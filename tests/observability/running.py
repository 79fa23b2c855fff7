"""Inventory and notify for the observability tests, each on a fresh database; notify's
consumers start at the topics' end, so they do not first work through what other test
folders left on the shared broker."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.support.running import RunningService, run_service


async def fresh_database(postgres, name: str, schema: str) -> str:
    """A rerun against a long-lived server starts from nothing too."""
    postgres.create_database(name)
    engine = create_async_engine(postgres.url(name))
    async with engine.begin() as connection:
        await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    await engine.dispose()
    return postgres.url(name)


@asynccontextmanager
async def inventory_and_notify(postgres, kafka_settings, prefix: str) -> AsyncIterator[tuple[RunningService, RunningService]]:
    inventory_url = await fresh_database(postgres, f"{prefix}_inventory", "inventory")
    notify_url = await fresh_database(postgres, f"{prefix}_notify", "notify")
    async with (
        run_service("inventory", inventory_url, kafka_settings) as inventory,
        run_service("notify", notify_url, kafka_settings, from_the_end=True) as notify,
    ):
        yield inventory, notify
