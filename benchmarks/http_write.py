"""HTTP write: registering a noodsteunpunt through the inventory service (token, scope,
rules, the row and its outbox event in one transaction), against a bare FastAPI +
asyncpg endpoint doing one INSERT; both one uvicorn worker, 32 connections.

    python -m benchmarks.http_write [--seconds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from dataclasses import dataclass

from benchmarks.common import print_table, Figure, cpu_seconds, median, percentile, regions_and_gemeenten, rss_mb
from benchmarks.load import Writer
from benchmarks.processes import BareApp, platform_service
from shared.settings import KafkaSettings
from shared.runtime.for_tests import kafka_for_tests, postgres_for_tests
from tests.support import tokens
from tests.support.api_paths import REGISTER_NOODSTEUNPUNT

CONNECTIONS = 32


@dataclass
class Load:
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_ms: float = float("nan")  # the server's CPU time per answered request


async def hammer(base_url: str, path: str, seconds: float, authorised: bool, pid: int | None = None) -> Load:
    """``CONNECTIONS`` clients, each writing one after the other for ``seconds``; with the
    server's ``pid``, also its CPU time per request."""
    places = regions_and_gemeenten()
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + seconds

    async def client_loop(n: int) -> None:
        nonlocal errors
        _, gemeente = places[n % len(places)]
        headers = tokens.municipality(gemeente) if authorised else {}
        url = base_url + path.format(municipality_code=gemeente)
        async with Writer(connections=1) as client:
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                status, _ = await client.post(url, {"name": f"Belasting {n}"}, headers)
                if status == 201:
                    latencies.append(time.perf_counter() - started)
                else:
                    errors += 1

    cpu_before = cpu_seconds(pid) if pid else 0.0
    started = time.perf_counter()
    await asyncio.gather(*(client_loop(n) for n in range(CONNECTIONS)))
    elapsed = time.perf_counter() - started
    cpu_ms = (cpu_seconds(pid) - cpu_before) * 1000 / max(1, len(latencies)) if pid else float("nan")
    return Load(len(latencies) / elapsed, percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000, errors,
                cpu_ms)


async def measure(bootstrap: KafkaSettings, postgres, seconds: float, runs: int = 3) -> tuple[Figure, float]:  # type: ignore[no-untyped-def]
    postgres.create_database("bench_http_inventory")
    postgres.create_database("bench_http_bare")
    inventory = platform_service("inventory", postgres.url("bench_http_inventory"), bootstrap, "bench-http")
    bare = BareApp(postgres.url("bench_http_bare").replace("+asyncpg", ""))
    inventory.start()
    await inventory.wait_ready()
    await bare.start()
    try:
        path = REGISTER_NOODSTEUNPUNT
        await hammer(inventory.base_url, path, 1, True)  # warm-up
        await hammer(bare.base_url, "/municipalities/{municipality_code}/noodsteunpunten", 1, False)
        ours, base = [], []
        for _ in range(runs):
            ours.append(await hammer(inventory.base_url, path, seconds, True, inventory.process.pid))  # type: ignore[union-attr]
            base.append(await hammer(bare.base_url, "/municipalities/{municipality_code}/noodsteunpunten", seconds, False,
                                     bare.process.pid))  # type: ignore[union-attr]
        rss = rss_mb(inventory.process.pid)  # type: ignore[union-attr]
    finally:
        inventory.stop()
        bare.stop()
    mid = sorted(ours, key=lambda load: load.per_second)[len(ours) // 2]
    mid_base = sorted(base, key=lambda load: load.per_second)[len(base) // 2]
    note = (f"POST {path}, {CONNECTIONS} connections, 1 worker, {seconds:g} s, median of {runs}; p50/p99 "
            f"{mid.p50_ms:.0f}/{mid.p99_ms:.0f} ms vs {mid_base.p50_ms:.0f}/{mid_base.p99_ms:.0f} ms; "
            f"server CPU per request {mid.cpu_ms:.1f} vs {mid_base.cpu_ms:.1f} ms; errors {mid.errors}")
    return Figure("HTTP write", median([o.per_second for o in ours]), median([b.per_second for b in base]),
                  "req/s", ">= 0.5x", note=note), rss


async def main_async(seconds: float) -> None:
    with kafka_for_tests() as broker, postgres_for_tests() as postgres:
        figure, rss = await measure(broker.admin_settings, postgres, seconds)
    print_table([figure])
    print(f"inventory RSS after the load: {rss:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0)
    asyncio.run(main_async(parser.parse_args().seconds))


if __name__ == "__main__":
    main()
