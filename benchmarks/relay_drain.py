"""Relay drain: how fast the outbox relay empties a backlog onto Kafka, against a raw
aiokafka producer with the same settings (acks=all, idempotent) sending the same records
with ``send``, one call per record (the target's baseline).

The relay itself hands each read's rows to the producer as record batches per partition
(``shared.messaging.partition_batches``), which costs less per record than ``send``. So a
second row compares it with the same raw producer using that batch path: what reading and
marking the outbox rows costs on top of the sending.

The backlog is 100,000 events: with 20,000 the raw producer was done in about half a
second and its rate varied by a third from run to run.

    python -m benchmarks.relay_drain [--events 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import time

import asyncpg

from benchmarks.common import as_served, freeze_what_lives_on, print_table, Figure, median, records, service, until
from shared.messaging.kafka_clients import create_producer
from shared.messaging.partition_batches import send_batched
from shared.runtime.for_tests import kafka_for_tests, postgres_for_tests
from shared.settings import KafkaSettings
from shared.messaging.tracing import current_trace_headers

WARM_UP = 100
BACKLOG = 100_000


async def raw(bootstrap: KafkaSettings, count: int, batched: bool = False) -> float:
    """The same records with a producer of the relay's settings: ``send`` per record, or
    (``batched``) the batch path the relay itself uses."""
    prepared = records(count)
    producer = create_producer(bootstrap, "benchmark-raw")
    await producer.start()
    try:
        started = time.perf_counter()
        if batched:
            acks = set(await send_batched(producer, [(r.topic, r.key, r.value, r.headers) for r in prepared]))
        else:
            acks = [await producer.send(r.topic, value=r.value, key=r.key, headers=r.headers) for r in prepared]
        await asyncio.gather(*acks)
        return count / (time.perf_counter() - started)
    finally:
        await producer.stop()


async def fill_outbox(database_url: str, count: int) -> None:
    """Rows as the unit of work writes them (headers with trace context), without the HTTP cost."""
    rows = []
    for record, event in zip(records(count), range(count)):
        headers = [[k, v.decode()] for k, v in record.headers] + [list(h) for h in current_trace_headers(None)]
        event_id = next(v.decode() for k, v in record.headers if k == "ce_id")
        event_type = next(v.decode() for k, v in record.headers if k == "ce_type")
        rows.append((event_id, event_type, record.topic, record.key.decode(), headers, record.value))
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        await conn.set_type_codec("jsonb", encoder=__import__("json").dumps, decoder=__import__("json").loads,
                                  schema="pg_catalog")
        await conn.executemany(
            "INSERT INTO inventory.outbox (event_id, event_type, topic, key, headers, payload) VALUES ($1, $2, $3, $4, $5, $6)",
            rows)
    finally:
        await conn.close()


async def ours(bootstrap: KafkaSettings, database_url: str, count: int) -> float:
    """The relay started, elected and connected first (a warm-up row published), as the raw
    producer is started before its clock runs; then the backlog commits at once (one
    executemany is one transaction) and the clock runs until the relay has published it."""
    inventory = await service("inventory", database_url, bootstrap)
    freeze_what_lives_on()
    relay = inventory.relay
    try:
        await relay.start()
        await fill_outbox(database_url, WARM_UP)
        await until(lambda: _drained(relay, WARM_UP), interval=0.005)
        await fill_outbox(database_url, count)
        started = time.perf_counter()
        relay.wake()
        await until(lambda: _drained(relay, WARM_UP + count), interval=0.005)
        return count / (time.perf_counter() - started)
    finally:
        await relay.stop()
        await inventory.engine.dispose()


async def _drained(relay, count: int) -> bool:  # type: ignore[no-untyped-def]
    return relay.published_total >= count


async def measure(bootstrap: KafkaSettings, database_url: str, count: int, runs: int = 3) -> list[Figure]:
    await raw(bootstrap, 1000)  # warm-up
    raws, batched, ourss = [], [], []
    for _ in range(runs):
        raws.append(await as_served(raw(bootstrap, count)))
        batched.append(await as_served(raw(bootstrap, count, batched=True)))
        ourss.append(await as_served(ours(bootstrap, database_url, count)))
    note = f"{count} events over 25 keys, median of {runs}"
    return [Figure("relay drain", median(ourss), median(raws), "events/s", ">= 0.8x", note=note),
            Figure("relay drain, against raw batch sending", median(ourss), median(batched), "events/s", "(context)",
                   note=f"{note}; baseline: the same producer, one record batch per partition at a time")]


async def main_async(count: int) -> None:
    with kafka_for_tests() as broker, postgres_for_tests() as postgres:
        postgres.create_database("bench_relay")
        figures = await measure(broker.admin_settings, postgres.url("bench_relay"), count)
    print_table(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=BACKLOG)
    asyncio.run(main_async(parser.parse_args().events))


if __name__ == "__main__":
    main()
