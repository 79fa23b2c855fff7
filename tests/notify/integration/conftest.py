"""The notify service running for real against Kafka and PostgreSQL, with a real SMTP
server and a real webhook receiver: started once for this whole folder.

The service's consumers start at the topics' end (``latest``), and the fixture waits
until they hold their partitions, so every event a test publishes afterwards is
read, and the tests do not wait for the backlog other test folders left on the
shared broker. (Reading from the beginning is the platform's default and is
covered by the foundation tests.)
"""

from __future__ import annotations


import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.notify.integration.fakes import Dns, ReceiverServer, SmtpServer
from tests.support.running import run_service

DATABASE = "notify_integration"
SETTINGS = {
    "POLL_INTERVAL_SECONDS": 0.1, "LINK_BASE_URL": "https://weerbaar.test/app", "MAX_ATTEMPTS": 4,
    "FIRST_BACKOFF_SECONDS": 1, "MAX_BACKOFF_SECONDS": 4, "PAUSE_AFTER_FAILURES": 3, "PAUSE_SECONDS": 30,
    "WEBHOOK_TIMEOUT_SECONDS": 2,
    # The memo schedule is tested on its own notify (test_memo_schedule.py): here it would
    # mail the board of every region with events, next to what these tests count.
    "MEMO_FREQUENCY": "off",
    # The test receivers listen on 127.0.0.1 over plain http: allowed here, and only here.
    "WEBHOOK_ALLOW_HTTP": "true", "WEBHOOK_ALLOWED_NETWORKS": '["127.0.0.1/32"]',
    # Long enough that a test can count reloads; this process's own changes still reload at once.
    "SUBSCRIPTION_CACHE_SECONDS": 60,
}


@pytest.fixture(scope="package")
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest_asyncio.fixture(scope="package", loop_scope="session")
async def receiver():
    server = ReceiverServer()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def dns(notify):
    """The service's resolver, for names a test maps (DNS rebinding); the system resolver again afterwards."""
    guard = notify.service.extras["context"].guard
    fake, before = Dns(), guard.resolver
    guard.resolver = fake
    yield fake
    guard.resolver = before


@pytest_asyncio.fixture(scope="package", loop_scope="session")
async def notify(postgres, kafka_settings, smtp):
    postgres.create_database(DATABASE)
    await _fresh_schema(postgres.url(DATABASE))
    with pytest.MonkeyPatch.context() as env:
        for name, value in {**SETTINGS, "SMTP_PORT": smtp.port}.items():
            env.setenv(f"WEERBAAR_NOTIFY_{name}", str(value))
        async with run_service("notify", postgres.url(DATABASE), kafka_settings, from_the_end=True) as running:
            yield running


async def _fresh_schema(url: str) -> None:
    """A rerun against a long-lived server (WEERBAAR_TEST_POSTGRES_URL) starts from nothing too."""
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA IF EXISTS notify CASCADE"))
    await engine.dispose()


@pytest.fixture
def clock(notify):
    """The service's clock; given back to system time after each test."""
    clock = notify.service.extras["clock"]
    yield clock
    clock.release()
