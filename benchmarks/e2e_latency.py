"""End to end: from the HTTP 201 of a registration in inventory to its effect in notify
(the feed item committed), at 50, 100 and 200 writes/s offered, against a raw aiokafka
produce -> consume at the same rates on the same broker.

Each rate is measured in its steady state: on both sides it first runs for ``WARM_UP``
seconds, through the same clients, unmeasured. Warmed up once at 20/s instead, three of the
four 100/s runs (of ten) whose p99 passed 50 ms were slower in their first third (p50 14-36
ms against 9-25 ms in the last; 6 December), one reaching 183 ms.

Writes are offered open-loop (on a schedule, whatever the answers take), over 25
regions, each gemeente with the token it signed in with. The effect is seen the moment
notify commits it: a trigger the benchmark adds to notify's feed table sends each new
item's subject with ``NOTIFY`` (delivered at commit), where polling would add up to its
interval and load the database. A growing backlog shows as latency rising through the
run and as outbox rows or consumer lag left at its end.

    python -m benchmarks.e2e_latency [--seconds 8] [--rates 50,100,200]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from dataclasses import dataclass
from uuid import uuid4

import asyncpg
from aiokafka import AIOKafkaConsumer

from benchmarks.common import print_table, Figure, percentile, records, regions_and_gemeenten, rss_mb
from benchmarks.load import TransportError, Writer, bearer_per_gemeente
from benchmarks.processes import platform_service
from shared.messaging.kafka_clients import client_options, create_producer
from shared.runtime.for_tests import kafka_for_tests, postgres_for_tests
from shared.settings import KafkaSettings
from tests.support.api_paths import REGISTER_NOODSTEUNPUNT

CHANNEL = "bench_e2e_effect"
WARM_UP = 2.0  # seconds at each rate before it is measured
SEEN_BY_TRIGGER = f"""
CREATE OR REPLACE FUNCTION notify.bench_e2e_effect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_notify('{CHANNEL}', NEW.subject); RETURN NULL; END $$;
DROP TRIGGER IF EXISTS bench_e2e_effect ON notify.feed_items;
CREATE TRIGGER bench_e2e_effect AFTER INSERT ON notify.feed_items
  FOR EACH ROW EXECUTE FUNCTION notify.bench_e2e_effect();
"""


@dataclass
class Run:
    rate: float
    achieved: float
    latencies: list[float]
    first_third_p50: float
    last_third_p50: float
    left_over: int  # outbox rows not yet published when the writes stopped
    errors: int = 0  # writes without an answer (connection dropped)
    acknowledged: int = 0  # writes answered 201 (each must show its effect)

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 0.5) * 1000

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 0.99) * 1000


async def offer(rate: float, seconds: float, send) -> float:  # type: ignore[no-untyped-def]
    """Call ``send(n)`` ``rate`` times a second for ``seconds``, not waiting for answers."""
    tasks, started = [], time.perf_counter()
    for n in range(int(rate * seconds)):
        await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(send(n)))
    await asyncio.gather(*tasks)
    return len(tasks) / (time.perf_counter() - started)


async def through_the_platform(inventory_url: str, path: str, notify_dsn: str, inventory_dsn: str, rate: float,
                               seconds: float, warm_up: float = 0.0) -> Run:
    """Registrations at ``rate``; the first ``warm_up`` seconds' writes (through the same
    connections) are not measured."""
    places = regions_and_gemeenten()
    bearers = bearer_per_gemeente([gemeente for _, gemeente in places])
    acked: dict[str, float] = {}
    seen: dict[str, float] = {}
    errors: list[int] = []
    db = await asyncpg.connect(notify_dsn)
    await db.execute(SEEN_BY_TRIGGER)
    await db.add_listener(CHANNEL, lambda _c, _pid, _channel, subject: seen.setdefault(subject, time.perf_counter()))

    async with Writer(connections=200) as client:
        async def send(n: int) -> None:
            _, gemeente = places[n % len(places)]
            try:
                status, answer = await client.post(inventory_url + path.format(municipality_code=gemeente),
                                                   {"name": f"E2E {n}"}, bearers[gemeente])
            except TransportError:  # a dropped connection: not acknowledged, not measured
                errors.append(n)
                return
            if status == 201:
                acked[f"noodsteunpunt/{answer['id']}"] = time.perf_counter()

        await offer(rate, warm_up, send)
        warmed, warm_up_errors = set(acked), len(errors)
        achieved = await offer(rate, seconds, send)
        left_over = await _unpublished(inventory_dsn)
        deadline = time.perf_counter() + 60
        while any(subject not in seen for subject in acked) and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
    await db.execute("DROP TRIGGER IF EXISTS bench_e2e_effect ON notify.feed_items")
    await db.close()
    order = sorted((subject for subject in acked if subject not in warmed), key=acked.get)  # type: ignore[arg-type]
    latencies = [seen[s] - acked[s] for s in order if s in seen]
    third = max(1, len(latencies) // 3)
    return Run(rate, achieved, latencies, percentile(latencies[:third], 0.5) * 1000,
               percentile(latencies[-third:], 0.5) * 1000, left_over, len(errors) - warm_up_errors, len(order))


async def _unpublished(dsn: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetchval("SELECT count(*) FROM inventory.outbox_pending")
    finally:
        await conn.close()


async def raw(bootstrap: KafkaSettings, rate: float, seconds: float, warm_up: float = 0.0) -> Run:
    """Produce -> consume at ``rate``; the first ``warm_up`` seconds' records (through the same
    clients) are not measured."""
    settings = bootstrap
    unmeasured = int(rate * warm_up)
    prepared = records(unmeasured + int(rate * seconds))
    sent: dict[str, float] = {}
    received: dict[str, float] = {}
    consumer = AIOKafkaConsumer(prepared[0].topic, **client_options(settings), group_id=f"raw-e2e-{uuid4().hex[:8]}",
                                auto_offset_reset="latest", fetch_max_wait_ms=100)
    await consumer.start()
    while not consumer.assignment():
        await consumer.getmany(timeout_ms=100)
    for tp in consumer.assignment():
        await consumer.position(tp)
    producer = create_producer(settings, "raw-e2e")
    await producer.start()

    async def consume() -> None:
        while len(received) < len(prepared):
            for part in (await consumer.getmany(timeout_ms=100)).values():
                for record in part:
                    received.setdefault(next(v.decode() for k, v in record.headers if k == "ce_id"), time.perf_counter())

    def sender(first: int):  # type: ignore[no-untyped-def]
        async def send(n: int) -> None:
            record = prepared[first + n]
            event_id = next(v.decode() for k, v in record.headers if k == "ce_id")
            sent[event_id] = time.perf_counter()
            await producer.send_and_wait(record.topic, value=record.value, key=record.key, headers=record.headers)
        return send

    reader = asyncio.create_task(consume())
    await offer(rate, warm_up, sender(0))
    warmed = set(sent)
    achieved = await offer(rate, seconds, sender(unmeasured))
    await asyncio.wait_for(reader, 60)
    await producer.stop()
    await consumer.stop()
    latencies = [received[i] - sent[i] for i in sent if i not in warmed]
    third = max(1, len(latencies) // 3)
    return Run(rate, achieved, latencies, percentile(latencies[:third], 0.5) * 1000,
               percentile(latencies[-third:], 0.5) * 1000, 0)


async def measure(bootstrap: KafkaSettings, postgres, rates: list[float], seconds: float) -> tuple[list[Figure], dict[str, float]]:  # type: ignore[no-untyped-def]
    for name in ("inventory", "notify"):
        postgres.create_database(f"bench_e2e_{name}")
    inventory = platform_service("inventory", postgres.url("bench_e2e_inventory"), bootstrap, "bench-e2e")
    notify = platform_service("notify", postgres.url("bench_e2e_notify"), bootstrap, "bench-e2e", from_the_end=True)
    figures: list[Figure] = []
    for service in (inventory, notify):
        service.start()
    try:
        await asyncio.gather(inventory.wait_ready(), notify.wait_ready())
        path = REGISTER_NOODSTEUNPUNT
        dsn = lambda name: postgres.url(f"bench_e2e_{name}").replace("+asyncpg", "")  # noqa: E731
        await asyncio.sleep(3)  # notify's consumers take their partitions (they start at the topics' end)
        for rate in rates:
            ours = await through_the_platform(inventory.base_url, path, dsn("notify"), dsn("inventory"), rate, seconds,
                                              WARM_UP)
            base = await raw(bootstrap, rate, seconds, WARM_UP)
            note = (f"{rate:g}/s offered ({ours.achieved:.0f}/s achieved), {seconds:g} s; p50 {ours.p50:.0f} ms vs "
                    f"{base.p50:.1f} ms; p50 first/last third {ours.first_third_p50:.0f}/{ours.last_third_p50:.0f} ms; "
                    f"outbox left at the end {ours.left_over}; effects seen {len(ours.latencies)} of {ours.acknowledged} acknowledged; unanswered writes {ours.errors}")
            figures.append(Figure(f"e2e p99 at {rate:g} writes/s", ours.p99, base.p99, "ms",
                                  "<= 50 ms at 100/s; no growing backlog at 200/s", higher_is_better=False, note=note))
        rss = {"inventory": rss_mb(inventory.process.pid), "notify": rss_mb(notify.process.pid)}  # type: ignore[union-attr]
    finally:
        inventory.stop()
        notify.stop()
    return figures, rss


async def main_async(rates: list[float], seconds: float) -> None:
    with kafka_for_tests() as broker, postgres_for_tests() as postgres:
        figures, rss = await measure(broker.admin_settings, postgres, rates, seconds)
    print_table(figures)
    print("RSS after the load: " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in rss.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rates", default="50,100,200")
    args = parser.parse_args()
    asyncio.run(main_async([float(r) for r in args.rates.split(",")], args.seconds))


if __name__ == "__main__":
    main()
