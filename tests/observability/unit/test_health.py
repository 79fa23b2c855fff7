"""Liveness answers whatever is down; readiness follows the database alone; the status
reports each part, the background workers through their own status()."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from types import SimpleNamespace

import httpx
import pytest

from services.inventory.bootstrap import bootstrap
from shared import health
from shared.http.app import create_app
from shared.settings import DatabaseSettings, KafkaSettings, Settings
from tests.support.running import free_port

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_without_a_database_the_service_is_alive_but_not_ready():
    settings = Settings(
        service_name="inventory",
        db=DatabaseSettings(url=f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/nothing"),
        kafka=KafkaSettings(bootstrap_servers=f"127.0.0.1:{free_port()}"),
    )
    service = bootstrap(settings)
    transport = httpx.ASGITransport(app=create_app(service))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://inventory") as client:
            assert (await client.get("/health/live")).status_code == 200
            ready = await client.get("/health/ready")
            assert ready.status_code == 503
            assert ready.json()["status"] == "not ready"
            assert ready.json()["checks"]["database"] is False and ready.json()["checks"]["kafka"] is False
            status = await client.get("/health/status")
            assert status.status_code == 200  # the operators' view answers even then
            assert status.json()["status"] == "not ready" and status.json()["database"] == {"reachable": False}
            assert status.json()["outbox"] == {"pending": None}
    finally:
        await service.engine.dispose()


@dataclass
class Snapshot:
    running: bool
    due: int


class SyncWorker:
    name = "delivery"

    def status(self) -> dict[str, object]:
        return {"running": True, "last_error": None}


class AsyncWorker:
    name = "scheduler"

    async def status(self) -> Snapshot:
        return Snapshot(running=True, due=3)


class HangingWorker:
    name = "hanging"

    async def status(self) -> dict[str, object]:
        await asyncio.sleep(10)
        return {}


class BrokenWorker:
    name = "broken"

    def status(self) -> dict[str, object]:
        raise RuntimeError("no idea")


class SilentWorker:
    last_error = "SMTP away"


async def test_each_worker_reports_through_its_status_bounded_in_time(monkeypatch):
    monkeypatch.setattr(health, "WORKER_TIMEOUT_SECONDS", 0.05)
    service = SimpleNamespace(workers=[SyncWorker(), AsyncWorker(), HangingWorker(), BrokenWorker(), SilentWorker()])
    report = await health.workers_status(service)  # type: ignore[arg-type]
    assert report["delivery"] == {"running": True, "last_error": None}
    assert report["scheduler"] == {"running": True, "due": 3}
    assert report["hanging"]["error"].startswith("status unavailable: TimeoutError")
    assert report["broken"] == {"error": "status unavailable: RuntimeError: no idea"}
    assert report["SilentWorker"] == {"last_error": "SMTP away"}
