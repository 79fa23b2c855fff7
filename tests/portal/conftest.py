"""One platform (four services with the demo data, and the portal) and one browser for each
test module: browser tests are slow on two cores, so pages share them."""

from __future__ import annotations

import pytest_asyncio

from tests.portal.browser import chromium
from tests.portal.platform import running_platform


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def platform(postgres, kafka_settings, request):
    prefix = f"portal_{request.module.__name__.rsplit('.', 1)[-1]}"
    async with running_platform(postgres, kafka_settings, prefix) as running:
        yield running


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def browser():
    async with chromium() as launched:
        yield launched
