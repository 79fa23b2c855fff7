"""A test's own view of a topic: read it from the beginning, without a consumer group,
so reading never disturbs the services' committed offsets."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.contract.cloudevents import to_kafka
from shared.contract.envelope import IntegrationEvent


async def read_topic(
    bootstrap: str,
    topic: str,
    until: Callable[[list[Any]], bool],
    timeout: float = 30.0,
) -> list[Any]:
    """All records of ``topic`` (every partition, from offset 0) once ``until(records)`` holds."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None, auto_offset_reset="earliest"
    )
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


async def produce(bootstrap: str, topic: str, value: bytes | None, key: bytes, headers: list[tuple[str, bytes]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        await producer.send_and_wait(topic, value=value, key=key, headers=headers)
    finally:
        await producer.stop()


async def produce_event(bootstrap: str, event: IntegrationEvent) -> None:
    record = to_kafka(event)
    await produce(bootstrap, record.topic, record.value, record.key, record.headers)
