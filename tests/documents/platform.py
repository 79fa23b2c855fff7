"""The four services running together for real (Kafka, PostgreSQL), with the demo
scenario of Brabant-Noord played through their HTTP APIs, as `make demo` does."""

from __future__ import annotations

from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import import_module
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.documents import dutch
from shared.settings import AuthSettings
from tests.support.polling import eventually
from tests.support.running import RunningService, run_service

SERVICES = ("inventory", "funding", "campaign", "notify")
NOTIFY = {"MEMO_FREQUENCY": "off", "SMTP_PORT": 9, "POLL_INTERVAL_SECONDS": 0.2, "MAX_ATTEMPTS": 1}


@dataclass
class Platform:
    services: dict[str, RunningService]
    memo_dir: Path
    period: tuple[date, date]
    proposal: dict[str, Any] = field(default_factory=dict)
    campaign: Any = None
    memo: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> RunningService:
        return self.services[name]


async def _fresh(url: str, schema: str) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    await engine.dispose()


async def consumed(producer: RunningService, consumer: RunningService, types: tuple[str, ...] | None = None) -> None:
    """Every event ``producer`` published (of ``types``) is in ``consumer``'s inbox."""
    messaging = import_module(f"services.{producer.service.name}.adapters.tables").messaging
    outbox, pending = messaging.outbox, messaging.pending
    inbox = import_module(f"services.{consumer.service.name}.adapters.tables").messaging.inbox

    async def all_in() -> bool:
        async with producer.service.session_factory() as session:
            query = select(outbox.c.event_id, outbox.c.id.in_(select(pending.c.id)).label("waiting"))
            if types:
                query = query.where(outbox.c.event_type.in_(types))
            rows = (await session.execute(query)).all()
        if any(r.waiting for r in rows):
            return False
        async with consumer.service.session_factory() as session:
            seen = set((await session.execute(select(inbox.c.event_id))).scalars())
        return {r.event_id for r in rows} <= seen
    await eventually(all_in, 90, what=f"{consumer.service.name} has every event of {producer.service.name}")


@asynccontextmanager
async def demo_platform(postgres, kafka_settings, memo_dir: Path):
    async with AsyncExitStack() as stack:
        env = stack.enter_context(pytest.MonkeyPatch.context())
        for name, value in NOTIFY.items():
            env.setenv(f"WEERBAAR_NOTIFY_{name}", str(value))
        running = {}
        for name in SERVICES:
            database = f"documents_{name}"
            postgres.create_database(database)
            await _fresh(postgres.url(database), name)
            running[name] = await stack.enter_async_context(
                run_service(name, postgres.url(database), kafka_settings, from_the_end=True))
        platform = Platform(running, memo_dir, (dutch.today() - timedelta(days=30), dutch.today()))
        await play(platform)
        yield platform


async def play(platform: Platform) -> None:
    """The demo of every service, in `make demo`'s order, waiting where one needs another's events."""
    from services.campaign.demo import run_demo as campaign_demo
    from services.funding.demo import run_demo as funding_demo
    from services.inventory.demo import run_demo as inventory_demo
    from services.notify.demo import run_demo as notify_demo

    def client(name: str):
        return lambda: httpx.AsyncClient(base_url=platform[name].api_url, timeout=60.0)

    quiet = lambda line: None  # noqa: E731
    platform.proposal = await inventory_demo(client("inventory"), say=quiet)
    async with client("funding")() as http:
        await funding_demo(http, AuthSettings(), say=quiet)
    await consumed(platform["inventory"], platform["campaign"], (
        "inventory.noodsteunpunt.registered.v1", "inventory.noodsteunpunt.readiness_changed.v1"))
    platform.campaign = await campaign_demo(platform["campaign"].api_url)
    for producer in ("inventory", "funding", "campaign"):
        await consumed(platform[producer], platform["notify"])
    platform.memo = await notify_demo(client("notify"), platform.memo_dir, *platform.period, say=quiet)
