"""Signed webhooks to a real HTTP receiver: signatures verified here with hmac and
base64 only; the receiver down for a while, then every delivery arrives once; an
endpoint that never recovers ends in a dead letter with its reason."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from datetime import datetime, timedelta, timezone
from uuid import uuid4

import logging

import pytest
from prometheus_client import REGISTRY

from shared.contract.inventory import PilotApproved

from tests.notify.integration.fakes import eventually
from tests.notify.integration.helpers import INVENTORY, deliveries_to, stamped
from tests.support import tokens
from tests.support.kafka import header, produce_event, read_topic

pytestmark = pytest.mark.asyncio(loop_scope="session")
BEST = "GM0753"  # Best, VR22 Brabant-Zuidoost
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
OPERATOR = tokens.bearer("operator", sub="ops")


def whsec() -> str:
    return "whsec_" + base64.b64encode(os.urandom(32)).decode()


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """A receiver's check, as Standard Webhooks describes it, independent of the project's code."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{body.decode()}".encode()
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(part.split(",", 1)[1], expected) for part in headers["webhook-signature"].split(" "))


async def add_endpoint(notify, url, secrets, event_types):
    response = await notify.client.post("/endpoints", json={"name": "Integrator", "url": url, "event_types": event_types,
                                                            "region_code": "VR22", "secrets": secrets}, headers=OPERATOR)
    assert response.status_code == 201, response.text
    return response.json()


def approved():
    return stamped(PilotApproved, source=INVENTORY, region="VR22", municipality_code=BEST, subject=f"pilot/{uuid4()}",
                   pilot_id=uuid4())


async def test_receiver_down_then_every_delivery_arrives_once_and_signed(notify, receiver, clock, kafka_settings):
    worker = notify.service.extras["worker"]
    old, new = whsec(), whsec()
    endpoint = await add_endpoint(notify, f"{receiver.url}/hook", [old, new], ["inventory.pilot.approved.v1"])
    clock.set(T0)
    receiver.app.up = False
    events = [approved() for _ in range(4)]
    for event in events:
        await produce_event(kafka_settings, event)

    async def all_tried_once():
        rows = await deliveries_to(notify, f"{receiver.url}/hook")
        return len(rows) == 4 and all(r.attempts >= 1 or r.next_attempt_at > T0 for r in rows) and rows
    await eventually(all_tried_once, what="a first attempt (or a wait) of each delivery")
    # Three failures in a row pause the endpoint: the fourth waits for the pause to end, its attempts untouched.
    rows = await deliveries_to(notify, f"{receiver.url}/hook")
    assert sorted(r.attempts for r in rows) == [0, 1, 1, 1]
    assert receiver.app.refused == 3
    assert all(r.last_response == "HTTP 503 down for maintenance" for r in rows if r.attempts)

    clock.advance(timedelta(seconds=10))  # past the backoff, but still paused
    await worker.run_once()
    assert receiver.app.refused == 3, "a paused endpoint is left alone"

    receiver.app.up = True
    clock.advance(timedelta(seconds=25))  # the pause is over

    def hooked():  # the package's receiver also serves other tests' endpoints
        return [r for r in receiver.app.received if r.path == "/hook"]
    await eventually(lambda: len(hooked()) >= 4, what="every delivery after recovery")
    await worker.run_once()

    ids = [r.headers["webhook-id"] for r in hooked()]
    assert len(ids) == len(set(ids)) == 4, "once per delivery id"
    for received in hooked():
        assert verify(old, received.headers, received.body) and verify(new, received.headers, received.body)
        assert not verify(whsec(), received.headers, received.body)
        assert received.headers["webhook-timestamp"] == str(int((T0 + timedelta(seconds=35)).timestamp()))
    payloads = [json.loads(r.body) for r in hooked()]
    assert {p["data"]["id"] for p in payloads} == {str(e.id) for e in events}
    assert {p["type"] for p in payloads} == {"inventory.pilot.approved.v1"}

    log = (await notify.client.get(f"/subscriptions/{endpoint['id']}/deliveries", headers=OPERATOR)).json()["items"]
    assert {d["status"] for d in log} == {"sent"}
    failed_then_sent = [d for d in log if d["attempts"] == 2]
    assert len(failed_then_sent) == 3
    assert [a["response"] for a in failed_then_sent[0]["log"]] == ["HTTP 503 down for maintenance", "HTTP 204"]


async def test_secret_rotation_signs_with_the_new_secret_alone_once_the_old_is_dropped(notify, receiver, clock, kafka_settings):
    old, new = whsec(), whsec()
    endpoint = await add_endpoint(notify, f"{receiver.url}/rotated", [old], ["inventory.pilot.approved.v1"])
    assert (await notify.client.put(f"/endpoints/{endpoint['id']}/secrets", json={"secrets": [new]},
                                    headers=tokens.region("VR22"))).status_code == 403
    assert (await notify.client.put(f"/endpoints/{endpoint['id']}/secrets", json={"secrets": [new]},
                                    headers=OPERATOR)).status_code == 204
    await produce_event(kafka_settings, approved())
    (received,) = await eventually(lambda: [r for r in receiver.app.received if r.path == "/rotated"], what="the webhook")
    assert verify(new, received.headers, received.body) and not verify(old, received.headers, received.body)


def delivered(outcome: str) -> float:
    labels = {"service": "notify", "channel": "webhook", "outcome": outcome}
    return REGISTRY.get_sample_value("weerbaar_deliveries_total", labels) or 0.0


async def test_an_endpoint_that_never_recovers_ends_in_a_dead_letter_with_its_reason(notify, receiver, clock, kafka_settings,
                                                                                    caplog):
    caplog.set_level(logging.WARNING, logger="services.notify.handlers.deliveries")
    counted = {outcome: delivered(outcome) for outcome in ("retry", "failed")}
    worker = notify.service.extras["worker"]
    endpoint = await add_endpoint(notify, f"{receiver.url}/always-fails", [whsec()], ["inventory.pilot.approved.v1"])
    clock.set(T0 + timedelta(days=1))
    await produce_event(kafka_settings, approved())
    await eventually(lambda: deliveries_to(notify, f"{receiver.url}/always-fails"), what="the delivery")
    for _ in range(8):  # each step is past any backoff and pause
        clock.advance(timedelta(hours=1))
        await worker.run_once()
    (row,) = await eventually(lambda: deliveries_to(notify, f"{receiver.url}/always-fails"), what="the dead letter")
    assert row.status == "dead" and row.attempts == 4
    assert row.dead_reason == "gave up after 4 attempts; last answer: HTTP 500 internal error at the integrator"
    records = await read_topic(kafka_settings, "weerbaar.notify.events",
                               until=lambda rs: any(str(row.id).encode() in r.value for r in rs))
    (failed,) = [r for r in records if str(row.id).encode() in r.value]
    assert header(failed, "ce_type") == "notify.notification.failed.v1"
    assert json.loads(failed.value)["reason"] == row.dead_reason
    log = (await notify.client.get(f"/subscriptions/{endpoint['id']}/deliveries", headers=OPERATOR)).json()["items"]
    assert [a["ok"] for a in log[0]["log"]] == [False] * 4
    # Operable: counted, and one structured log line per failed attempt.
    assert delivered("retry") - counted["retry"] >= 3 and delivered("failed") - counted["failed"] >= 1
    lines = [r for r in caplog.records if getattr(r, "delivery_id", None) == str(row.id)]
    assert [(r.outcome, r.attempt) for r in lines] == [("retry", 1), ("retry", 2), ("retry", 3), ("failed", 4)]
    assert all(r.event == "delivery_failed" and r.channel == "webhook" and r.endpoint_id == str(row.endpoint_id)
               and r.answer.startswith("HTTP 500") for r in lines)


async def test_the_workers_report_their_state(notify):
    await notify.service.extras["worker"].run_once()
    state = notify.service.extras["worker"].status()
    for loop in ("scheduler", "delivery_worker"):
        assert state[loop]["running"] is True and state[loop]["last_run_at"] is not None, state
        assert state[loop]["last_error"] is None, state
    assert isinstance(state["delivery_worker"]["queue_depth"], int)


async def test_events_are_matched_from_memory_not_by_reading_the_subscriptions_each_time(notify, kafka_settings):
    index = notify.service.extras["context"].subscriptions
    await add_endpoint(notify, "http://127.0.0.1:9/never-called", [whsec()], ["inventory.pilot.completed.v1"])
    events = [approved() for _ in range(5)]
    await produce_event(kafka_settings, events[0])
    await eventually(lambda: _in_feed(notify, events[0]), what="the first event")
    loads = index.loads
    for event in events[1:]:
        await produce_event(kafka_settings, event)
    await eventually(lambda: _in_feed(notify, events[-1]), what="the last event")
    assert index.loads == loads, "four events, no reload of the subscriptions"


async def _in_feed(notify, event):
    items = (await notify.client.get("/feed", headers=tokens.national())).json()["items"]
    return any(i["event_id"] == str(event.id) for i in items)
