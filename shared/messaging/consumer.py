"""Applies events from Kafka exactly once, with retries and a dead-letter topic.

For every record: decode the CloudEvent; look up this consumer's handler for its
type; in one transaction claim the event id in the inbox and apply the effect.
A redelivered event finds its id claimed and changes nothing. Transient failures
retry with exponential backoff; a message that cannot be decoded, fails its
schema, breaks a rule (``PermanentError``), or still fails after the last
attempt goes to the dead-letter topic, and the consumer moves on. Only then is
the offset committed (by the caller), so nothing is lost.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from shared.contract.cloudevents import from_kafka
from shared.contract.envelope import IntegrationEvent
from shared.contract.errors import InvalidEvent, UnreadableMessage
from shared.db.errors import is_bad_value
from shared.messaging.dead_letters import DeadLetterSink
from shared.messaging.records import ReceivedRecord
from shared.messaging.unit_of_work import UnitOfWork
from shared.settings import ConsumerSettings

log = logging.getLogger(__name__)


class PermanentError(Exception):
    """A handler's verdict that this event can never be applied; retrying cannot help."""


Handler = Callable[[Any, Any], Awaitable[None]]  # (event, unit of work)


class Outcome(enum.Enum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    DEAD_LETTERED = "dead_lettered"


@dataclass
class ConsumerProgress:
    """What readiness needs: is the consumer moving, or stuck on one message?"""

    started: bool = False
    processed: int = 0
    last_processed_at: float | None = None
    failing_since: float | None = None
    last_error: str | None = None
    outcomes: dict[str, int] = field(default_factory=dict)

    def record(self, outcome: Outcome) -> None:
        self.processed += 1
        self.last_processed_at = time.time()
        self.failing_since = None
        self.outcomes[outcome.value] = self.outcomes.get(outcome.value, 0) + 1

    def stalled(self, stall_seconds: float) -> bool:
        return self.failing_since is not None and time.time() - self.failing_since > stall_seconds


class EventConsumer:
    def __init__(
        self,
        name: str,
        topics: Sequence[str],
        handlers: Mapping[str, Handler],
        uow_factory: Callable[[], UnitOfWork],
        dead_letters: DeadLetterSink,
        settings: ConsumerSettings,
    ) -> None:
        self.name = name
        self.topics = list(topics)
        self.handlers = dict(handlers)
        self._uow_factory = uow_factory
        self._dead_letters = dead_letters
        self._settings = settings
        self.progress = ConsumerProgress()

    async def process(self, record: ReceivedRecord) -> Outcome:
        try:
            event = from_kafka(record.value, record.headers)
        except (UnreadableMessage, InvalidEvent) as error:
            return await self._dead_letter(record, f"{type(error).__name__}: {error}", attempts=1)
        handler = self.handlers.get(event.TYPE)
        if handler is None:
            self.progress.record(Outcome.IGNORED)
            return Outcome.IGNORED
        return await self._apply_with_retries(record, event, handler)

    async def _apply_with_retries(self, record: ReceivedRecord, event: IntegrationEvent, handler: Handler) -> Outcome:
        backoff = self._settings.first_backoff_seconds
        for attempt in range(1, self._settings.max_attempts + 1):
            try:
                outcome = await self._apply_once(event, handler)
                self.progress.record(outcome)
                return outcome
            except PermanentError as error:
                return await self._dead_letter(record, f"PermanentError: {error}", attempts=attempt)
            except Exception as error:  # transient until proven otherwise: retry, then dead-letter
                if is_bad_value(error):  # a value the database can never hold: retrying cannot help
                    return await self._dead_letter(record, f"unstorable value: {error}", attempts=attempt)
                self._note_failure(error)
                if attempt == self._settings.max_attempts:
                    reason = f"failed after {attempt} attempts: {type(error).__name__}: {error}"
                    return await self._dead_letter(record, reason, attempts=attempt)
                log.info("%s: %s attempt %d failed (%r); retrying in %.2fs", self.name, event.TYPE, attempt, error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._settings.max_backoff_seconds)
        raise AssertionError("unreachable")

    async def _apply_once(self, event: IntegrationEvent, handler: Handler) -> Outcome:
        async with self._uow_factory() as uow:
            uow.caused_by(event)
            if not await uow.claim(self.name, event):
                return Outcome.DUPLICATE
            await handler(event, uow)
            await uow.commit()
        return Outcome.APPLIED

    async def _dead_letter(self, record: ReceivedRecord, reason: str, attempts: int) -> Outcome:
        await self._dead_letters.send(record, self.name, reason, attempts)
        self.progress.record(Outcome.DEAD_LETTERED)
        self.progress.last_error = reason
        return Outcome.DEAD_LETTERED

    def _note_failure(self, error: Exception) -> None:
        if self.progress.failing_since is None:
            self.progress.failing_since = time.time()
        self.progress.last_error = f"{type(error).__name__}: {error}"
