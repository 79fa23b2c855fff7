"""Dead-letter topic: where a consumer parks a message it cannot apply.

The dead letter keeps the original key, bytes and headers, and adds headers that
say why, where it came from and who gave up on it, so it can be read, fixed
upstream and replayed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timezone

from aiokafka import AIOKafkaProducer

from shared.messaging.kafka_clients import LazyProducer
from shared.messaging.records import ReceivedRecord

log = logging.getLogger(__name__)

REASON = "dlq_reason"
ORIGIN_TOPIC = "dlq_origin_topic"
ORIGIN_PARTITION = "dlq_origin_partition"
ORIGIN_OFFSET = "dlq_origin_offset"
CONSUMER = "dlq_consumer"
FAILED_AT = "dlq_failed_at"
ATTEMPTS = "dlq_attempts"
DLQ_HEADERS = frozenset({REASON, ORIGIN_TOPIC, ORIGIN_PARTITION, ORIGIN_OFFSET, CONSUMER, FAILED_AT, ATTEMPTS})


def dead_letter_headers(record: ReceivedRecord, consumer: str, reason: str, attempts: int) -> list[tuple[str, bytes]]:
    added = {
        REASON: reason[:2000],
        ORIGIN_TOPIC: record.topic,
        ORIGIN_PARTITION: str(record.partition),
        ORIGIN_OFFSET: str(record.offset),
        CONSUMER: consumer,
        FAILED_AT: datetime.now(timezone.utc).isoformat(),
        ATTEMPTS: str(attempts),
    }
    original = [(name, value) for name, value in record.headers if name not in DLQ_HEADERS]
    return original + [(name, value.encode()) for name, value in added.items()]


class DeadLetterSink:
    """Publishes dead letters; keeps trying until Kafka takes them, because the
    consumer may commit the original offset only once the dead letter is safe."""

    def __init__(self, topic: str, producer_factory: Callable[[], AIOKafkaProducer], max_backoff: float = 5.0) -> None:
        self.topic = topic
        self._producer = LazyProducer(producer_factory)
        self._max_backoff = max_backoff

    async def send(self, record: ReceivedRecord, consumer: str, reason: str, attempts: int) -> None:
        headers = dead_letter_headers(record, consumer, reason, attempts)
        backoff = 0.1
        while True:
            try:
                producer = await self._producer.get()
                await producer.send_and_wait(self.topic, value=record.value, key=record.key, headers=headers)
                log.warning("dead-lettered %s[%s]@%s: %s", record.topic, record.partition, record.offset, reason)
                return
            except Exception as error:  # Kafka down: wait and try again, never drop
                log.warning("dead letter not yet published (%r); retrying in %.1fs", error, backoff)
                await self._producer.close()
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._max_backoff)

    async def close(self) -> None:
        await self._producer.close()
