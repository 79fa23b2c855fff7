"""Kafka clients with the delivery settings the platform relies on."""

from __future__ import annotations

from aiokafka import AIOKafkaProducer

from shared.settings import KafkaSettings


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
