"""An integrator who joins after the fact: a consumer group started after the demo, from
offset 0, sees every event the demo produced (topics keep their history)."""

from __future__ import annotations

import asyncio
from uuid import uuid4

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer
from sqlalchemy import func, select

from services.inventory.demo import run_demo
from shared.contract.topics import EVENT_TOPIC_PARTITIONS, event_topic
from shared.messaging.kafka_clients import client_options
from tests.contract.kafka_admin import first_offsets
from tests.support.polling import eventually
from tests.support.running import run_service

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def inventory(postgres, kafka_settings):
    database = f"inventory_replay_{uuid4().hex[:8]}"
    postgres.create_database(database)
    async with run_service("inventory", postgres.url(database), kafka_settings) as running:
        yield running


async def published_event_ids(inventory) -> set[str] | None:
    """Every event id the service produced, once the relay has published all of them."""
    tables = inventory.service.tables
    async with inventory.service.session_factory() as session:
        waiting = await session.scalar(select(func.count()).select_from(tables.pending))
        ids = (await session.scalars(select(tables.outbox.c.event_id))).all()
    return None if waiting else {str(i) for i in ids}


async def read_as_new_group(kafka_settings, topic: str, wanted: set[str], timeout: float = 60.0) -> list[str]:
    """What a consumer group that never read before gets from the earliest offset, until ``wanted`` is seen."""
    consumer = AIOKafkaConsumer(
        topic, **client_options(kafka_settings), group_id=f"late-integrator.{uuid4().hex[:8]}",
        auto_offset_reset="earliest", enable_auto_commit=False,
    )
    await consumer.start()
    try:
        seen: list[str] = []
        deadline = asyncio.get_running_loop().time() + timeout
        while not wanted <= set(seen) and asyncio.get_running_loop().time() < deadline:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                seen += [dict(r.headers).get("ce_id", b"").decode() for r in records]
        return seen
    finally:
        await consumer.stop()


async def test_a_group_started_after_the_demo_sees_every_event_from_offset_0(inventory, kafka_settings):
    await run_demo(lambda: httpx.AsyncClient(base_url=inventory.api_url, timeout=30.0), lambda line: None)
    produced = await eventually(lambda: published_event_ids(inventory), 60, what="the outbox drained")
    assert len(produced) > 50  # the round, 22 noodsteunpunten, 11 submissions, two pilots, the closing

    seen = await read_as_new_group(kafka_settings, event_topic("inventory"), produced)

    assert produced - set(seen) == set(), f"{len(produced - set(seen))} of {len(produced)} events not replayed"
    # Nothing was ever deleted from the topic: every partition still starts at offset 0.
    assert set((await first_offsets(kafka_settings, event_topic("inventory"), EVENT_TOPIC_PARTITIONS)).values()) == {0}
