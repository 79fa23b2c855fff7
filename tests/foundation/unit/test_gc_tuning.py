"""The service entry point freezes what start-up built, once the service has started."""

from __future__ import annotations

import gc
from contextlib import asynccontextmanager

import pytest

from shared.cli import frozen_after_start


@pytest.mark.asyncio
async def test_the_heap_is_frozen_after_start_and_not_before():
    frozen_during_start = []

    @asynccontextmanager
    async def lifespan(app):
        frozen_during_start.append(gc.get_freeze_count())
        yield {"started": True}

    gc.unfreeze()
    try:
        async with frozen_after_start(lifespan)(object()) as state:
            assert state == {"started": True}
            assert frozen_during_start == [0]
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
