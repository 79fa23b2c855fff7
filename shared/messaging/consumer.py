"""Applies the records of one partition exactly once, in order, a batch at a time.

Per record, from its headers only: a replayed record meant for another consumer is
skipped; the ``ce_type`` header picks the handler, and a type this consumer has no
handler for is acknowledged without decoding (tolerant reader); a record over the size
limit is refused before decoding. What remains is decoded tolerantly (unknown fields
ignored); what cannot be read goes to the dead-letter topic.

The decoded records of a batch are applied in ONE transaction: per record its inbox
claim and its effect (a redelivered event finds its id claimed and changes nothing).
If that transaction fails for a reason other than the infrastructure, the batch is
applied again one record at a time, so a poison record is dead-lettered alone and the
rest applied. How each failure is handled is decided in ``shared.messaging.failures``;
infrastructure failures are retried with backoff for as long as they last, and the
caller (the Kafka engine) commits offsets only past records that were applied or
dead-lettered.
"""

from __future__ import annotations

import enum
import logging
import time
from collections import Counter, OrderedDict
from functools import partial
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, wait_exponential_jitter

from shared.contract.cloudevents import event_type, from_kafka
from shared.contract.envelope import IntegrationEvent
from shared.messaging import dead_letters as dlq
from shared.messaging import tracing
from shared.messaging.dead_letters import DeadLetterSink, Verdict
from shared.messaging.failures import Failure, PermanentError, RecordTooLarge, classify, describe
from shared.messaging.records import ReceivedRecord
from shared.messaging.unit_of_work import UnitOfWork
from shared.observability.metrics import CONSUMER_RECORDS, CONSUMER_STALLED, DEAD_LETTERS
from shared.settings import ConsumerSettings

log = logging.getLogger(__name__)

__all__ = ["Batchable", "EventConsumer", "Handler", "Outcome", "PermanentError", "ConsumerProgress"]

Handler = Callable[[Any, Any], Awaitable[None]]  # (event, unit of work)
Probe = Callable[[], Awaitable[bool]]


@dataclass(frozen=True)
class Batchable:
    """A handler that can also apply a run of consecutive events of its type in one call
    (one query for all instead of one per event). ``many`` must emit no events: the run is
    applied under its last event's cause, so an emitted event would name the wrong cause.
    Called as a plain handler it applies one event (the one-at-a-time fallback)."""

    one: Handler
    many: Callable[[list[Any], Any], Awaitable[None]]

    async def __call__(self, event: Any, uow: Any) -> None:
        await self.one(event, uow)


class Outcome(enum.Enum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    DEAD_LETTERED = "dead_lettered"


@dataclass
class ConsumerProgress:
    """What readiness and operators need: is the consumer moving, or waiting, and why?"""

    started: bool = False
    processed: int = 0
    last_processed_at: float | None = None
    last_error: str | None = None
    outcomes: dict[str, int] = field(default_factory=dict)
    waiting: dict[int, tuple[float, str]] = field(default_factory=dict)  # partition -> (since, reason)

    def record(self, outcome: Outcome, count: int = 1) -> None:
        self.processed += count
        self.last_processed_at = time.time()
        self.outcomes[outcome.value] = self.outcomes.get(outcome.value, 0) + count

    @property
    def failing_since(self) -> float | None:
        return min((since for since, _ in self.waiting.values()), default=None)

    @property
    def stalled_reason(self) -> str | None:
        return next((f"partition {p}: {reason}" for p, (_, reason) in sorted(self.waiting.items())), None)

    def stalled(self, stall_seconds: float = 0.0) -> bool:
        since = self.failing_since
        return since is not None and time.time() - since >= stall_seconds


@dataclass(frozen=True)
class _Work:
    record: ReceivedRecord
    event: IntegrationEvent
    handler: Handler


class EventConsumer:
    def __init__(
        self,
        name: str,
        topics: Sequence[str],
        handlers: Mapping[str, Handler],
        uow_factory: Callable[[], UnitOfWork],
        dead_letters: DeadLetterSink,
        settings: ConsumerSettings,
        service: str = "",
        database_answers: Probe | None = None,
    ) -> None:
        self.name = name
        self.topics = list(topics)
        self.handlers = dict(handlers)
        self.service = service or name.split(".", 1)[0]
        self._uow_factory = uow_factory
        self._dead_letters = dead_letters
        self._settings = settings
        self._database_answers = database_answers
        self.progress = ConsumerProgress()
        # One counter child per outcome, looked up once: ``labels()`` per record costs a lock and a dict walk.
        self._counted = {outcome: CONSUMER_RECORDS.labels(self.service, self.name, outcome.value) for outcome in Outcome}

    @property
    def handled_types(self) -> list[str]:
        return sorted(self.handlers)

    async def process(self, record: ReceivedRecord) -> Outcome:
        (outcome,) = await self.process_batch([record])
        return outcome

    async def process_batch(self, records: Sequence[ReceivedRecord]) -> list[Outcome]:
        """Apply or dead-letter every record (of one partition, in offset order); returns
        their outcomes once all are settled, so the caller may commit past the last."""
        outcomes: dict[int, Outcome] = {}
        work: list[_Work] = []
        for record in records:
            triaged = await self._triage(record)
            if isinstance(triaged, Outcome):
                outcomes[record.offset] = triaged
            else:
                work.append(triaged)
        if work:
            outcomes.update(await self._apply(work))
        return [outcomes[r.offset] for r in records]

    async def _triage(self, record: ReceivedRecord) -> _Work | Outcome:
        try:
            replay_for = record.header(dlq.REPLAY_FOR)
            if replay_for is not None and replay_for != self.name:
                return self._count(Outcome.IGNORED)  # a replay meant for another consumer
            handler = self.handlers.get(event_type(record.headers))
            if handler is None:
                return self._count(Outcome.IGNORED)  # not our business: acknowledged unread
            if record.size > self._settings.max_record_bytes:
                raise RecordTooLarge(f"record of {record.size} bytes is over this consumer's limit of "
                                     f"{self._settings.max_record_bytes}; refused before decoding")
            return _Work(record, _decoded.event(record), handler)
        except Exception as error:
            failure = classify(error)
            if not failure.dead_letter_at_once:
                raise
            return await self._dead_letter(record, failure, describe(error), attempts=1)

    async def _apply(self, work: list[_Work]) -> dict[int, Outcome]:
        if len(work) > 1:
            try:
                outcomes = await self._retrying(partial(self._transaction, work), bug_attempts=1,
                                             partition=work[0].record.partition)
                return {w.record.offset: o for w, o in zip(work, outcomes)}
            except Exception as error:  # one of them cannot be applied: find it, apply the others
                log.info("%s: batch of %d failed (%s); applying one at a time", self.name, len(work), describe(error),
                         extra={"consumer": self.name, "topic": work[0].record.topic, "partition": work[0].record.partition})
        return {w.record.offset: await self._apply_alone(w) for w in work}

    async def _apply_alone(self, work: _Work) -> Outcome:
        while True:
            try:
                (outcome,) = await self._retrying(partial(self._transaction, [work]), self._settings.max_attempts,
                                                  work.record.partition)
                return outcome
            except Exception as error:
                failure = classify(error)
                if failure is Failure.BUG and not await self._infrastructure_answers():
                    continue  # looks like a bug, but the database is away: wait like any outage
                if failure is Failure.BUG:
                    log.error("%s: bug while applying %s; dead-lettering it", self.name, work.event.TYPE,
                              exc_info=error, extra={**work.record.where(), "consumer": self.name})
                attempts = self._settings.max_attempts if failure is Failure.BUG else 1
                return await self._dead_letter(work.record, failure, describe(error), attempts)

    async def _transaction(self, work: list[_Work]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        async with self._uow_factory() as uow:
            fresh = await uow.claim_many(self.name, list({w.event.id: w.event for w in work}.values()))
            for run in _runs(work, fresh):
                if len(run) > 1:
                    await self._apply_run(run, uow)
                    outcomes += [Outcome.APPLIED] * len(run)
                    continue
                (item,) = run
                with tracing.consuming(item.record.topic, partial(self._span_attributes, item.record), item.record.headers):
                    uow.caused_by(item.event)
                    if item.event.id in fresh:
                        fresh.discard(item.event.id)  # a second copy in the same batch is a duplicate
                        await item.handler(item.event, uow)
                        outcomes.append(Outcome.APPLIED)
                    else:
                        outcomes.append(Outcome.DUPLICATE)
                    uow.seal()
            if Outcome.APPLIED in outcomes:  # all duplicates: nothing to keep
                await uow.commit()
        for outcome, count in Counter(outcomes).items():
            self._count(outcome, count)
        return outcomes

    async def _apply_run(self, run: list[_Work], uow: UnitOfWork) -> None:
        """Consecutive fresh events of one batchable type, in one call, in one span per record."""
        first = run[0].record
        def attributes() -> dict[str, Any]:
            return {**self._span_attributes(first), "messaging.batch.message_count": len(run)}

        with tracing.consuming(first.topic, attributes, first.headers, links=[item.record.headers for item in run[1:]]):
            uow.caused_by(run[-1].event)
            await run[0].handler.many([item.event for item in run], uow)  # type: ignore[attr-defined]
            uow.seal()

    async def _retrying(self, attempt: Callable[[], Awaitable[list[Outcome]]], bug_attempts: int,
                        partition: int) -> list[Outcome]:
        """Run ``attempt``; infrastructure failures are retried for as long as they last
        (the partition waits, shown as stalled), a suspected bug ``bug_attempts`` times,
        anything else not at all.

        The first attempt runs bare: the retry machinery is built only once it failed, and
        that failure is handed to it as its own first attempt, so the outcome is the same."""
        try:
            return await attempt()
        except Exception as error:
            first_failure: list[Exception] = [error]

        async def again() -> list[Outcome]:
            if first_failure:
                raise first_failure.pop()
            return await attempt()

        def give_up(state: RetryCallState) -> bool:
            failure = classify(state.outcome.exception())  # type: ignore[union-attr, arg-type]
            if failure is Failure.INFRASTRUCTURE:
                return False
            return failure is not Failure.BUG or state.attempt_number >= bug_attempts

        retrying = AsyncRetrying(
            retry=retry_if_exception_type(Exception),
            stop=give_up,
            wait=wait_exponential_jitter(multiplier=self._settings.first_backoff_seconds,
                                         max=self._settings.max_backoff_seconds,
                                         jitter=self._settings.first_backoff_seconds),
            before_sleep=lambda state: self._waiting(partition, state),
            reraise=True,
        )
        try:
            return await retrying(again)
        finally:
            self._moving(partition)

    def _waiting(self, partition: int, state: RetryCallState) -> None:
        error = state.outcome.exception()  # type: ignore[union-attr]
        reason = f"{classify(error).value}: {describe(error)}"  # type: ignore[arg-type]
        self.progress.last_error = reason
        if partition not in self.progress.waiting:
            log.warning("%s: partition %d waits: %s", self.name, partition, reason,
                        extra={"consumer": self.name, "partition": partition, "state": "waiting", "reason": reason})
            self.progress.waiting[partition] = (time.time(), reason)
            CONSUMER_STALLED.labels(self.service, self.name).set(1)

    def _moving(self, partition: int) -> None:
        waited = self.progress.waiting.pop(partition, None)
        if waited is None:
            return
        log.warning("%s: partition %d moving again after %.1fs", self.name, partition, time.time() - waited[0],
                    extra={"consumer": self.name, "partition": partition, "state": "moving"})
        if not self.progress.waiting:
            CONSUMER_STALLED.labels(self.service, self.name).set(0)

    async def _dead_letter(self, record: ReceivedRecord, failure: Failure, reason: str, attempts: int) -> Outcome:
        verdict = Verdict(self.name, failure, reason, attempts)

        async def send() -> list[Outcome]:
            await self._dead_letters.send(record, verdict)
            return [Outcome.DEAD_LETTERED]

        await self._retrying(send, bug_attempts=3, partition=record.partition)  # Kafka away: wait; never drop
        log.warning("%s: dead-lettered %s[%d]@%d (%s): %s", self.name, record.topic, record.partition, record.offset,
                    failure.value, reason,
                    extra={**record.where(), "consumer": self.name, "reason_class": failure.value, "reason": reason})
        DEAD_LETTERS.labels(self.service, self.name, failure.value).inc()
        self.progress.last_error = reason
        return self._count(Outcome.DEAD_LETTERED)

    def _count(self, outcome: Outcome, count: int = 1) -> Outcome:
        self.progress.record(outcome, count)
        self._counted[outcome].inc(count)
        return outcome

    async def _infrastructure_answers(self) -> bool:
        if self._database_answers is None:
            return True
        try:
            return await self._database_answers()
        except Exception:
            return False

    def _span_attributes(self, record: ReceivedRecord) -> dict[str, Any]:
        return {
            "messaging.system": "kafka",
            "messaging.operation.type": "process",
            "messaging.destination.name": record.topic,
            "messaging.destination.partition.id": str(record.partition),
            "messaging.kafka.offset": record.offset,
            "messaging.kafka.message.key": (record.key or b"").decode(errors="replace"),
            "messaging.message.id": record.header("ce_id") or "",
            "messaging.consumer.group.name": self.name,
            "cloudevents.event_type": record.header("ce_type") or "",
        }


class _RecentlyDecoded:
    """The events of the records decoded last, shared by the consumers of a process: where two
    consumer groups read one topic (notify's feed and public alerts), each record is decoded
    once. A record is found by its coordinates and must have the same bytes (value and headers)
    as the one decoded; events are immutable, so the consumers may share them."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._events: OrderedDict[tuple[str, int, int], tuple[bytes | None, tuple[Any, ...], IntegrationEvent]] = OrderedDict()

    def event(self, record: ReceivedRecord) -> IntegrationEvent:
        key = (record.topic, record.partition, record.offset)
        found = self._events.get(key)
        if found is not None and found[0] == record.value and found[1] == record.headers:
            return found[2]
        event = from_kafka(record.value, record.headers, tolerant=True)  # what cannot be read raises, not kept
        self._events[key] = (record.value, record.headers, event)
        if len(self._events) > self._size:
            self._events.popitem(last=False)
        return event


# Room for how far one consumer of a topic may run ahead of another in live traffic (records
# of ~2 KB each, with their event: a few MB at most). In a long catch-up the groups drift
# further apart and each decodes its own: 3,600 hits of 100,000 decodes on a 50,000-event
# backlog (6 December); a cache eight times larger found every record there but did not raise
# the rate, so decoding is not what limits a catch-up and the cache stays this small.
_decoded = _RecentlyDecoded(size=2048)


def _runs(work: list[_Work], fresh: set[Any]) -> list[list[_Work]]:
    """Split the batch into runs to apply: consecutive fresh events of one batchable type
    together, everything else one by one (duplicates included, to be counted as such)."""
    runs: list[list[_Work]] = []
    claimed: set[Any] = set()
    for item in work:
        batchable = isinstance(item.handler, Batchable) and item.event.id in fresh and item.event.id not in claimed
        if batchable:
            claimed.add(item.event.id)
            last = runs[-1] if runs else None
            if last and isinstance(last[0].handler, Batchable) and last[0].handler is item.handler and last[0].event.id in claimed:
                last.append(item)
                continue
        runs.append([item])
    for run in runs:  # events of a run are claimed: the per-record path must not see them as fresh again
        if len(run) > 1:
            fresh.difference_update(item.event.id for item in run)
    return runs
