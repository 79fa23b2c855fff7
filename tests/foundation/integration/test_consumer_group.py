"""Two instances of one service share its consumer groups: a second instance joining
while the first applies a backlog takes over partitions (a rebalance: the revoked
partitions' work in hand is settled and committed first), every event is applied exactly
once, in order per region; one relay leads; and the first instance stopping hands all
partitions back without loss."""

from __future__ import annotations

from collections import defaultdict

import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import select

from services.notify.adapters.tables import feed_items
from shared.contract.cloudevents import to_kafka
from shared.contract.inventory import NoodsteunpuntRegistered
from shared.messaging.kafka_clients import client_options
from tests.support.events import registrations
from tests.support.polling import eventually
from tests.support.running import run_service

pytestmark = pytest.mark.asyncio(loop_scope="session")
EVENTS = 300


def backlog() -> list[NoodsteunpuntRegistered]:
    """Registrations over five regions (several partitions)."""
    places = [("VR21", "GM0828"), ("VR01", "GM0014"), ("VR13", "GM0363"), ("VR17", "GM0599"), ("VR09", "GM0344")]
    return registrations(EVENTS, places, "Groep")


async def produce(kafka_settings, events) -> None:
    producer = AIOKafkaProducer(**client_options(kafka_settings), acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for event in events:
            record = to_kafka(event)
            await producer.send(record.topic, value=record.value, key=record.key, headers=record.headers)
        await producer.flush()
    finally:
        await producer.stop()


async def test_a_second_instance_shares_the_work_and_every_event_is_applied_once_in_order(postgres, kafka_settings):
    postgres.create_database("group_notify")
    url = postgres.url("group_notify")
    events = backlog()
    subjects = {e.subject for e in events}

    async def applied(service) -> list:
        async with service.session_factory() as session:
            rows = await session.execute(select(feed_items.c.subject, feed_items.c.region_code).order_by(feed_items.c.id))
            return [r for r in rows if r.subject in subjects]

    async with run_service("notify", url, kafka_settings) as first:
        await produce(kafka_settings, events)
        async with run_service("notify", url, kafka_settings) as second:
            feed_of = lambda running: next(c for c in running.service.consumers if c.name == "notify.feed")  # noqa: E731
            await eventually(lambda: _has_partitions(feed_of(second)), 30, what="the second instance got partitions")
            assert [first.service.relay.is_leader, second.service.relay.is_leader].count(True) == 1, "one relay leads"
            rows = await eventually(lambda: _all(applied(first.service), EVENTS), 60, what="every event applied")
        assert len(rows) == EVENTS and len({r.subject for r in rows}) == EVENTS, "each event exactly once"
        by_region = defaultdict(list)
        for row in rows:
            by_region[row.region_code].append(row.subject)
        for region, applied_order in by_region.items():
            assert applied_order == [e.subject for e in events if e.region_code == region], f"order of {region}"


async def _has_partitions(consumer) -> bool:
    return bool(consumer.assignment())


async def _all(rows_coro, count):
    rows = await rows_coro
    return rows if len(rows) >= count else None
