"""/metrics and /health on a real service: requests per route template, the correlation id
of a request in its answer and its events, and the operators' status."""

from __future__ import annotations

from uuid import uuid4

import pytest

from shared.contract.topics import event_topic
from tests.observability.integration.support import OSS, REGISTER, REGISTER_ROUTE, register, scrape, values
from tests.support import tokens
from tests.support.kafka import header, read_topic

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def requests(inventory, status: str) -> float:
    return sum(values(await scrape(inventory), "weerbaar_http_requests_total", service="inventory", method="POST",
                      route=REGISTER_ROUTE, status=status))


async def test_requests_are_counted_per_route_template_and_status(inventory):
    created, refused = await requests(inventory, "201"), await requests(inventory, "400")
    await register(inventory, "Dorpshuis Geffen")
    await register(inventory, "Dorpshuis Megen")
    bad = await inventory.client.post(REGISTER, json={"name": ""}, headers=tokens.municipality(OSS))
    assert bad.status_code == 400
    assert await requests(inventory, "201") == created + 2
    assert await requests(inventory, "400") == refused + 1
    text = await scrape(inventory)
    assert values(text, "weerbaar_http_request_duration_seconds_count", service="inventory", method="POST",
                  route=REGISTER_ROUTE)[0] >= 3
    assert (await inventory.client.get("/metrics")).status_code == 404, "/metrics is outside the versioned API"


async def test_the_correlation_id_is_answered_and_carried_by_the_events(inventory, kafka_settings):
    mine = str(uuid4())
    subject = await register(inventory, "Sporthal Oss", headers={"X-Correlation-ID": mine})
    records = await read_topic(kafka_settings, event_topic("inventory"),
                               until=lambda rs: any(header(r, "ce_subject") == subject for r in rs))
    (record,) = [r for r in records if header(r, "ce_subject") == subject]
    assert header(record, "ce_correlationid") == mine

    answer = await inventory.client.post(REGISTER, json={"name": "Kerk Oss"}, headers=tokens.municipality(OSS))
    assert answer.status_code == 201
    assert len(answer.headers["x-correlation-id"]) == 36, "a request without one gets one, and is told"


async def test_the_status_shows_database_kafka_outbox_consumers_and_workers(inventory, notify):
    status = (await notify.root.get("/health/status")).json()
    assert status["service"] == "notify" and status["status"] == "ready"
    assert status["database"] == {"reachable": True} and status["kafka"] == {"reachable": True}
    assert status["outbox"]["pending"] is not None
    assert status["outbox_relay"]["running"] is True
    feed = status["consumers"]["notify.feed"]
    assert feed["started"] is True and feed["stalled"] is False and feed["processed"] >= 1
    assert isinstance(feed["lag"], dict) and isinstance(feed["dead_letters"], int)
    assert status["workers"], "notify's delivery worker reports itself"
    assert (await inventory.root.get("/health/live")).json() == {"status": "alive", "service": "inventory"}
