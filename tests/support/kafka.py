"""A test's own view of Kafka: read a topic from the beginning without a consumer group (so
reading never disturbs the services' committed offsets), and produce records as a test client.

Every helper takes the ``kafka_settings`` fixture (address and credentials; the tests' admin
may read and write every topic), or any principal's settings
(``shared.runtime.credentials.principal_settings(kafka_settings, "inventory")``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.contract.cloudevents import to_kafka
from shared.contract.envelope import IntegrationEvent
from shared.messaging.kafka_clients import client_options
from shared.settings import KafkaSettings


def reader(kafka: KafkaSettings, *topics: str) -> AIOKafkaConsumer:
    """A consumer of ``topics`` from offset 0 that commits nothing (start() and stop() it)."""
    return AIOKafkaConsumer(
        *topics, **client_options(kafka), enable_auto_commit=False, group_id=None, auto_offset_reset="earliest"
    )


def writer(kafka: KafkaSettings, **options: Any) -> AIOKafkaProducer:
    """An acks=all idempotent producer (start() and stop() it)."""
    return AIOKafkaProducer(**client_options(kafka), **{"acks": "all", "enable_idempotence": True, **options})


async def read_topic(
    kafka: KafkaSettings,
    topic: str,
    until: Callable[[list[Any]], bool],
    timeout: float = 30.0,
) -> list[Any]:
    """All records of ``topic`` (every partition, from offset 0) once ``until(records)`` holds."""
    consumer = reader(kafka, topic)
    await consumer.start()
    try:
        records: list[Any] = []
        deadline = asyncio.get_running_loop().time() + timeout
        while not until(records):
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"{topic}: condition not met; {len(records)} records read")
            batch = await consumer.getmany(timeout_ms=200)
            for part in batch.values():
                records.extend(part)
        return records
    finally:
        await consumer.stop()


def header(record: Any, name: str) -> str | None:
    for key, value in record.headers or ():
        if key == name:
            return value.decode()
    return None


def event_ids(records: Sequence[Any]) -> list[str]:
    return [header(r, "ce_id") or "" for r in records]


async def produce(
    kafka: KafkaSettings, topic: str, value: bytes | None, key: bytes, headers: list[tuple[str, bytes]] | None = None
) -> None:
    """One record with a producer of its own; what the broker refuses (authentication, ACLs) is raised."""
    producer = writer(kafka)
    try:
        await producer.start()
        await producer.send_and_wait(topic, value=value, key=key, headers=headers or [])
    finally:
        await producer.stop()


async def produce_event(kafka: KafkaSettings, event: IntegrationEvent) -> None:
    record = to_kafka(event)
    await produce(kafka, record.topic, record.value, record.key, record.headers)
