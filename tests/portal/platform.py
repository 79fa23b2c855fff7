"""The whole platform in this process for the portal's tests and benchmark: the four services
on the real Kafka and PostgreSQL (each with a fresh database), the demo scenario played
through their APIs, and the portal in front of them on a free loopback port."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from services.portal.bootstrap import bootstrap as portal_bootstrap
from shared.documents import dutch
from services.portal.settings import PortalSettings, ServiceUrls
from tests.support.running import RunningService, free_port, run_service

SERVICES = ("inventory", "funding", "campaign", "notify")


@dataclass
class Platform:
    services: dict[str, RunningService]
    portal_url: str

    def api(self, service: str) -> httpx.AsyncClient:
        return self.services[service].client


@asynccontextmanager
async def running_platform(postgres: Any, kafka_settings: Any, prefix: str, demo: bool = True,
                           memo_dir: Path | None = None) -> AsyncIterator[Platform]:
    async with AsyncExitStack() as stack:
        services: dict[str, RunningService] = {}
        for name in SERVICES:
            database = f"{prefix}_{name}"
            postgres.create_database(database)
            await _fresh_schema(postgres.url(database), name)
            services[name] = await stack.enter_async_context(
                run_service(name, postgres.url(database), kafka_settings, from_the_end=True))
        if demo:
            await play_demo({name: running.api_url for name, running in services.items()},
                            memo_dir or Path(".weerbaar") / "portal-test-memo")
        urls = ServiceUrls(**{name: running.base_url for name, running in services.items()})
        portal_url = await stack.enter_async_context(serve_portal(PortalSettings(
            services=urls, dev_sign_in=True, cookie_secure=False)))
        yield Platform(services, portal_url)


@asynccontextmanager
async def serve_portal(settings: PortalSettings) -> AsyncIterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(portal_bootstrap(settings), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def play_demo(api_urls: dict[str, str], memo_dir: Path) -> None:
    """The README's demo scenario (Brabant-Noord), service by service, as `make demo` plays it."""
    from services.campaign.demo import run_demo as campaign_demo
    from services.funding.demo import run_demo as funding_demo
    from services.inventory.demo import run_demo as inventory_demo
    from services.notify.demo import run_demo as notify_demo
    from shared.settings import AuthSettings

    def quiet(_: str) -> None:
        pass

    def client(service: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=api_urls[service], timeout=60.0)

    await inventory_demo(lambda: client("inventory"), quiet)
    async with client("funding") as http:
        await funding_demo(http, AuthSettings(), say=quiet)
    await campaign_demo(api_urls["campaign"])
    today = dutch.today()  # the memo's days are Dutch ones
    await notify_demo(lambda: client("notify"), memo_dir, today - timedelta(days=30), today, quiet)


async def _fresh_schema(url: str, schema: str) -> None:
    """A rerun against a long-lived server (WEERBAAR_TEST_POSTGRES_URL) starts from nothing too."""
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    await engine.dispose()
