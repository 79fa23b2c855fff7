"""Where the CPU of one HTTP write goes: registering a noodsteunpunt, measured in this
process layer by layer, from the inside out, beside the bare baseline's own layers.

Each layer is called directly (the apps through ASGI, without a server or a socket), 16
at a time, and its CPU time per request is the process's CPU time over the requests.
The apps' requests (URL, token, body) are built before the clock starts. The relay runs
in this process as it does in the service, so its cost is part of the layers that run
it. What uvicorn adds (parsing, the socket) is the same on both sides and is not here.

It shows what the HTTP write's target (0.5x the bare server's rate, so at most twice its
CPU per request) leaves for each of our layers (docs/messaging.md).

    python -m benchmarks.http_layers [--requests 4000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import uuid4

import asyncpg

from benchmarks.common import CONDITIONS, as_served, median, regions_and_gemeenten, service
from shared.auth.principal import Principal, Role
from shared.http.app import create_api, create_app
from shared.runtime.for_tests import kafka_for_tests, postgres_for_tests
from shared.settings import KafkaSettings
from tests.support import tokens
from services.inventory.domain.noodsteunpunt import Layer
from services.inventory.handlers import noodsteunpunten
from services.inventory.handlers.commands import RegisterNoodsteunpunt

IN_FLIGHT = 16
WARM_UP = 200  # requests through a layer before it is measured
ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


async def cpu_per_request(one: Callable[[int], Awaitable[None]], requests: int) -> float:
    """Microseconds of this process's CPU per call of ``one``, ``IN_FLIGHT`` calls at a time."""
    numbers = iter(range(requests))

    async def caller() -> None:
        for n in numbers:
            await one(n)

    started = time.process_time()
    await asyncio.gather(*(caller() for _ in range(IN_FLIGHT)))
    return (time.process_time() - started) / requests * 1e6


def posts(prefix: str, authorised: bool, requests: int) -> list[tuple[dict[str, Any], bytes]]:
    """The ASGI scope and body of each registration, over every region's first gemeente."""
    places = regions_and_gemeenten()
    bearer = {gemeente: tokens.municipality(gemeente) if authorised else {} for _, gemeente in places}
    built = []
    for n in range(requests):
        _, gemeente = places[n % len(places)]
        body = json.dumps({"name": f"Belasting {n}"}).encode()
        headers = [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"),
                   (b"content-length", str(len(body)).encode()),
                   *((name.lower().encode(), value.encode()) for name, value in bearer[gemeente].items())]
        path = f"{prefix}/municipalities/{gemeente}/noodsteunpunten"
        built.append(({"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                       "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "", "query_string": b"",
                       "headers": headers, "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8001)}, body))
    return built


def through(app: ASGIApp, requests: list[tuple[dict[str, Any], bytes]]) -> Callable[[int], Awaitable[None]]:
    """One request of ``requests`` through ``app``; anything but 201 fails the benchmark."""
    async def one(n: int) -> None:
        scope, body = requests[n]
        answered: list[int] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                answered.append(message["status"])

        await app({**scope, "state": {}}, receive, send)
        if answered != [201]:
            raise RuntimeError(f"{scope['path']} answered {answered}, not 201")

    return one


async def measured(one: Callable[[int], Awaitable[None]], requests: int, runs: int) -> list[float]:
    await cpu_per_request(one, min(WARM_UP, requests))  # an app's first requests build what it caches
    return [await as_served(cpu_per_request(one, requests)) for _ in range(runs)]


async def bare_side(database_url: str, requests: int, runs: int) -> list[tuple[str, list[float]]]:
    dsn = database_url.replace("+asyncpg", "")
    pool = await asyncpg.create_pool(dsn, min_size=IN_FLIGHT, max_size=IN_FLIGHT)
    try:
        await pool.execute("CREATE TABLE IF NOT EXISTS layer_inserts (id uuid PRIMARY KEY, municipality text, name text)")

        async def insert(n: int) -> None:
            await pool.execute("INSERT INTO layer_inserts VALUES ($1, $2, $3)", uuid4(), "GM0014", f"Belasting {n}")

        insert_cpu = await measured(insert, requests, runs)
    finally:
        await pool.close()
    os.environ["BARE_DSN"] = dsn  # the bare app reads its database when imported
    bare = importlib.import_module("benchmarks.bare_app")
    async with bare.lifespan(bare.app):
        app_cpu = await measured(through(bare.app, posts("", False, requests)), requests, runs)
    return [("bare: one asyncpg INSERT", insert_cpu), ("bare: FastAPI app, that INSERT in its endpoint", app_cpu)]


async def our_side(bootstrap: KafkaSettings, database_url: str, requests: int, runs: int) -> list[tuple[str, list[float]]]:
    inventory = await service("inventory", database_url, bootstrap)
    places = regions_and_gemeenten()

    async def register(n: int) -> None:
        region, gemeente = places[n % len(places)]
        actor = Principal("benchmark", Role.MUNICIPALITY, region, gemeente)
        command = RegisterNoodsteunpunt(actor, gemeente, f"Belasting {n}", Layer.LOCAL)
        await noodsteunpunten.register_noodsteunpunt(command, inventory.uow_factory(), inventory.reference)

    await inventory.start()
    try:
        figures = [("ours: the handler (rules, unit of work, the row and its outbox row; the relay publishing)",
                    await measured(register, requests, runs))]
        api = create_api(inventory)
        figures.append(("ours: the versioned API app (token, scope, validation, answer)",
                        await measured(through(api, posts("", True, requests)), requests, runs)))
        app = create_app(inventory)  # after the API app: it also instruments the engine for tracing
        figures.append(("ours: the whole app (its middlewares, tracing, the /v1 mount)",
                        await measured(through(app, posts("/v1", True, requests)), requests, runs)))
    finally:
        await inventory.stop()
        await inventory.engine.dispose()
    return figures


def print_layers(figures: list[tuple[str, list[float]]]) -> None:
    print(CONDITIONS)
    print(f"CPU per request in this process, {IN_FLIGHT} in flight; the median of the runs, and their range")
    print("| layer | CPU per request | runs | added by the layer |\n|---|---|---|---|")
    previous: dict[str, float] = {}
    for name, runs in figures:
        side, cpu = name.split(":", 1)[0], median(runs)
        added = f"{cpu - previous[side]:+,.0f} µs" if side in previous else ""
        previous[side] = cpu
        print(f"| {name} | {cpu:,.0f} µs | {min(runs):,.0f}-{max(runs):,.0f} µs | {added} |")


async def main_async(requests: int, runs: int) -> None:
    with kafka_for_tests() as broker, postgres_for_tests() as postgres:
        postgres.create_database("bench_layers_bare")
        postgres.create_database("bench_layers_inventory")
        figures = await bare_side(postgres.url("bench_layers_bare"), requests, runs)
        figures += await our_side(broker.admin_settings, postgres.url("bench_layers_inventory"), requests, runs)
    print_layers(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    asyncio.run(main_async(arguments.requests, arguments.runs))


if __name__ == "__main__":
    main()
