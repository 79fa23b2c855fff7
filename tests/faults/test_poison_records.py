"""Poison records of each kind on a real broker, read by every consumer of the inventory
topic (funding.pilots, campaign.noodsteunpunten, notify.feed):

* unreadable, schema-invalid, rule-breaking, unstorable and oversized records are
  dead-lettered at once, each with its reason class, and every consumer moves on;
* a record of 1,048,000 bytes (just under the broker's limit) is stored truncated in the
  dead-letter topic, and the next valid record of another region is applied within 5 s;
* a known type with an extra field is applied, an unknown type skipped: neither is ever
  dead-lettered (tolerant reader);
* a replayed dead letter is applied by the consumer that failed and skipped by the others.
"""

from __future__ import annotations

import json
import time
from uuid import UUID, uuid4

import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from sqlalchemy import func, select

from services.campaign.adapters.tables import known_noodsteunpunten
from services.notify.adapters.tables import feed_items
from shared.contract.cloudevents import to_kafka
from shared.contract.inventory import NoodsteunpuntRegistered, NoodsteunpuntUpdated
from shared.contract.topics import event_topic
from shared.messaging.dead_letter_cli import list_dead_letters, replay
from shared.messaging.kafka_clients import client_options
from tests.faults.checks import header, read_all
from tests.support.polling import eventually
from tests.support.running import run_service

pytestmark = pytest.mark.asyncio(loop_scope="session")
TOPIC = event_topic("inventory")
JUST_UNDER_THE_BROKERS_LIMIT = 1_048_000


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def consumers(postgres, kafka_settings):
    for name in ("funding", "campaign", "notify"):
        postgres.create_database(f"poison_{name}")
    # Only what this module produces: the consumers start at the topics' end.
    async with run_service("funding", postgres.url("poison_funding"), kafka_settings, from_the_end=True) as funding, \
            run_service("campaign", postgres.url("poison_campaign"), kafka_settings, from_the_end=True) as campaign, \
            run_service("notify", postgres.url("poison_notify"), kafka_settings, from_the_end=True) as notify:
        yield {"funding": funding, "campaign": campaign, "notify": notify}


def registered(region="VR21", gemeente="GM0828", name="Sporthal De Rusheuvel", **extra) -> NoodsteunpuntRegistered:
    nsp_id = uuid4()
    return NoodsteunpuntRegistered(source="/weerbaar/inventory", subject=f"noodsteunpunt/{nsp_id}", region_code=region,
                                   municipality_code=gemeente, noodsteunpunt_id=nsp_id, name=name, layer="local", **extra)


def with_header(headers, name, value: bytes):
    return [(k, v) for k, v in headers if k != name] + [(name, value)]


async def send_all(kafka_settings, records) -> None:
    producer = AIOKafkaProducer(**client_options(kafka_settings), acks="all", enable_idempotence=True,
                                max_request_size=2 * 1024 * 1024)
    await producer.start()
    try:
        for value, key, headers in records:
            await producer.send_and_wait(TOPIC, value=value, key=key, headers=headers)
    finally:
        await producer.stop()


async def in_feed(notify, event_id) -> int:
    async with notify.service.session_factory() as session:
        return await session.scalar(select(func.count()).select_from(feed_items).where(feed_items.c.event_id == event_id))


async def known(campaign, nsp_id) -> int:
    async with campaign.service.session_factory() as session:
        query = select(func.count()).select_from(known_noodsteunpunten).where(known_noodsteunpunten.c.id == nsp_id)
        return await session.scalar(query)


async def test_poison_records_are_dead_lettered_alone_and_every_consumer_moves_on(consumers, kafka_settings):
    campaign, notify = consumers["campaign"], consumers["notify"]
    template = to_kafka(registered())
    ids = {kind: str(uuid4()) for kind in ("unreadable", "invalid", "too_large")}
    invalid_value = json.loads(template.value)
    del invalid_value["name"]
    never_registered = NoodsteunpuntUpdated(
        source="/weerbaar/inventory", subject="noodsteunpunt/x", region_code="VR21", municipality_code="GM0828",
        noodsteunpunt_id=uuid4(), name="Nooit geregistreerd", layer="local")
    unstorable = registered(name="Buurthuis\u0000Oss")
    extra_field = to_kafka(registered(name="Dorpshuis met een nieuw veld"))
    extra_value = extra_field.value.replace(b"{", b'{"added_in_v1_later":{"optional":true},', 1)
    unknown_type = with_header(to_kafka(registered()).headers, "ce_type", b"inventory.thing.invented_later.v1")
    after_in_other_region, after_in_same_region = registered("VR01", "GM0014", "Na de grote"), registered(name="Daarna")
    rule = to_kafka(never_registered)
    store = to_kafka(unstorable)

    await send_all(kafka_settings, [
        (b"{not json", template.key, with_header(template.headers, "ce_id", ids["unreadable"].encode())),
        (json.dumps(invalid_value).encode(), template.key, with_header(template.headers, "ce_id", ids["invalid"].encode())),
        (rule.value, rule.key, rule.headers),
        (store.value, store.key, store.headers),
        (extra_value, extra_field.key, extra_field.headers),
        (b"\xff not even json", template.key, unknown_type),
    ])
    huge_headers = with_header(template.headers, "ce_id", ids["too_large"].encode())
    await send_all(kafka_settings, [(sized(JUST_UNDER_THE_BROKERS_LIMIT, template.key, huge_headers), template.key, huge_headers)])
    huge_sent = time.monotonic()
    other, same = to_kafka(after_in_other_region), to_kafka(after_in_same_region)
    await send_all(kafka_settings, [(other.value, other.key, other.headers), (same.value, same.key, same.headers)])

    await eventually(lambda: in_feed(notify, after_in_other_region.id), 10, what="notify applies the next record")
    await eventually(lambda: known(campaign, after_in_other_region.noodsteunpunt_id), 10, what="campaign applies it")
    assert time.monotonic() - huge_sent < 5, "the record of another region was applied within 5 s of the huge one"
    await eventually(lambda: in_feed(notify, after_in_same_region.id), 10, what="the same region moves on too")
    assert await in_feed(notify, UUID(extra_field_id(extra_field))) == 1, "the known type with an extra field is applied"

    expected = {
        "campaign": {ids["unreadable"]: "unreadable", ids["invalid"]: "invalid", str(never_registered.id): "rule_broken",
                     str(unstorable.id): "unstorable", ids["too_large"]: "too_large"},
        "notify": {ids["unreadable"]: "unreadable", ids["invalid"]: "invalid", str(unstorable.id): "unstorable",
                   ids["too_large"]: "too_large"},
    }
    for service, kinds in expected.items():
        letters = await eventually(lambda: _letters(kafka_settings, service, set(kinds)), 15, what=f"{service} dead letters")
        assert {i: header(r, "dlq_reason_class") for i, r in letters.items()} == kinds
        big = letters[ids["too_large"]]
        assert header(big, "dlq_truncated") == "true" and int(header(big, "dlq_original_bytes")) == JUST_UNDER_THE_BROKERS_LIMIT
        assert len(big.value) <= 16 * 1024
    never = {extra_field_id(extra_field), header_of(unknown_type, "ce_id"), str(after_in_other_region.id)}
    for service in ("funding", "campaign", "notify"):
        parked = {header(r, "ce_id") for r in await read_all(kafka_settings, f"weerbaar.{service}.deadletter")}
        assert not parked & never, f"{service} dead-lettered a readable record"


async def test_a_replay_reaches_only_the_consumer_that_failed(consumers, kafka_settings):
    campaign, notify = consumers["campaign"], consumers["notify"]
    nsp = registered(name="Eerst onbekend")
    update = NoodsteunpuntUpdated(source="/weerbaar/inventory", subject=nsp.subject, region_code="VR21",
                                  municipality_code="GM0828", noodsteunpunt_id=nsp.noodsteunpunt_id, name="Later bekend",
                                  layer="local")
    early = to_kafka(update)
    await send_all(kafka_settings, [(early.value, early.key, early.headers)])  # campaign: never registered -> dead letter
    letters = await eventually(lambda: _letters(kafka_settings, "campaign", {str(update.id)}), 15, what="dead letter")
    registration = to_kafka(nsp)
    await send_all(kafka_settings, [(registration.value, registration.key, registration.headers)])
    await eventually(lambda: known(campaign, nsp.noodsteunpunt_id), 10, what="registration applied")
    feed = next(c for c in notify.service.consumers if c.name == "notify.feed")
    ignored_before = feed.progress.outcomes.get("ignored", 0)
    duplicates_before = feed.progress.outcomes.get("duplicate", 0)

    listed = [d for d in await list_dead_letters(kafka_settings, "campaign") if d.header("ce_id") == str(update.id)]
    await replay(kafka_settings, "campaign", {listed[0].offset})

    async def renamed() -> bool:
        async with campaign.service.session_factory() as session:
            query = select(known_noodsteunpunten.c.name).where(known_noodsteunpunten.c.id == nsp.noodsteunpunt_id)
            return await session.scalar(query) == "Later bekend"

    await eventually(renamed, 10, what="campaign applies the replayed update")
    await eventually(lambda: _counted(feed, "ignored", ignored_before + 1), 10, what="notify skips the replay")
    assert feed.progress.outcomes.get("duplicate", 0) == duplicates_before, "notify did not even look it up"
    assert letters


async def _counted(consumer, outcome, at_least) -> bool:
    return consumer.progress.outcomes.get(outcome, 0) >= at_least


async def _letters(kafka_settings, service, event_ids: set[str]):
    found = {header(r, "ce_id"): r for r in await read_all(kafka_settings, f"weerbaar.{service}.deadletter")}
    chosen = {i: r for i, r in found.items() if i in event_ids}
    return chosen if len(chosen) == len(event_ids) else None


def sized(total: int, key: bytes, headers) -> bytes:
    """A JSON value that makes the record (key, value and headers) exactly ``total`` bytes."""
    rest = len(key) + sum(len(k) + len(v) for k, v in headers) + len(b'{"padding":""}')
    return json.dumps({"padding": "x" * (total - rest)}, separators=(",", ":")).encode()


def header_of(headers, name) -> str:
    return next(v.decode() for k, v in headers if k == name)


def extra_field_id(record) -> str:
    return header_of(record.headers, "ce_id")
