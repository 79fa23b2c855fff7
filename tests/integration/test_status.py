"""`python -m shared.ops.status`: an operator's summary of backlog, lag, dead letters and
stalls per service, read from /metrics (the platform's declared metrics) and readiness."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from prometheus_client import generate_latest

from shared.contract.topics import SERVICES
from shared.observability import metrics
from shared.ops.status import collect, main, render
from tests.support.running import free_port, run_service


class FakeService:
    """Serves the process's real Prometheus registry at /metrics and a chosen readiness."""

    def __init__(self, ready: bool) -> None:
        self.ready = ready
        self.port = free_port()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                if self.path == "/metrics":
                    status, body = 200, generate_latest()
                else:
                    status, body = (200 if owner.ready else 503), b"{}"
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def fake_services() -> Iterator[tuple[FakeService, FakeService]]:
    healthy, stuck = FakeService(ready=True), FakeService(ready=False)
    yield healthy, stuck
    for fake in (healthy, stuck):
        fake.server.shutdown()
        fake.server.server_close()


def test_the_summary_adds_up_each_services_backlog_lag_and_dead_letters(fake_services) -> None:
    healthy, stuck = fake_services
    ok, bad = f"ok-{uuid.uuid4().hex[:6]}", f"bad-{uuid.uuid4().hex[:6]}"
    metrics.OUTBOX_BACKLOG.labels(service=bad).set(12)
    metrics.OUTBOX_OLDEST_AGE.labels(service=bad).set(35.5)
    for partition, lag in (("0", 100), ("3", 40)):
        metrics.CONSUMER_LAG.labels(service=bad, consumer="feed", topic="weerbaar.inventory.events", partition=partition).set(lag)
    metrics.DEAD_LETTERS.labels(service=bad, consumer="feed", reason="invalid").inc(3)
    metrics.CONSUMER_STALLED.labels(service=bad, consumer="feed").set(1)
    metrics.OUTBOX_BACKLOG.labels(service=ok).set(0)

    statuses = {s.service: s for s in collect({ok: healthy.url, bad: stuck.url})}

    assert statuses[ok].ready and statuses[ok].outbox_backlog == 0 and statuses[ok].consumer_lag == 0
    assert not statuses[bad].ready
    assert (statuses[bad].outbox_backlog, statuses[bad].oldest_unpublished_seconds) == (12, 35.5)
    assert statuses[bad].consumer_lag == 140
    assert statuses[bad].dead_letters == 3
    assert statuses[bad].stalled == ["feed"]
    table = render(list(statuses.values()))
    assert f"{bad:<10} NO" in table and "feed" in table


def test_a_service_that_does_not_answer_is_reported_down() -> None:
    (status,) = collect({"inventory": f"http://127.0.0.1:{free_port()}"})

    assert not status.reachable and not status.ready
    assert "DOWN" in render([status])


async def test_a_running_service_is_reported_ready_and_the_exit_status_says_so(postgres, kafka_settings) -> None:
    database = f"status_{uuid.uuid4().hex[:8]}"
    postgres.create_database(database)
    async with run_service("inventory", postgres.url(database), kafka_settings) as inventory:
        # The CLI blocks; in a thread, so the service (on this event loop) can answer it.
        everyone_ready = await asyncio.to_thread(main, [f"--url={name}={inventory.base_url}" for name in SERVICES])
        one_down = await asyncio.to_thread(main, [f"--url=inventory={inventory.base_url}", f"--base-port={free_port()}"])

    assert everyone_ready == 0
    assert one_down == 1
