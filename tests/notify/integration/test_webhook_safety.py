"""Issue 10 against the running service: a webhook at an internal address is refused when
it is registered and again when it is called (after DNS rebinding too), redirects are
not followed, the delivery log keeps a status and a short excerpt, and no transaction
or row lock is held while a receiver takes its time."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from sqlalchemy import text

from shared.contract.inventory import PilotApproved, PilotCompleted, PilotEvaluated
from shared.net import OutboundPolicy

from tests.notify.integration.fakes import ReceiverServer
from tests.notify.integration.helpers import INVENTORY, active_subscriptions, deliveries_to, stamped
from tests.support import tokens
from tests.support.kafka import produce_event
from tests.support.polling import eventually

pytestmark = pytest.mark.asyncio(loop_scope="session")
OPERATOR = tokens.bearer("operator", sub="ops-safety")
# The addresses issue 10 reached, as written there, and more of each class.
ISSUE_HOSTS = ["127.0.0.1:55432", "localhost:8001", "[::1]:8002", "0.0.0.0:8003", "169.254.169.254",
               "2130706433:8001", "0x7f.1", "[::ffff:127.0.0.1]", "10.0.0.7", "100.64.0.1", "[fe80::1]",
               "224.0.0.1", "240.0.0.1"]
REBOUND = {"loopback": "127.0.0.2", "cloud metadata": "169.254.169.254", "private": "10.0.0.7",
           "IPv6 loopback": "::1", "IPv4-mapped loopback": "::ffff:127.0.0.2", "carrier-grade NAT": "100.64.0.1"}


def endpoint_body(url: str, event_type: str = "inventory.pilot.approved.v1") -> dict:
    return {"name": "Partner", "url": url, "event_types": [event_type], "region_code": "VR22"}


def pilot(cls: type, **data):
    return stamped(cls, source=INVENTORY, region="VR22", municipality_code="GM0753", subject=f"pilot/{uuid4()}",
                   pilot_id=uuid4(), **data)


@pytest.fixture
def production_rules(notify):
    """The guard with production's rules (https only, no allowlist) for one test."""
    guard = notify.service.extras["context"].guard
    before, guard.policy = guard.policy, OutboundPolicy()
    yield
    guard.policy = before


@pytest.mark.parametrize("scheme", ["http", "https"])
async def test_every_internal_address_from_the_issue_is_refused_at_registration(notify, production_rules, scheme):
    before = await active_subscriptions(notify)
    for host in ISSUE_HOSTS:
        response = await notify.client.post("/endpoints", json=endpoint_body(f"{scheme}://{host}/hook"), headers=OPERATOR)
        assert response.status_code == 422, (host, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert "webhook address refused" in response.json()["detail"]
    assert await active_subscriptions(notify) == before, "nothing was stored"


async def test_a_dns_name_of_an_internal_address_is_refused_at_registration(notify, dns):
    dns.answers["intern.partner.test"] = ["127.0.0.2"]
    response = await notify.client.post("/endpoints", json=endpoint_body("http://intern.partner.test:8001/hook"),
                                        headers=OPERATOR)
    assert response.status_code == 422 and "loopback" in response.json()["detail"], response.text


async def test_after_dns_rebinding_every_internal_address_is_refused_at_delivery(notify, dns, clock, kafka_settings):
    """Each name answered the allowed test address at registration, then an internal one.
    A server listens on 127.0.0.2: it must hear nothing."""
    internal = ReceiverServer(host="127.0.0.2")
    await internal.start()
    created: list[str] = []
    try:
        event_type = "inventory.pilot.approved.v1"
        hosts = {kind: f"partner-{n}-{uuid4().hex[:6]}.test" for n, kind in enumerate(REBOUND)}
        for host in hosts.values():
            dns.answers[host] = ["127.0.0.1"]
            url = f"http://{host}:{internal.port}/hook"
            created.append(await register(notify, url, event_type))
        for kind, host in hosts.items():
            dns.answers[host] = [REBOUND[kind]]
        await produce_event(kafka_settings, pilot(PilotApproved))

        async def all_refused():
            rows = [r for host in hosts.values() for r in await deliveries_to(notify, f"http://{host}:")]
            return len(rows) == len(hosts) and all(r.attempts >= 1 for r in rows) and rows
        rows = await eventually(all_refused, what="an attempt at every rebound endpoint")
        by_host = {r.recipient.split("//")[1].split(":")[0]: r for r in rows}
        for kind, host in hosts.items():
            answer = by_host[host].last_response
            assert answer.startswith("refused: the host's address is not public"), (kind, answer)
            assert REBOUND[kind] not in answer, "the log does not reveal the internal address"
        assert internal.app.received == [] and internal.app.refused == 0
    finally:
        await internal.stop()
        await end(notify, created)


async def test_redirects_are_not_followed_and_the_log_keeps_a_short_clean_excerpt(notify, receiver, clock, kafka_settings):
    created = [await register(notify, f"{receiver.url}{path}", "inventory.pilot.completed.v1") for path in ("/chatty", "/redirect")]
    await produce_event(kafka_settings, pilot(PilotCompleted, completed_on=date(2026, 11, 2)))
    chatty = (await eventually(lambda: _tried(notify, f"{receiver.url}/chatty"), what="the chatty attempt"))[0]
    redirect = (await eventually(lambda: _tried(notify, f"{receiver.url}/redirect"), what="the redirect attempt"))[0]
    assert chatty.last_response.startswith("HTTP 500 internal-config: password=hunter2")
    assert len(chatty.last_response) <= len("HTTP 500 ") + 100
    assert "\x1b" not in chatty.last_response and "\x00" not in chatty.last_response
    assert redirect.last_response == "HTTP 302 (redirects are not followed)"
    assert not [r for r in receiver.app.received if r.path == "/redirected"]
    await end(notify, created)


async def test_no_transaction_or_row_lock_is_held_while_a_receiver_takes_its_time(notify, receiver, clock, kafka_settings):
    created = await register(notify, f"{receiver.url}/slow", "inventory.pilot.evaluated.v1")
    before = receiver.app.waiting
    await produce_event(kafka_settings, pilot(PilotEvaluated, themes={}, cost_cents=0))
    try:
        async def held():
            return receiver.app.waiting > before
        await eventually(held, what="the receiver holding the webhook", interval=0.02)
        (row,) = await deliveries_to(notify, f"{receiver.url}/slow")
        async with notify.service.engine.connect() as connection:
            # Another worker could take the row's lock right now: nothing holds it during the call.
            locked = await connection.execute(
                text("SELECT id FROM notify.deliveries WHERE id = :id FOR UPDATE NOWAIT"), {"id": row.id})
            assert locked.first() is not None
            idle = await connection.scalar(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state = 'idle in transaction' AND query ILIKE '%deliveries%' AND pid <> pg_backend_pid()"))
            assert idle == 0
            await connection.rollback()
    finally:
        receiver.app.release.set()
        await end(notify, [created])


async def register(notify, url: str, event_type: str) -> str:
    response = await notify.client.post("/endpoints", json=endpoint_body(url, event_type), headers=OPERATOR)
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def end(notify, subscription_ids: list[str]) -> None:
    """Ends the test's endpoints: their retries would only slow the next tests' rounds."""
    for subscription_id in subscription_ids:
        assert (await notify.client.delete(f"/subscriptions/{subscription_id}", headers=OPERATOR)).status_code == 204


async def _tried(notify, url):
    rows = await deliveries_to(notify, url)
    return [r for r in rows if r.attempts >= 1]
