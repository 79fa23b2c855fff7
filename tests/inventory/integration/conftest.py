"""The inventory service running for real: its own fresh database per test module, the real Kafka."""

from __future__ import annotations

from uuid import uuid4

import pytest_asyncio
from sqlalchemy import select

from services.inventory.adapters.tables import metadata
from tests.support.running import run_service


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def inventory(request, postgres, kafka_settings):
    # A new name per run: also against a long-lived server (or a parallel run) each module starts empty.
    module = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    database = f"inventory_{module}_{uuid4().hex[:8]}"
    postgres.create_database(database)
    async with run_service("inventory", postgres.url(database), kafka_settings) as running:
        yield running


async def snapshot(inventory) -> dict[str, object]:
    """Every row of every table (outbox included), to prove a refused request changed nothing.
    Not the inbox: the service's consumer applies funding's events whenever they come. Not
    the outbox's pending ids: the relay publishes on its own time."""
    state = {}
    async with inventory.service.session_factory() as session:
        for table in metadata.sorted_tables:
            if table.name in ("inbox", "outbox_pending"):
                continue
            rows = (await session.execute(select(table))).all()
            state[table.name] = sorted(repr(tuple(r)) for r in rows)
    return state
