"""End to end: HTTP -> inventory database and outbox -> Kafka -> notify -> HTTP feed."""

from __future__ import annotations

import pytest
from opentelemetry.instrumentation.utils import suppress_instrumentation
from sqlalchemy import func, select

from services.inventory.adapters.tables import messaging as inventory_messaging
from services.inventory.adapters.tables import noodsteunpunten
from tests.support import tokens
from tests.support.kafka import header, read_topic
from tests.support.polling import eventually

pytestmark = pytest.mark.asyncio(loop_scope="session")
OSS = "GM0828"  # Oss, VR21 Brabant-Noord


async def feed_items(notify, headers, predicate):
    response = await notify.client.get("/feed", headers=headers)
    assert response.status_code == 200, response.text
    return [item for item in response.json()["items"] if predicate(item)]


async def test_a_registered_noodsteunpunt_reaches_the_notify_feed(inventory, notify, kafka_settings):
    response = await inventory.client.post(
        f"/municipalities/{OSS}/noodsteunpunten",
        json={"name": "Brandweerkazerne Oss", "layer": "regional", "public": True},
        headers=tokens.municipality(OSS),
    )
    assert response.status_code == 201, response.text
    nsp = response.json()
    assert nsp["region_code"] == "VR21"
    subject = f"noodsteunpunt/{nsp['id']}"

    records = await read_topic(
        kafka_settings, "weerbaar.inventory.events", until=lambda rs: any(header(r, "ce_subject") == subject for r in rs)
    )
    (record,) = [r for r in records if header(r, "ce_subject") == subject]
    assert record.key == b"VR21"
    assert header(record, "ce_type") == "inventory.noodsteunpunt.registered.v1"

    items = await eventually(
        lambda: feed_items(notify, tokens.region("VR21"), lambda i: i["subject"] == subject), what="feed item"
    )
    assert items[0]["event_id"] == header(record, "ce_id")
    assert items[0]["title"] == "Noodsteunpunt 'Brandweerkazerne Oss' (regionaal) geregistreerd in Oss"

    own = await notify.client.get("/feed", headers=tokens.municipality(OSS))
    assert subject in [i["subject"] for i in own.json()["items"]]
    elsewhere = await notify.client.get("/feed", headers=tokens.region("VR01"))
    assert subject not in [i["subject"] for i in elsewhere.json()["items"]], "another region must not see VR21's feed"
    other_gemeente = await notify.client.get("/feed", headers=tokens.municipality("GM0796"))
    assert subject not in [i["subject"] for i in other_gemeente.json()["items"]]


async def counts(inventory, municipality_code):
    async with inventory.service.session_factory() as session:
        stored = await session.scalar(
            select(func.count()).select_from(noodsteunpunten).where(noodsteunpunten.c.municipality_code == municipality_code)
        )
        outbox = await session.scalar(select(func.count()).select_from(inventory_messaging.outbox))
    return stored, outbox


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer not-a-jwt"}, 401),
        (tokens.municipality("GM0796"), 403),  # 's-Hertogenbosch, same region, other gemeente
        (tokens.municipality("GM0014"), 403),  # Groningen, other region
        (tokens.region("VR21"), 403),  # a region user does not register a gemeente's NSPs
        (tokens.national(), 403),
    ],
)
async def test_a_write_outside_the_tokens_scope_is_refused_and_changes_nothing(inventory, headers, status):
    before = await counts(inventory, OSS)
    response = await inventory.client.post(
        f"/municipalities/{OSS}/noodsteunpunten", json={"name": "Bibliotheek Oss"}, headers=headers
    )
    assert response.status_code == status, response.text
    assert await counts(inventory, OSS) == before


async def test_bad_input_is_a_clear_4xx(inventory):
    response = await inventory.client.post(
        f"/municipalities/{OSS}/noodsteunpunten", json={"name": "", "layer": "national"}, headers=tokens.municipality(OSS)
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert {e["location"] for e in response.json()["errors"]} == {"#/name", "#/layer"}


async def test_readiness_reports_database_kafka_relay_and_consumers(inventory, notify):
    async def kafka_answers() -> dict | None:
        ready = (await notify.root.get("/health/ready")).json()
        return ready if ready["checks"]["kafka"] is True else None

    # The Kafka probe has a 1 s budget; on a busy machine one probe may miss it.
    ready = await eventually(kafka_answers, timeout=15, what="readiness sees Kafka")
    assert ready["status"] == "ready"
    assert ready["checks"]["database"] is True
    assert ready["checks"]["outbox_relay"]["running"] is True
    assert ready["checks"]["consumers"]["notify.feed"]["started"] is True
    assert (await inventory.root.get("/health/live")).json()["status"] == "alive"


async def test_each_service_serves_its_asyncapi_document(inventory):
    document = (await inventory.root.get("/asyncapi.json")).json()
    assert document["asyncapi"] == "3.0.0"
    assert "inventory.noodsteunpunt.registered.v1" in document["channels"]["weerbaar.inventory.events"]["messages"]


async def test_a_callers_trace_id_becomes_the_events_correlation(inventory, kafka_settings):
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    # The caller is another system: once a test installed a recording tracer provider, this
    # process's instrumented httpx would put a traceparent of its own in place of the caller's.
    with suppress_instrumentation():
        response = await inventory.client.post(
            f"/municipalities/{OSS}/noodsteunpunten",
            json={"name": "Gemeentehuis Oss"},
            headers={**tokens.municipality(OSS), "traceparent": f"00-{trace_id}-00f067aa0ba902b7-01"},
        )
    subject = f"noodsteunpunt/{response.json()['id']}"
    records = await read_topic(
        kafka_settings, "weerbaar.inventory.events", until=lambda rs: any(header(r, "ce_subject") == subject for r in rs)
    )
    (record,) = [r for r in records if header(r, "ce_subject") == subject]
    assert header(record, "ce_correlationid").replace("-", "") == trace_id
    assert header(record, "ce_traceparent").startswith(f"00-{trace_id}-")


async def test_a_value_postgresql_cannot_store_is_a_422_not_a_500(inventory):
    before = await counts(inventory, OSS)
    response = await inventory.client.post(
        f"/municipalities/{OSS}/noodsteunpunten", json={"name": "Buurthuis\u0000Oss"}, headers=tokens.municipality(OSS)
    )
    assert response.status_code == 422, response.text
    assert "kan niet worden opgeslagen" in response.json()["detail"]
    assert "\\x00" not in response.text and "invalid byte sequence" not in response.text  # no database text
    assert await counts(inventory, OSS) == before
