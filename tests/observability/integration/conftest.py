"""Inventory and notify running for real (Kafka, PostgreSQL, uvicorn), once for this folder
(tests/observability/outage runs a pair of its own, on a broker of its own that it takes down).
"""

from __future__ import annotations

import pytest
import pytest_asyncio

from tests.observability.running import inventory_and_notify
from tests.support.running import RunningService


@pytest_asyncio.fixture(scope="package", loop_scope="session")
async def services(postgres, kafka_settings):
    async with inventory_and_notify(postgres, kafka_settings, "observability") as pair:
        yield pair


@pytest.fixture
def inventory(services) -> RunningService:
    return services[0]


@pytest.fixture
def notify(services) -> RunningService:
    return services[1]
