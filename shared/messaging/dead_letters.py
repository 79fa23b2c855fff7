"""Dead-letter topic: where a consumer parks a record it can never apply.

The dead letter keeps the original key, bytes and headers, and adds headers that say
why (``dlq_reason`` and its class), where it came from and which consumer gave up on it,
so it can be read, fixed upstream and replayed to that consumer alone.

A dead letter can always be written. A record whose copy would not fit under
``max_bytes`` (the producer's and broker's limit, less room for our headers) is
stored as a truncated copy, marked ``dlq_truncated`` with its original size and
SHA-256; so is one the broker refuses as too large. A broker that is down is an
infrastructure failure: ``send`` raises, and the consumer waits and retries it like
any outage, without committing past the record.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from aiokafka import AIOKafkaProducer
from aiokafka.errors import MessageSizeTooLargeError, RecordTooLargeError

from shared.messaging.failures import Failure
from shared.messaging.kafka_clients import LazyProducer
from shared.messaging.records import ReceivedRecord

log = logging.getLogger(__name__)

REASON = "dlq_reason"
REASON_CLASS = "dlq_reason_class"
ORIGIN_TOPIC = "dlq_origin_topic"
ORIGIN_PARTITION = "dlq_origin_partition"
ORIGIN_OFFSET = "dlq_origin_offset"
CONSUMER = "dlq_consumer"
FAILED_AT = "dlq_failed_at"
ATTEMPTS = "dlq_attempts"
TRUNCATED = "dlq_truncated"
ORIGINAL_BYTES = "dlq_original_bytes"
ORIGINAL_SHA256 = "dlq_original_sha256"
# Set on a replayed record: only the consumer it names applies it, every other skips it.
REPLAY_FOR = "dlq_replay_for"
DLQ_HEADERS = frozenset({REASON, REASON_CLASS, ORIGIN_TOPIC, ORIGIN_PARTITION, ORIGIN_OFFSET, CONSUMER, FAILED_AT,
                         ATTEMPTS, TRUNCATED, ORIGINAL_BYTES, ORIGINAL_SHA256, REPLAY_FOR})
HEADER_ROOM = 4_096  # what our own headers may take
KEEP_HEADER_BYTES = 1_024  # each original header kept in a truncated copy is cut to this


@dataclass(frozen=True)
class Verdict:
    consumer: str
    failure: Failure
    reason: str
    attempts: int


@dataclass(frozen=True)
class DeadLetter:
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]

    @property
    def size(self) -> int:
        return len(self.key or b"") + len(self.value or b"") + sum(len(n) + len(v) for n, v in self.headers)


def dead_letter_headers(record: ReceivedRecord, verdict: Verdict) -> list[tuple[str, bytes]]:
    added = {
        REASON: verdict.reason[:2000],
        REASON_CLASS: verdict.failure.value,
        ORIGIN_TOPIC: record.topic,
        ORIGIN_PARTITION: str(record.partition),
        ORIGIN_OFFSET: str(record.offset),
        CONSUMER: verdict.consumer,
        FAILED_AT: datetime.now(timezone.utc).isoformat(),
        ATTEMPTS: str(verdict.attempts),
    }
    original = [(name, value) for name, value in record.headers if name not in DLQ_HEADERS]
    return original + [(name, value.encode()) for name, value in added.items()]


def full_copy(record: ReceivedRecord, verdict: Verdict) -> DeadLetter:
    return DeadLetter(record.key, record.value, dead_letter_headers(record, verdict))


def truncated_copy(record: ReceivedRecord, verdict: Verdict, keep_bytes: int) -> DeadLetter:
    """What fits: the first ``keep_bytes`` of the value, each original header cut short, and
    the original's size and digest, so the sender can find and fix the original."""
    value = record.value or b""
    cut = ReceivedRecord(record.topic, record.partition, record.offset, (record.key or b"")[:KEEP_HEADER_BYTES],
                         value[:keep_bytes], tuple((n[:200], v[:KEEP_HEADER_BYTES]) for n, v in record.headers[:50]))
    headers = dead_letter_headers(cut, verdict) + [
        (TRUNCATED, b"true"),
        (ORIGINAL_BYTES, str(record.size).encode()),
        (ORIGINAL_SHA256, hashlib.sha256(value).hexdigest().encode()),
    ]
    return DeadLetter(cut.key, cut.value, headers)


class DeadLetterSink:
    """Publishes one service's dead letters to its dead-letter topic."""

    def __init__(self, topic: str, producer_factory: Callable[[], AIOKafkaProducer], max_bytes: int,
                 keep_bytes: int) -> None:
        self.topic = topic
        self._producer = LazyProducer(producer_factory)
        self._max_bytes = max_bytes - HEADER_ROOM
        self._keep_bytes = keep_bytes

    async def send(self, record: ReceivedRecord, verdict: Verdict) -> DeadLetter:
        """Publish the dead letter and wait for the broker's acknowledgement. Raises (an
        infrastructure failure) while Kafka is away; the caller retries."""
        letter = full_copy(record, verdict)
        if letter.size > self._max_bytes:
            letter = truncated_copy(record, verdict, self._keep_bytes)
        try:
            await self._publish(letter)
        except (MessageSizeTooLargeError, RecordTooLargeError) as error:
            log.warning("dead letter refused as too large (%r); storing a truncated copy", error,
                        extra={**record.where(), "consumer": verdict.consumer})
            letter = truncated_copy(record, verdict, min(self._keep_bytes, 1_024))
            await self._publish(letter)
        return letter

    async def _publish(self, letter: DeadLetter) -> None:
        try:
            producer = await self._producer.get()
            await producer.send_and_wait(self.topic, value=letter.value, key=letter.key, headers=letter.headers)
        except (MessageSizeTooLargeError, RecordTooLargeError):
            raise
        except Exception:
            await self._producer.close()  # reconnect from scratch next time
            raise

    async def close(self) -> None:
        await self._producer.close()
