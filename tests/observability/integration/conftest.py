"""Inventory and notify running for real (Kafka, PostgreSQL, uvicorn), once for this folder.

Notify's consumers start at the topics' end, so they do not first work through what other
test folders left on the shared broker; the fixture returns once a fresh event arrives.
"""

from __future__ import annotations

import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.observability.integration.support import until_consumers_listen
from tests.support.running import run_service


async def fresh_database(postgres, name: str, schema: str) -> str:
    """A rerun against a long-lived server starts from nothing too."""
    postgres.create_database(name)
    engine = create_async_engine(postgres.url(name))
    async with engine.begin() as connection:
        await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    await engine.dispose()
    return postgres.url(name)


def from_the_end(settings):
    settings.kafka.auto_offset_reset = "latest"
    return settings


@pytest_asyncio.fixture(scope="package", loop_scope="session")
async def inventory(postgres, kafka_settings):
    url = await fresh_database(postgres, "observability_inventory", "inventory")
    async with run_service("inventory", url, kafka_settings) as running:
        yield running


@pytest_asyncio.fixture(scope="package", loop_scope="session")
async def notify(postgres, kafka_settings, inventory):
    url = await fresh_database(postgres, "observability_notify", "notify")
    async with run_service("notify", url, kafka_settings, adjust=from_the_end) as running:
        await until_consumers_listen(inventory, running)
        yield running
