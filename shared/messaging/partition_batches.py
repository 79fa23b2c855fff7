"""Hands a run of records to an aiokafka producer as record batches, one partition at a time.

``producer.send`` costs a coroutine, a partitioner call (murmur2 in Python), a message
future and its resolution per record. For a backlog the relay builds the batches itself
(``create_batch`` / ``send_batch``, aiokafka's public batch API) with the partition the
producer's default partitioner would choose, so a key lands where ``send`` would put it
and the two ways of sending may follow each other. Per partition the records keep their
order and the batches are queued in order; the producer's idempotence and ``acks`` apply
to them as to any batch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.partitioner import DefaultPartitioner

Record = tuple[str, bytes, bytes, Sequence[tuple[str, bytes]]]  # topic, key, value, headers

_partitioner = DefaultPartitioner()


async def send_batched(producer: AIOKafkaProducer, records: Iterable[Record]) -> list[asyncio.Future[Any]]:
    """Queue ``records`` for sending, in order per partition; returns per record the future
    of the batch that carries it (resolved when the broker acknowledged that batch)."""
    open_batches: dict[tuple[str, int], tuple[Any, list[int]]] = {}  # (topic, partition) -> batch, its records
    acks: list[asyncio.Future[Any]] = []
    places: dict[tuple[str, bytes], int] = {}  # a backlog has few distinct keys: hash each once
    partitions: dict[str, list[int]] = {}
    for index, (topic, key, value, headers) in enumerate(records):
        place = places.get((topic, key))
        if place is None:
            if topic not in partitions:
                partitions[topic] = sorted(await producer.partitions_for(topic))
            place = places[(topic, key)] = _partitioner(key, partitions[topic], None)
        acks.append(None)  # type: ignore[arg-type]  # filled in once the record's batch is queued
        batch, members = open_batches.get((topic, place)) or (None, [])
        if batch is None or batch.append(timestamp=None, key=key, value=value, headers=headers) is None:
            if batch is not None:  # full: queue it, and start the partition's next batch
                await _queue(producer, topic, place, batch, members, acks)
            batch, members = producer.create_batch(), []
            # The first record of a batch always fits (the producer's size limit is checked by the broker).
            batch.append(timestamp=None, key=key, value=value, headers=headers)
            open_batches[(topic, place)] = (batch, members)
        members.append(index)
    for (topic, place), (batch, members) in open_batches.items():
        await _queue(producer, topic, place, batch, members, acks)
    return acks


async def _queue(producer: AIOKafkaProducer, topic: str, partition: int, batch: Any, members: list[int],
                 acks: list[asyncio.Future[Any]]) -> None:
    batch.close()  # nothing else may be added: its records are exactly ``members``
    ack = await producer.send_batch(batch, topic, partition=partition)
    for index in members:
        acks[index] = ack
