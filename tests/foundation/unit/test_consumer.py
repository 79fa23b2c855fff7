"""EventConsumer decisions, with fakes for the unit of work and the dead-letter sink:
which failures are dead-lettered at once, which are waited out, how a batch isolates a
poison record, and what a tolerant reader skips. (Delivery over a real broker is proven
in the integration and fault tiers.)"""

from __future__ import annotations

from uuid import uuid4

from shared.contract.cloudevents import from_kafka, to_kafka
from shared.contract.inventory import NoodsteunpuntRegistered
from shared.messaging.consumer import Batchable, EventConsumer, Outcome, PermanentError
from shared.messaging.failures import Failure
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

    def seal(self) -> None:
        pass

    async def claim(self, consumer, event) -> bool:
        key = (consumer, event.id)
        if key in self.store.claimed:
            return False
        self.pending.append(key)
        return True

    async def claim_many(self, consumer, events) -> set:
        return {event.id for event in events if await self.claim(consumer, event)}

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
        self.failures: list[Failure] = []

    async def send(self, record, verdict) -> None:
        self.letters.append((record, verdict.reason, verdict.attempts))
        self.failures.append(verdict.failure)


def registered(name="Sporthal De Rusheuvel"):
    return NoodsteunpuntRegistered(
        source="/weerbaar/inventory",
        subject="noodsteunpunt/1",
        region_code="VR21",
        municipality_code="GM0828",
        noodsteunpunt_id=uuid4(),
        name=name,
        layer="local",
    )


def record_of(event=None, value=None, offset=7, headers=None) -> ReceivedRecord:
    kafka = to_kafka(event or registered())
    return ReceivedRecord(kafka.topic, 0, offset, kafka.key, value if value is not None else kafka.value,
                          tuple(headers if headers is not None else kafka.headers))


def consumer_with(handler, attempts=3, database_answers=None, **settings) -> tuple[EventConsumer, Store, FakeSink]:
    store, sink = Store(), FakeSink()
    config = ConsumerSettings(max_attempts=attempts, first_backoff_seconds=0.001, max_backoff_seconds=0.002, **settings)
    consumer = EventConsumer("test.feed", ["weerbaar.inventory.events"], {NoodsteunpuntRegistered.TYPE: handler},
                             lambda: FakeUnitOfWork(store), sink, config, "test", database_answers)
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


async def test_an_infrastructure_failure_is_waited_out_however_long_it_lasts_and_never_dead_lettered():
    calls = []

    async def database_away(event, uow):
        calls.append(1)
        if len(calls) < 12:  # far more than max_attempts
            raise ConnectionRefusedError("database restarting")

    consumer, store, sink = consumer_with(database_away, attempts=3)
    assert await consumer.process(record_of()) is Outcome.APPLIED
    assert len(calls) == 12 and store.commits == 1 and not sink.letters
    assert not consumer.progress.stalled() and consumer.progress.stalled_reason is None


async def test_while_waiting_the_consumer_shows_as_stalled_with_the_reason():
    seen = []

    async def database_away(event, uow):
        seen.append(consumer.progress.stalled_reason)
        if len(seen) < 3:
            raise ConnectionRefusedError("database restarting")

    consumer, _, _ = consumer_with(database_away)
    await consumer.process(record_of())
    assert seen[0] is None and "infrastructure" in seen[2] and "database restarting" in seen[2]
    assert consumer.progress.stalled_reason is None, "moving again once applied"


async def test_an_unexpected_error_is_retried_then_dead_lettered_as_a_bug_when_the_database_answers():
    calls = []

    async def broken(event, uow):
        calls.append(event.id)
        raise KeyError("a bug in the handler")

    async def database_answers():
        return True

    consumer, store, sink = consumer_with(broken, attempts=2, database_answers=database_answers)
    assert await consumer.process(record_of()) is Outcome.DEAD_LETTERED
    (_, reason, attempts), = sink.letters
    assert attempts == 2 and "a bug in the handler" in reason and sink.failures == [Failure.BUG]
    assert len(calls) == 2, "max_attempts attempts in all, the first (run without the retry machinery) included"
    assert store.commits == 0


async def test_an_unexpected_error_while_the_database_is_away_is_waited_out():
    calls, probes = [], []

    async def broken_while_down(event, uow):
        calls.append(1)
        if len(calls) < 5:
            raise RuntimeError("unrecognised driver failure")

    async def database_answers():
        probes.append(1)
        return False

    consumer, store, sink = consumer_with(broken_while_down, attempts=2, database_answers=database_answers)
    assert await consumer.process(record_of()) is Outcome.APPLIED
    assert probes and not sink.letters and store.commits == 1


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
    assert len(calls) == 1 and sink.failures == [Failure.UNSTORABLE] and "invalid byte sequence" in sink.letters[0][1]


async def test_a_batch_is_applied_in_one_transaction():
    applied = []

    async def handler(event, uow):
        applied.append(event.id)

    consumer, store, sink = consumer_with(handler)
    records = [record_of(registered(f"Buurthuis {n}"), offset=n) for n in range(5)]
    assert await consumer.process_batch(records) == [Outcome.APPLIED] * 5
    assert len(applied) == 5 and store.commits == 1


async def test_a_poison_record_in_a_batch_is_dead_lettered_alone_and_the_rest_applied():
    events = [registered(f"Buurthuis {n}") for n in range(5)]
    poison = events[2].id

    async def handler(event, uow):
        if event.id == poison:
            raise PermanentError("never registered")

    consumer, store, sink = consumer_with(handler)
    records = [record_of(e, offset=n) for n, e in enumerate(events)]
    outcomes = await consumer.process_batch(records)
    assert outcomes == [Outcome.APPLIED, Outcome.APPLIED, Outcome.DEAD_LETTERED, Outcome.APPLIED, Outcome.APPLIED]
    assert [r.offset for r, _, _ in sink.letters] == [2]
    assert {event_id for _, event_id in store.claimed} == {e.id for e in events} - {poison}


async def test_a_record_over_the_size_limit_is_refused_before_decoding():
    async def handler(event, uow):
        raise AssertionError("must not be called")

    consumer, _, sink = consumer_with(handler, max_record_bytes=1024)
    big = record_of(value=b"x" * 2000)
    assert await consumer.process(big) is Outcome.DEAD_LETTERED
    assert sink.failures == [Failure.TOO_LARGE] and "over this consumer's limit" in sink.letters[0][1]


async def test_a_known_type_with_an_unknown_field_is_applied():
    applied = []

    async def handler(event, uow):
        applied.append(event.name)

    consumer, _, sink = consumer_with(handler)
    kafka = to_kafka(registered("Dorpshuis"))
    value = kafka.value.replace(b"{", b'{"added_in_a_later_minor":{"nested":true},', 1)
    assert await consumer.process(record_of(value=value)) is Outcome.APPLIED
    assert applied == ["Dorpshuis"] and not sink.letters


async def test_an_unknown_type_is_skipped_without_decoding():
    async def handler(event, uow):
        raise AssertionError("must not be called")

    consumer, _, sink = consumer_with(handler)
    headers = [(k, b"inventory.thing.invented_later.v1" if k == "ce_type" else v) for k, v in to_kafka(registered()).headers]
    assert await consumer.process(record_of(value=b"not even json", headers=headers)) is Outcome.IGNORED
    assert not sink.letters


async def test_a_replay_for_another_consumer_is_skipped_and_one_for_this_consumer_applied():
    applied = []

    async def handler(event, uow):
        applied.append(event.id)

    consumer, _, _ = consumer_with(handler)
    event = registered()
    headers = list(to_kafka(event).headers)
    assert await consumer.process(record_of(event, headers=headers + [("dlq_replay_for", b"other.consumer")])) is Outcome.IGNORED
    assert await consumer.process(record_of(event, headers=headers + [("dlq_replay_for", b"test.feed")])) is Outcome.APPLIED
    assert applied == [event.id]


async def test_consecutive_events_of_a_batchable_type_are_applied_in_one_call_and_redeliveries_skipped():
    calls = []

    async def one(event, uow):
        calls.append([event.id])

    async def many(events, uow):
        calls.append([e.id for e in events])

    consumer, store, sink = consumer_with(None)
    consumer.handlers[NoodsteunpuntRegistered.TYPE] = Batchable(one, many)
    events = [registered(f"Buurthuis {n}") for n in range(4)]
    already = events[1]
    store.claimed.add(("test.feed", already.id))
    records = [record_of(e, offset=n) for n, e in enumerate(events)] + [record_of(events[3], offset=4)]
    outcomes = await consumer.process_batch(records)
    assert outcomes == [Outcome.APPLIED, Outcome.DUPLICATE, Outcome.APPLIED, Outcome.APPLIED, Outcome.DUPLICATE]
    assert calls == [[events[0].id], [events[2].id, events[3].id]], "runs split at the redelivery, in order"


async def test_two_consumers_of_one_record_decode_it_once_and_other_bytes_at_its_offset_anew(monkeypatch):
    import shared.messaging.consumer as engine

    decoded, seen = [], []

    def counting(value, headers, tolerant=False):
        decoded.append(value)
        return from_kafka(value, headers, tolerant=tolerant)

    async def remember(event, uow):
        seen.append(event)

    monkeypatch.setattr(engine, "from_kafka", counting)
    feed, _, _ = consumer_with(remember)
    alerts, _, _ = consumer_with(remember)
    record = record_of(offset=4242)
    assert await feed.process(record) is Outcome.APPLIED and await alerts.process(record) is Outcome.APPLIED
    assert len(decoded) == 1 and seen[0] is seen[1], "the second consumer took the first one's event"

    other = registered("Bibliotheek")
    assert await alerts.process(record_of(other, offset=4242)) is Outcome.APPLIED
    assert len(decoded) == 2 and seen[2].name == "Bibliotheek", "same offset, other bytes (a recreated topic): decoded"
