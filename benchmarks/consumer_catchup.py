"""Consumer catch-up: how fast a consumer applies a backlog of events, against a raw
aiokafka consumer that inserts each fetched batch with one asyncpg executemany and
commits the offsets per batch (no inbox, no handler, no tolerant reader, no spans).

Both start from the same backlog on the same topic with a fresh consumer group; the
time is measured from the first applied record to the last, so the group join is not
counted on either side. Notify reads the topic with two groups in one process (its feed
and its public alerts); the feed is measured both beside the other group, as the service
runs, and alone, as the raw consumer runs. The backlog is 50,000 events: with 10,000 the raw side finished
in about 0.3 s and its rate came out near 15,000/s or near 33,000/s from run to run (6 runs
on 6 December), so a ratio depended on which; with 50,000 it stays within 26,000-33,000/s.
Ours is checked for completion every 100 ms (a COUNT in its own process, so the polling
costs it about 1% of its time instead of the 5% that every 20 ms cost).

    python -m benchmarks.consumer_catchup [--events 50000]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from uuid import uuid4

import asyncpg
from aiokafka import AIOKafkaConsumer
from sqlalchemy import func, select

from benchmarks.common import as_served, freeze_what_lives_on, print_table, Figure, median, records, service, until
from shared.contract.topics import event_topic
from shared.messaging.kafka_clients import client_options, create_producer
from shared.runtime.for_tests import kafka_for_tests, postgres_for_tests
from shared.settings import KafkaSettings

TOPIC = event_topic("inventory")
BACKLOG = 50_000


async def produce_backlog(bootstrap: KafkaSettings, count: int) -> None:
    producer = create_producer(bootstrap, "benchmark-backlog")
    await producer.start()
    try:
        acks = [await producer.send(r.topic, value=r.value, key=r.key, headers=r.headers) for r in records(count)]
        await asyncio.gather(*acks)
    finally:
        await producer.stop()


async def raw(bootstrap: KafkaSettings, database_url: str, count: int) -> float:
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    await conn.execute("CREATE TABLE IF NOT EXISTS raw_applied (event_id uuid PRIMARY KEY, region text, body bytea)")
    await conn.execute("TRUNCATE raw_applied")
    consumer = AIOKafkaConsumer(TOPIC, **client_options(bootstrap),
                                group_id=f"raw-{uuid4().hex[:8]}", enable_auto_commit=False, auto_offset_reset="earliest")
    await consumer.start()
    try:
        seen, first = 0, None
        while seen < count:
            batches = await consumer.getmany(timeout_ms=500, max_records=1000)
            rows = [(_event_id(r), r.key.decode(), r.value) for part in batches.values() for r in part]
            if not rows:
                continue
            first = first or time.perf_counter()
            await conn.executemany("INSERT INTO raw_applied VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", rows)
            await consumer.commit()
            seen += len(rows)
        return count / (time.perf_counter() - first)  # type: ignore[operator]
    finally:
        await consumer.stop()
        await conn.close()


def _event_id(record) -> str:  # type: ignore[no-untyped-def]
    return next(v.decode() for k, v in record.headers if k == "ce_id")


async def ours(name: str, table, bootstrap: KafkaSettings, database_url: str, count: int,  # type: ignore[no-untyped-def]
               only: str | None = None) -> float:
    """The service's own consumer engine(s) of the topic on the backlog (``only``: just the one
    of that name); counts rows of the effect ``table``."""
    svc = await service(name, database_url, bootstrap)
    freeze_what_lives_on()
    async with svc.engine.begin() as conn:
        await conn.exec_driver_sql(f"TRUNCATE {table.schema}.{table.name}, {name}.inbox")

    async def applied() -> int:
        async with svc.engine.connect() as conn:
            return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())

    consumers = [c for c in svc.consumers if TOPIC in c.topics and only in (None, c.name)]
    for consumer in consumers:
        await consumer.start()
    try:
        first = await until(lambda: _positive(applied), interval=0.005)
        done = await until(lambda: _reached(applied, count), interval=0.1)
        return count / (done - first)
    finally:
        for consumer in consumers:
            await consumer.stop()
        await svc.engine.dispose()


async def _positive(probe) -> bool:  # type: ignore[no-untyped-def]
    return await probe() > 0


async def _reached(probe, count: int) -> bool:  # type: ignore[no-untyped-def]
    return await probe() >= count


async def measure(bootstrap: KafkaSettings, database_url, count: int, runs: int = 3) -> list[Figure]:  # type: ignore[no-untyped-def]
    from services.campaign.adapters.tables import known_noodsteunpunten
    from services.notify.adapters.tables import feed_items

    await produce_backlog(bootstrap, count)
    raws, campaigns, feeds, feeds_alone = [], [], [], []
    for _ in range(runs):
        raws.append(await as_served(raw(bootstrap, database_url("bench_raw"), count)))
        campaigns.append(await as_served(ours("campaign", known_noodsteunpunten, bootstrap, database_url("bench_campaign"), count)))
        feeds.append(await as_served(ours("notify", feed_items, bootstrap, database_url("bench_notify"), count)))
        feeds_alone.append(await as_served(ours("notify", feed_items, bootstrap, database_url("bench_notify"), count, "notify.feed")))
    note = f"{count} events backlog over 25 keys / 6 partitions, median of {runs}"
    return [Figure("consumer catch-up: campaign", median(campaigns), median(raws), "events/s", ">= 0.25x", note=note),
            Figure("consumer catch-up: notify feed, beside the public alerts group", median(feeds), median(raws),
                   "events/s", ">= 0.25x", note=f"{note}; both of notify's groups on the topic share its process"),
            Figure("consumer catch-up: notify feed alone", median(feeds_alone), median(raws), "events/s", ">= 0.25x",
                   note=f"{note}; only the feed's group runs, as the raw consumer runs alone")]


async def main_async(count: int) -> None:
    with kafka_for_tests() as broker, postgres_for_tests() as postgres:
        for name in ("bench_raw", "bench_campaign", "bench_notify"):
            postgres.create_database(name)
        figures = await measure(broker.admin_settings, postgres.url, count)
    print_table(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=BACKLOG)
    asyncio.run(main_async(parser.parse_args().events))


if __name__ == "__main__":
    main()
