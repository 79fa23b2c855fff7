"""Kafka clients with the delivery settings the platform relies on."""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiokafka import AIOKafkaProducer

from shared.settings import KafkaSettings

log = logging.getLogger(__name__)


def create_producer(settings: KafkaSettings, client_id: str) -> AIOKafkaProducer:
    # acks=all + idempotence: an acknowledged record is on every in-sync replica
    # and a retried send cannot duplicate or reorder records within a partition.
    return AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        linger_ms=0,
        request_timeout_ms=10_000,
        retry_backoff_ms=200,
    )


class LazyProducer:
    """A producer started on first use and thrown away after a failure, so a broker
    that went away is reconnected to from scratch the next time."""

    def __init__(self, factory: Callable[[], AIOKafkaProducer]) -> None:
        self._factory = factory
        self._producer: AIOKafkaProducer | None = None

    async def get(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = self._factory()
            try:
                await producer.start()
            except Exception:
                await producer.stop()
                raise
            self._producer = producer
        return self._producer

    async def close(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            try:
                await producer.stop()
            except Exception as error:  # a broken producer must not stop its owner
                log.debug("closing producer: %r", error)
