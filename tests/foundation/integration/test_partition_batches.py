"""The relay's batch sending on a real broker: every record arrives once, in order per key,
on the partition ``producer.send`` would have chosen for its key."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from uuid import uuid4

import pytest

from shared.messaging.partition_batches import send_batched
from tests.support.kafka import header, read_topic, writer

pytestmark = pytest.mark.asyncio(loop_scope="session")
TOPIC = "weerbaar.inventory.events"  # six partitions
KEYS = [f"batch-key-{n}".encode() for n in range(7)]


async def test_records_arrive_in_order_per_key_on_the_partition_send_chooses(kafka_settings):
    run = uuid4().hex
    # Small batches, so every partition fills several of them and the full-batch path runs.
    producer = writer(kafka_settings, max_batch_size=1024)
    await producer.start()
    try:
        records = [(TOPIC, KEYS[n % len(KEYS)], f"{n:04d}".encode() * 50, [("run", run.encode()), ("n", str(n).encode())])
                   for n in range(300)]
        acks = await send_batched(producer, records)
        await asyncio.gather(*set(acks))
        by_send = {key: (await producer.send_and_wait(TOPIC, value=b"probe", key=key, headers=[("run", b"probe")])).partition
                   for key in KEYS}
    finally:
        await producer.stop()

    assert len(set(acks)) >= 2 * len(set(by_send.values()))  # several batches per partition

    mine = await read_topic(kafka_settings, TOPIC, until=lambda rs: sum(header(r, "run") == run for r in rs) >= 300)
    mine = [r for r in mine if header(r, "run") == run]
    assert len(mine) == 300  # each once
    sent_per_key: dict[bytes, list[int]] = defaultdict(list)
    for record in sorted(mine, key=lambda r: (r.partition, r.offset)):
        sent_per_key[record.key].append(int(header(record, "n")))
        assert record.partition == by_send[record.key]
    assert {key: numbers for key, numbers in sent_per_key.items()} == {
        key: [n for n in range(300) if KEYS[n % len(KEYS)] == key] for key in KEYS}
