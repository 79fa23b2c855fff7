"""EventConsumer decisions, with fakes for the unit of work and the dead-letter sink.
(Delivery over a real broker is proven in the integration tier.)"""

from __future__ import annotations

from uuid import uuid4

import pytest

from shared.contract.cloudevents import to_kafka
from shared.contract.inventory import NoodsteunpuntRegistered
from shared.messaging.consumer import EventConsumer, Outcome, PermanentError
from shared.messaging.records import ReceivedRecord
from shared.settings import ConsumerSettings


class FakeUnitOfWork:

    def __init__(self, store: "Store") -> None:
        self.store = store

    async def __aenter__(self):
        self.pending: list = []
        return self

    async def __aexit__(self, *exc):
        return None

    def caused_by(self, event) -> None:
        self.cause = event.id

    async def claim(self, consumer, event) -> bool:
        key = (consumer, event.id)
        if key in self.store.claimed:
            return False
        self.pending.append(key)
        return True

    async def commit(self) -> None:
        self.store.claimed.update(self.pending)
        self.store.commits += 1


class Store:
    def __init__(self) -> None:
        self.claimed: set = set()
        self.commits = 0


class FakeSink:
    def __init__(self) -> None:
        self.letters: list[tuple[ReceivedRecord, str, int]] = []

    async def send(self, record, consumer, reason, attempts) -> None:
        self.letters.append((record, reason, attempts))


def record_of(event=None, value=None) -> ReceivedRecord:
    event = event or NoodsteunpuntRegistered(
        source="/weerbaar/inventory",
        subject="noodsteunpunt/1",
        region_code="VR21",
        municipality_code="GM0828",
        noodsteunpunt_id=uuid4(),
        name="Sporthal De Rusheuvel",
        layer="local",
    )
    kafka = to_kafka(event)
    return ReceivedRecord(kafka.topic, 0, 7, kafka.key, value if value is not None else kafka.value, tuple(kafka.headers))


def consumer_with(handler, attempts=3) -> tuple[EventConsumer, Store, FakeSink]:
    store, sink = Store(), FakeSink()
    settings = ConsumerSettings(max_attempts=attempts, first_backoff_seconds=0.001, max_backoff_seconds=0.002)
    consumer = EventConsumer("test.feed", ["weerbaar.inventory.events"], {NoodsteunpuntRegistered.TYPE: handler}, lambda: FakeUnitOfWork(store), sink, settings)
    return consumer, store, sink


async def test_an_event_applies_once_and_its_redelivery_is_a_duplicate():
    applied = []

    async def handler(event, uow):
        applied.append(event.id)

    consumer, store, sink = consumer_with(handler)
    record = record_of()
    assert await consumer.process(record) is Outcome.APPLIED
    assert await consumer.process(record) is Outcome.DUPLICATE
    assert len(applied) == 1 and store.commits == 1 and not sink.letters


async def test_a_transient_failure_is_retried_then_applied():
    calls = []

    async def flaky(event, uow):
        calls.append(1)
        if len(calls) < 3:
            raise ConnectionError("database restarting")

    consumer, store, sink = consumer_with(flaky, attempts=3)
    assert await consumer.process(record_of()) is Outcome.APPLIED
    assert len(calls) == 3 and store.commits == 1 and not sink.letters


async def test_a_failure_that_persists_is_dead_lettered_with_attempts_and_reason():
    async def broken(event, uow):
        raise ConnectionError("still down")

    consumer, store, sink = consumer_with(broken, attempts=2)
    assert await consumer.process(record_of()) is Outcome.DEAD_LETTERED
    (_, reason, attempts), = sink.letters
    assert attempts == 2 and "still down" in reason and "after 2 attempts" in reason
    assert store.commits == 0


async def test_a_permanent_error_is_dead_lettered_at_once():
    calls = []

    async def refuses(event, uow):
        calls.append(1)
        raise PermanentError("municipality unknown here")

    consumer, _, sink = consumer_with(refuses, attempts=5)
    assert await consumer.process(record_of()) is Outcome.DEAD_LETTERED
    assert len(calls) == 1 and "municipality unknown here" in sink.letters[0][1]


async def test_unreadable_bytes_are_dead_lettered_with_the_original_value():
    async def handler(event, uow):
        raise AssertionError("must not be called")

    consumer, _, sink = consumer_with(handler)
    assert await consumer.process(record_of(value=b"\xff\xfe not json")) is Outcome.DEAD_LETTERED
    record, reason, _ = sink.letters[0]
    assert record.value == b"\xff\xfe not json" and "UnreadableMessage" in reason


async def test_types_the_consumer_does_not_handle_are_skipped():
    consumer, store, sink = consumer_with(None)
    consumer.handlers.clear()
    assert await consumer.process(record_of()) is Outcome.IGNORED
    assert store.commits == 0 and not sink.letters


class UnstorableValue(Exception):
    sqlstate = "22021"  # PostgreSQL: character_not_in_repertoire, e.g. a NUL in text


async def test_a_value_the_database_cannot_hold_is_dead_lettered_without_retrying():
    calls = []

    async def stores(event, uow):
        calls.append(1)
        raise UnstorableValue("invalid byte sequence")

    consumer, _, sink = consumer_with(stores, attempts=5)
    assert await consumer.process(record_of()) is Outcome.DEAD_LETTERED
    assert len(calls) == 1 and "unstorable value" in sink.letters[0][1]
