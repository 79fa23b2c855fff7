"""Runs a real service in-process for tests: its own database, migrations, the real
Kafka broker (as the service's own principal, with only that principal's rights), and
uvicorn on a free loopback port, so tests speak real HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import httpx
import uvicorn

from shared.db.migrations import upgrade
from shared.http.app import API_PREFIX, create_app
from shared.ops.kafka_access import grant, group_binding
from shared.runtime import free_ports
from shared.runtime.credentials import principal_settings
from shared.service import Service
from shared.settings import ConsumerSettings, DatabaseSettings, KafkaSettings, OutboxSettings, Settings
from tests.support.consumers import wait_until_listening
from tests.support.polling import eventually

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    (port,) = free_ports(1)
    return port


def test_settings(name: str, database_url: str, kafka: KafkaSettings) -> Settings:
    """Settings of service ``name`` in a test; ``kafka`` is the tests' (admin) settings, the
    service gets its own principal's, and consumer groups named after its database."""
    group_prefix = f"test-{database_url.rsplit('/', 1)[-1]}"
    return Settings(
        service_name=name,
        # Tests run many services against one PostgreSQL: five connections kept per service,
        # up to ten more for a burst (closed again), so the stacks alive at once stay within
        # its connection limit while notify's consumers, relay and workers never wait long.
        db=DatabaseSettings(url=database_url, pool_size=5, max_overflow=10),
        kafka=principal_settings(kafka, name).model_copy(update={"group_prefix": group_prefix}),
        outbox=OutboxSettings(poll_interval_seconds=0.2, max_backoff_seconds=1.0),
        consumer=ConsumerSettings(first_backoff_seconds=0.05, max_backoff_seconds=0.2, max_attempts=3),
    )


async def migrate(name: str, database_url: str) -> None:
    await asyncio.to_thread(upgrade, ROOT / "services" / name / "migrations", database_url, name)


@dataclass
class RunningService:
    """``client`` speaks the versioned API (its paths are relative to ``api_url``, e.g.
    ``client.get("/regions/VR21/rounds")``); ``root`` the unversioned health and AsyncAPI."""

    service: Service
    base_url: str
    client: httpx.AsyncClient
    root: httpx.AsyncClient

    @property
    def api_url(self) -> str:
        return f"{self.base_url}{API_PREFIX}"

    async def wait_ready(self, timeout: float = 30.0) -> None:
        await eventually(self._ready, timeout, what=f"{self.service.name} ready")

    async def _ready(self) -> bool:
        return (await self.root.get("/health/ready")).status_code == 200


async def allow_consumer_groups(kafka: KafkaSettings, settings: Settings) -> None:
    """The service's principal may use its consumer groups, named after its test database."""
    if kafka.sasl_mechanism:
        await grant(kafka, [group_binding(settings.service_name, settings.kafka.group_prefix)])


@asynccontextmanager
async def run_service(
    name: str,
    database_url: str,
    kafka: KafkaSettings,
    adjust: Callable[[Settings], Settings] = lambda s: s,
    from_the_end: bool = False,
) -> AsyncIterator[RunningService]:
    """Migrate, bootstrap, serve; yields once the service reports ready; stops cleanly.

    ``kafka`` is the ``kafka_settings`` fixture (the tests' admin); the service connects as itself.
    ``from_the_end``: its consumers start at the topics' end, so they skip what other tests left
    on the shared broker, and this yields only once they hold their partitions: an event published
    after that is read (one published while a new group still joins would be skipped).
    """
    await migrate(name, database_url)
    bootstrap = import_module(f"services.{name}.bootstrap").bootstrap
    settings = adjust(test_settings(name, database_url, kafka))
    if from_the_end:
        settings.kafka.auto_offset_reset = "latest"
    await allow_consumer_groups(kafka, settings)
    service = bootstrap(settings)
    port = free_port()
    config = uvicorn.Config(create_app(service), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    base_url = f"http://127.0.0.1:{port}"
    async with (
        httpx.AsyncClient(base_url=f"{base_url}{API_PREFIX}", timeout=20.0) as client,
        httpx.AsyncClient(base_url=base_url, timeout=20.0) as root,
    ):
        running = RunningService(service, base_url, client, root)
        try:
            while not server.started:
                if task.done():
                    task.result()
                await asyncio.sleep(0.05)
            await running.wait_ready()
            if from_the_end:
                await wait_until_listening(service)
            yield running
        finally:
            server.should_exit = True
            await task
