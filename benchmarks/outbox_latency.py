"""Commit-to-acknowledgement latency of the transactional outbox, at light load.

    python -m benchmarks.outbox_latency [--events 200] [--interval-ms 20]

Light load: one event committed every ``interval`` ms. For each event we take the
moment its business transaction committed and the moment the broker acknowledged it
(acks=all, idempotent producer) through the relay. The baseline, measured in the same
run against the same broker, is a bare producer's send-to-acknowledgement for the same
records: the ratio says what the outbox's durability costs on top of Kafka itself.
Runs against its own local Kafka and PostgreSQL (or the WEERBAAR_TEST_* ones).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from uuid import UUID, uuid4

from shared.contract.cloudevents import to_kafka
from shared.contract.inventory import NoodsteunpuntRegistered
from shared.messaging.kafka_clients import create_producer
from shared.runtime.for_tests import kafka_for_tests, postgres_for_tests
from shared.settings import KafkaSettings
from tests.support.running import migrate, test_settings


def an_event() -> NoodsteunpuntRegistered:
    nsp_id = uuid4()
    return NoodsteunpuntRegistered(
        source="/weerbaar/benchmark", subject=f"noodsteunpunt/{nsp_id}", region_code="VR21",
        municipality_code="GM0828", noodsteunpunt_id=nsp_id, name="Benchmark noodsteunpunt", layer="local",
    )


async def baseline(kafka: KafkaSettings, events: int, interval: float) -> list[float]:
    producer = create_producer(kafka, "benchmark-baseline")
    await producer.start()
    latencies = []
    try:
        for _ in range(events):
            record = to_kafka(an_event())
            started = time.perf_counter()
            await producer.send_and_wait(record.topic, value=record.value, key=record.key, headers=record.headers)
            latencies.append(time.perf_counter() - started)
            await asyncio.sleep(interval)
    finally:
        await producer.stop()
    return latencies


async def through_outbox(kafka: KafkaSettings, database_url: str, events: int, interval: float) -> list[float]:
    from services.inventory.bootstrap import bootstrap as inventory_bootstrap

    await migrate("inventory", database_url)
    service = inventory_bootstrap(test_settings("inventory", database_url, kafka))
    committed: dict[UUID, float] = {}
    acked: dict[UUID, float] = {}
    # The relay reports wall-clock ack time; convert once to the perf counter's scale.
    offset = time.perf_counter() - time.time()
    service.relay.on_published = lambda ids, at: acked.update({i: at + offset for i in ids})
    await service.relay.start()
    try:
        for _ in range(events):
            event = an_event()
            async with service.uow_factory() as uow:
                uow.emit(event)
                await uow.commit()
            committed[event.id] = time.perf_counter()
            await asyncio.sleep(interval)
        deadline = time.monotonic() + 30
        while len(acked) < events and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
    finally:
        await service.relay.stop()
        await service.engine.dispose()
    return [acked[i] - committed[i] for i in committed if i in acked]


def describe(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
    return f"{name:>9}: n={len(ms)} p50={p(0.5):.2f} ms p95={p(0.95):.2f} ms p99={p(0.99):.2f} ms max={ms[-1]:.2f} ms"


async def main_async(events: int, interval_ms: float) -> None:
    interval = interval_ms / 1000
    with kafka_for_tests() as broker, postgres_for_tests() as postgres:
        postgres.create_database("benchmark_outbox")
        admin = broker.admin_settings
        await baseline(admin, 20, interval)  # warm-up: connections, metadata, JIT of the broker
        base = await baseline(admin, events, interval)
        outbox = await through_outbox(admin, postgres.url("benchmark_outbox"), events, interval)
    print(f"light load: 1 event every {interval_ms:g} ms, {events} events, single-node KRaft broker and PostgreSQL 18 on 127.0.0.1")
    print(describe("baseline", base))
    print(describe("outbox", outbox))
    ratio = statistics.median(outbox) / statistics.median(base)
    print(f"median ratio outbox / bare producer: {ratio:.2f}x "
          f"(+{(statistics.median(outbox) - statistics.median(base)) * 1000:.2f} ms); lost: {events - len(outbox)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--interval-ms", type=float, default=20.0)
    args = parser.parse_args()
    asyncio.run(main_async(args.events, args.interval_ms))


if __name__ == "__main__":
    main()
