"""The campaign service, running for real once per module that asks for it."""

from __future__ import annotations

import pytest_asyncio

from tests.campaign.integration.helpers import unique_database
from tests.support.running import run_service


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def campaign(postgres, kafka_settings, request):
    database = unique_database(f"campaign_{request.module.__name__.rsplit('.', 1)[-1].removeprefix('test_')}")
    postgres.create_database(database)
    async with run_service("campaign", postgres.url(database), kafka_settings) as running:
        yield running
