"""The two services of the thin slice, running for real, shared by this folder's tests."""

from __future__ import annotations

import pytest_asyncio

from tests.support.running import run_service


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def inventory(postgres, kafka_settings):
    postgres.create_database("foundation_inventory")
    async with run_service("inventory", postgres.url("foundation_inventory"), kafka_settings) as running:
        yield running


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def notify(postgres, kafka_settings):
    postgres.create_database("foundation_notify")
    async with run_service("notify", postgres.url("foundation_notify"), kafka_settings) as running:
        yield running
