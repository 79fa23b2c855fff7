"""Webhook delivery throughput of notify's delivery worker, beside raw httpx to the same receiver.

    python -m benchmarks.notify_delivery [--deliveries 2000] [--endpoints 16] [--runs 3] [--delay-ms 20]

A local webhook receiver (uvicorn, its own process, answers 204) serves every run,
first at once (what a webhook costs the sender's CPU), then after ``delay-ms`` (an
integrator's answer time: real receivers are not on the same machine), with a
quarter of the deliveries. Each run sends its webhooks, all signed and of one size:

- raw loop: one shared ``httpx.AsyncClient`` posting one after another (the baseline);
- raw concurrent: the same client with as many requests in flight as notify's bound;
- notify: ``deliveries`` queued deliveries (spread over ``endpoints`` endpoints, paths on
  the same receiver), sent by the delivery worker's rounds until none is due: claim in
  a short transaction, send through the guarded client, record results and
  ``notify.notification.sent.v1`` in the outbox. Also once with a single endpoint
  (one message at a time per endpoint, so that run is the sequential case).

Prints deliveries/s (median of ``runs``) and the ratio notify / raw loop. Runs against
its own local PostgreSQL (or WEERBAAR_TEST_POSTGRES_URL); Kafka is not needed (the
outbox rows wait, as they would during a broker outage).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from uuid import uuid4

import httpx

from shared.settings import KafkaSettings
from shared.runtime.for_tests import postgres_for_tests
from services.notify.domain import signing
from services.notify.domain.delivery import Channel, Delivery, webhook_body
from tests.support.running import free_port, migrate, test_settings

BODY = webhook_body("inventory.noodsteunpunt.registered.v1", datetime(2026, 11, 2, tzinfo=timezone.utc),
                    {"id": str(uuid4()), "name": "Benchmark noodsteunpunt", "region_code": "VR21", "public": True})
SECRET = "whsec_" + base64.b64encode(os.urandom(32)).decode()
CONCURRENCY = 16


async def receiver_app(scope, receive, send):  # type: ignore[no-untyped-def]
    """The webhook receiver: reads the body, waits ``?delay=<ms>``, answers 204."""
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    query = dict(part.split("=", 1) for part in scope["query_string"].decode().split("&") if "=" in part)
    if int(query.get("delay", "0")):
        await asyncio.sleep(int(query["delay"]) / 1000)
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def start_receiver(port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "benchmarks.notify_delivery:receiver_app", "--port",
                                str(port), "--log-level", "warning", "--no-access-log"])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.post(f"http://127.0.0.1:{port}/ready", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the receiver did not start")


def signed_headers(n: int) -> dict[str, str]:
    return signing.headers([SECRET], f"msg_{n}", int(time.time()), BODY.encode())


async def raw_loop(url: str, count: int, delay: int) -> float:
    async with httpx.AsyncClient(timeout=10) as client:
        started = time.perf_counter()
        for n in range(count):
            (await client.post(f"{url}/raw?delay={delay}", content=BODY, headers=signed_headers(n))).raise_for_status()
        return count / (time.perf_counter() - started)


async def raw_concurrent(url: str, count: int, delay: int) -> float:
    bound = asyncio.Semaphore(CONCURRENCY)
    async with httpx.AsyncClient(timeout=10, limits=httpx.Limits(max_connections=CONCURRENCY)) as client:
        async def one(n: int) -> None:
            async with bound:
                (await client.post(f"{url}/raw?delay={delay}", content=BODY, headers=signed_headers(n))).raise_for_status()
        started = time.perf_counter()
        await asyncio.gather(*(one(n) for n in range(count)))
        return count / (time.perf_counter() - started)


async def through_notify(service, url: str, count: int, endpoints: int, delay: int) -> float:  # type: ignore[no-untyped-def]
    from services.notify.handlers.deliveries import deliver_due

    worker = service.extras["worker"].delivery
    context = service.extras["context"]
    await _queue(service, url, count, endpoints, delay)
    started = time.perf_counter()
    sent = 0
    while True:
        report = await deliver_due(service.uow_factory, context, worker._senders, worker._options)
        sent += report.recorded
        if report.claimed == 0:
            break
    elapsed = time.perf_counter() - started
    if sent != count:
        raise RuntimeError(f"notify recorded {sent} of {count} deliveries")
    return count / elapsed


async def _queue(service, url: str, count: int, endpoints: int, delay: int) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(timezone.utc)
    ids = [uuid4() for _ in range(endpoints)]
    async with service.uow_factory() as uow:
        for n, endpoint_id in enumerate(ids):
            await uow.endpoints.add(endpoint_id, f"bench-{n}", f"{url}/hook-{n}?delay={delay}", [SECRET], "benchmark")
        for n in range(count):
            endpoint_id = ids[n % endpoints]
            await uow.deliveries.queue(Delivery(
                id=uuid4(), dedupe_key=f"event:{uuid4()}:{endpoint_id}", channel=Channel.WEBHOOK,
                recipient=f"{url}/hook-{n % endpoints}?delay={delay}", subject="benchmark", body=BODY, region_code="VR21",
                next_attempt_at=now, endpoint_id=endpoint_id, event_id=uuid4(), event_type="benchmark.x.y.v1",
            ), now)
        await uow.commit()


def notify_service(database_url: str):  # type: ignore[no-untyped-def]
    from services.notify.bootstrap import bootstrap
    from services.notify.settings import NotifySettings

    own = NotifySettings(webhook_allow_http=True, webhook_allowed_networks=["127.0.0.1/32"], concurrency=CONCURRENCY,
                         batch_size=200)
    # Kafka is never contacted: the relay is not started, notify's events wait in the outbox.
    return bootstrap(test_settings("notify", database_url, KafkaSettings(bootstrap_servers="127.0.0.1:9")), own)


async def main_async(count: int, endpoints: int, runs: int, delay: int) -> None:
    port = free_port()
    receiver = start_receiver(port)
    url = f"http://127.0.0.1:{port}"
    try:
        with postgres_for_tests() as postgres:
            postgres.create_database("benchmark_notify")
            database_url = postgres.url("benchmark_notify")
            await migrate("notify", database_url)
            service = notify_service(database_url)
            try:
                await raw_loop(url, 200, 0)  # warm-up: connections, the receiver's first requests
                await through_notify(service, url, 200, endpoints, 0)
                for wait, n in ((0, count), (delay, max(count // 4, 1))):
                    report(await scenario(service, url, n, endpoints, runs, wait), n, endpoints, runs, wait)
            finally:
                await service.extras["worker"].delivery._senders.webhook.aclose()
                await service.engine.dispose()
    finally:
        receiver.terminate()
        receiver.wait()


async def scenario(service, url: str, count: int, endpoints: int, runs: int, delay: int) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    results: dict[str, list[float]] = {"raw loop": [], "raw concurrent": [], "notify": [], "notify 1 endpoint": []}
    for _ in range(runs):
        results["raw loop"].append(await raw_loop(url, count, delay))
        results["raw concurrent"].append(await raw_concurrent(url, count, delay))
        results["notify"].append(await through_notify(service, url, count, endpoints, delay))
        results["notify 1 endpoint"].append(await through_notify(service, url, count, 1, delay))
    return results


def report(results: dict[str, list[float]], count: int, endpoints: int, runs: int, delay: int) -> None:
    print(f"\n{count} webhooks of {len(BODY)} bytes, receiver answers 204 after {delay} ms (uvicorn, own process, "
          f"127.0.0.1); median of {runs} runs; notify: {endpoints} endpoints, {CONCURRENCY} in flight, PostgreSQL on 127.0.0.1")
    base = statistics.median(results["raw loop"])
    for name, rates in results.items():
        median = statistics.median(rates)
        print(f"{name:>18}: {median:8.0f} deliveries/s  ({median / base:.2f}x raw loop)  runs: "
              + ", ".join(f"{r:.0f}" for r in rates))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deliveries", type=int, default=2000)
    parser.add_argument("--endpoints", type=int, default=16)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--delay-ms", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main_async(args.deliveries, args.endpoints, args.runs, args.delay_ms))


if __name__ == "__main__":
    main()
