"""Consumers on a real broker: a redelivered event is applied once; a malformed or
schema-invalid message lands in the dead-letter topic with its reason and the consumer
goes on; dead letters can be listed and replayed."""

from __future__ import annotations

import json
from uuid import uuid4

import pytest
from sqlalchemy import func, select

from services.notify.adapters.tables import feed_items
from shared.contract.cloudevents import to_kafka
from shared.contract.inventory import NoodsteunpuntRegistered
from shared.messaging.dead_letter_cli import list_dead_letters, replay
from tests.support.kafka import header, produce, produce_event, read_topic
from tests.support.polling import eventually

pytestmark = pytest.mark.asyncio(loop_scope="session")
INVENTORY_TOPIC = "weerbaar.inventory.events"
DEAD_LETTERS = "weerbaar.notify.deadletter"


def registered(name: str) -> NoodsteunpuntRegistered:
    nsp_id = uuid4()
    return NoodsteunpuntRegistered(
        source="/weerbaar/inventory", subject=f"noodsteunpunt/{nsp_id}", region_code="VR21",
        municipality_code="GM0796", noodsteunpunt_id=nsp_id, name=name, layer="local",
    )


async def feed_rows(notify, event_id) -> int:
    async with notify.service.session_factory() as session:
        return await session.scalar(select(func.count()).select_from(feed_items).where(feed_items.c.event_id == event_id))


async def in_feed_once(notify, event_id) -> bool:
    return await feed_rows(notify, event_id) == 1


async def test_the_same_event_delivered_twice_is_applied_once(notify, kafka_settings):
    event, marker = registered("Sporthal De Vliert"), registered("Marker after the duplicate")
    duplicates_before = notify.service.consumers[0].progress.outcomes.get("duplicate", 0)
    await produce_event(kafka_settings, event)
    await produce_event(kafka_settings, event)  # a redelivery, as after a crash before the commit
    await produce_event(kafka_settings, marker)
    await eventually(lambda: in_feed_once(notify, marker.id), what="marker in the feed")
    assert await feed_rows(notify, event.id) == 1
    # (at least: the relay is at least once, so other copies may pass by too)
    assert notify.service.consumers[0].progress.outcomes.get("duplicate", 0) >= duplicates_before + 1


async def test_malformed_and_schema_invalid_messages_are_dead_lettered_and_the_consumer_goes_on(notify, kafka_settings):
    valid = to_kafka(registered("Template"))
    malformed_id, invalid_id = str(uuid4()), str(uuid4())
    malformed_headers = [(k, malformed_id.encode() if k == "ce_id" else v) for k, v in valid.headers]
    invalid_headers = [(k, invalid_id.encode() if k == "ce_id" else v) for k, v in valid.headers]
    invalid_value = json.loads(valid.value)
    del invalid_value["name"]
    after = registered("Applied after the bad ones")

    await produce(kafka_settings, INVENTORY_TOPIC, b"{this is not json", valid.key, malformed_headers)
    await produce(kafka_settings, INVENTORY_TOPIC, json.dumps(invalid_value).encode(), valid.key, invalid_headers)
    await produce_event(kafka_settings, after)

    await eventually(lambda: in_feed_once(notify, after.id), what="the valid event after the bad ones")
    letters = await read_topic(
        kafka_settings, DEAD_LETTERS, until=lambda rs: {malformed_id, invalid_id} <= {header(r, "ce_id") for r in rs}
    )
    by_id = {header(r, "ce_id"): r for r in letters}
    malformed, invalid = by_id[malformed_id], by_id[invalid_id]
    assert malformed.value == b"{this is not json", "the original bytes are kept"
    assert "UnreadableMessage" in header(malformed, "dlq_reason") and "not JSON" in header(malformed, "dlq_reason")
    assert "InvalidEvent" in header(invalid, "dlq_reason") and "name" in header(invalid, "dlq_reason")
    assert header(invalid, "dlq_origin_topic") == INVENTORY_TOPIC
    # Both of notify's consumers of the inventory topic handle registrations: each parks its own copy.
    consumers = {header(r, "dlq_consumer") for r in letters if header(r, "ce_id") == invalid_id}
    assert consumers == {"notify.feed", "notify.public_alerts"}
    assert header(invalid, "ce_type") == "inventory.noodsteunpunt.registered.v1", "the original headers are kept"
    assert invalid.key == b"VR21"

    listed = {d.header("ce_id"): d for d in await list_dead_letters(kafka_settings, "notify")}
    assert "name" in listed[invalid_id].reason

    replayed = await replay(kafka_settings, "notify", {listed[malformed_id].offset})
    assert [d.header("ce_id") for d in replayed] == [malformed_id]
    again = await read_topic(
        kafka_settings, INVENTORY_TOPIC,
        until=lambda rs: [header(r, "ce_id") for r in rs].count(malformed_id) == 2,
    )
    copies = [r for r in again if header(r, "ce_id") == malformed_id]
    assert copies[1].value == b"{this is not json" and header(copies[1], "dlq_reason") is None
