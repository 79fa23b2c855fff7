"""An event consumed from Kafka becomes a Dutch email on a real SMTP server; a
redelivered event never makes a second message; scope comes from the token."""

from __future__ import annotations

from uuid import uuid4

import pytest

from shared.contract.funding import TrancheAllocated
from shared.contract.inventory import NoodsteunpuntRegistered

from tests.notify.integration.fakes import eventually, subject
from tests.notify.integration.helpers import FUNDING, INVENTORY, active_subscriptions, stamped
from tests.support import tokens
from tests.support.kafka import header, produce_event, read_topic

pytestmark = pytest.mark.asyncio(loop_scope="session")
OSS = "GM0828"


def person(email: str, **overrides):
    body = {"name": "Anna de Vries", "email": email, "role": "communication",
            "event_types": ["inventory.noodsteunpunt.*", "inventory.pilot.started.v1"], "municipality_code": OSS}
    return {**body, **overrides}


async def subscribe(notify, body, headers):
    response = await notify.client.post("/subscriptions", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_an_event_from_kafka_reaches_the_subscriber_as_a_dutch_email(notify, smtp, kafka_settings):
    anna = tokens.bearer("municipality", municipality=OSS, sub="anna", email="anna@oss.nl")
    subscription = await subscribe(notify, person("anna@oss.nl"), anna)
    assert subscription["region_code"] == "VR21", "the region comes from the token"
    name = f"Sporthal De Rusheuvel {uuid4().hex[:6]}"
    event = stamped(NoodsteunpuntRegistered, source=INVENTORY, region="VR21", municipality_code=OSS,
                    subject=f"noodsteunpunt/{uuid4()}", noodsteunpunt_id=uuid4(), name=name, layer="local",
                    address="Rusheuvelstraat 1, Oss", readiness="inventoried")
    await produce_event(kafka_settings, event)

    (mail,) = await eventually(lambda: smtp.mailbox.with_subject(name), what="the email")
    assert mail["To"] == "anna@oss.nl"
    assert subject(mail) == f"Noodsteunpunt '{name}' (lokaal) geregistreerd in Oss"
    text = mail.get_content()
    assert "Beste Anna de Vries" in text and "Rusheuvelstraat 1, Oss" in text and "geïnventariseerd" in text
    assert f"https://weerbaar.test/app/{event.subject}" in text

    log = await eventually(lambda: _sent_log(notify, subscription["id"], anna), what="the delivery log")
    assert log[0]["status"] == "sent" and log[0]["attempts"] == 1
    assert (log[0]["kind"], log[0]["channel"], log[0]["recipient"]) == ("event", "email", "anna@oss.nl")
    assert log[0]["log"][0]["ok"] and log[0]["log"][0]["response"].startswith("SMTP 250")

    feed = (await notify.client.get("/me/feed", headers=anna)).json()["items"]
    assert [i["title"] for i in feed if i["event_id"] == str(event.id)] == [subject(mail)]
    records = await read_topic(kafka_settings, "weerbaar.notify.events",
                               until=lambda rs: any(header(r, "ce_type") == "notify.notification.sent.v1"
                                                    and log[0]["id"].encode() in r.value for r in rs))
    assert records


async def _sent_log(notify, subscription_id, headers):
    response = await notify.client.get(f"/subscriptions/{subscription_id}/deliveries", headers=headers)
    assert response.status_code == 200, response.text
    return [d for d in response.json()["items"] if d["status"] == "sent"]


def tranche(line: str) -> TrancheAllocated:
    return stamped(TrancheAllocated, source=FUNDING, region="VR21", subject=f"allocation/{uuid4()}", allocation_id=uuid4(),
                   year=2026, line=line, version=1, distribution_key="equal", base_cents=0, amount_cents=40_000_000,
                   previous_amount_cents=0, difference_cents=40_000_000)


async def test_the_same_event_delivered_twice_makes_one_message_per_subscriber(notify, smtp, kafka_settings):
    for email in ("bert@oss.nl", "carla@oss.nl"):
        themself = tokens.bearer("region", region="VR21", sub=email, email=email)
        await subscribe(notify, person(email, name=email.split("@")[0], event_types=["funding.tranche.allocated.v1"],
                                       municipality_code=None), themself)
    line = f"pilots-{uuid4().hex[:6]}"
    event = tranche(line)
    await produce_event(kafka_settings, event)
    await produce_event(kafka_settings, event)  # the same event id again: a redelivery
    marker = f"marker-{uuid4().hex[:6]}"  # produced after both copies: once its mails are in, both were consumed
    await produce_event(kafka_settings, tranche(marker))
    await eventually(lambda: len(smtp.mailbox.with_subject(marker)) == 2, what="the marker's emails")
    await notify.service.extras["worker"].run_once()

    mails = smtp.mailbox.with_subject(line)
    assert sorted(m["To"] for m in mails) == ["bert@oss.nl", "carla@oss.nl"]
    assert subject(mails[0]) == f"Brabant-Noord krijgt € 400.000,00 voor 2026 ({line})"


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({}, person("x@oss.nl"), 401),
        (tokens.municipality(OSS), person("x@oss.nl", region_code="VR01", municipality_code=None), 403),
        (tokens.municipality(OSS), person("x@oss.nl", municipality_code="GM0796"), 403),
        (tokens.region("VR01"), person("x@oss.nl", region_code="VR21", municipality_code=None), 403),
        (tokens.bearer("integrator"), person("x@oss.nl", region_code="VR21"), 403),
        (tokens.municipality(OSS), person("not-an-email"), 422),
        (tokens.municipality(OSS), person("x@oss.nl", event_types=["drop table"]), 422),
        (tokens.municipality(OSS), person("x@oss.nl", frequency="hourly"), 400),
        (tokens.municipality(OSS), person("x@oss.nl", role="mayor"), 400),
    ],
)
async def test_refused_subscriptions_change_nothing(notify, headers, body, status):
    before = await active_subscriptions(notify)
    response = await notify.client.post("/subscriptions", json=body, headers=headers)
    assert response.status_code == status, response.text
    assert await active_subscriptions(notify) == before


async def test_people_manage_their_own_and_region_users_their_regions_subscriptions(notify):
    dirk = tokens.bearer("municipality", municipality=OSS, sub="dirk")
    mine = await subscribe(notify, person("dirk@oss.nl"), dirk)
    before = await active_subscriptions(notify)
    for stranger in (tokens.bearer("municipality", municipality=OSS, sub="eva"), tokens.region("VR01"),
                     tokens.bearer("operator")):
        response = await notify.client.delete(f"/subscriptions/{mine['id']}", headers=stranger)
        assert response.status_code in (403, 404), response.text
        assert (await notify.client.get(f"/subscriptions/{mine['id']}/deliveries", headers=stranger)).status_code in (403, 404)
    assert await active_subscriptions(notify) == before

    listed = (await notify.client.get("/subscriptions", headers=tokens.region("VR21"))).json()["items"]
    assert mine["id"] in [s["id"] for s in listed], "a region user sees the region's subscribers"
    assert (await notify.client.delete(f"/subscriptions/{mine['id']}", headers=dirk)).status_code == 204
    assert await active_subscriptions(notify) == before - 1


async def test_only_operators_and_integrators_register_endpoints(notify, receiver):
    body = {"name": "LCMS koppeling", "url": f"{receiver.url}/hook", "event_types": ["inventory.*"]}
    before = await active_subscriptions(notify)
    for headers in (tokens.region("VR21"), tokens.national(), tokens.municipality(OSS)):
        assert (await notify.client.post("/endpoints", json=body, headers=headers)).status_code == 403
    assert (await notify.client.post("/endpoints", json={**body, "url": "ftp://x"}, headers=tokens.bearer("operator"))).status_code == 400
    assert (await notify.client.post("/endpoints", json={**body, "secrets": ["plain"]}, headers=tokens.bearer("operator"))).status_code == 422
    assert await active_subscriptions(notify) == before


async def test_the_scoped_feed_keeps_its_shape(notify):
    response = await notify.client.get("/feed", headers=tokens.region("VR21"))
    assert response.status_code == 200
    assert response.json()["items"], "the events of this module are in the region's feed"
    assert set(response.json()["items"][0]) == {"event_id", "event_type", "region_code", "municipality_code", "subject", "title",
                                       "occurred_at"}
    assert (await notify.client.get("/feed", headers=tokens.bearer("integrator"))).status_code == 403


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status"),
    [
        ("get", "/subscriptions/not-a-uuid/deliveries", None, tokens.region("VR21"), 400),
        ("get", f"/subscriptions/{uuid4()}/deliveries", None, tokens.region("VR21"), 404),
        ("delete", f"/subscriptions/{uuid4()}", None, tokens.region("VR21"), 404),
        ("put", f"/endpoints/{uuid4()}/secrets", {"secrets": ["whsec_" + "A" * 40]}, tokens.bearer("operator"), 404),
        ("put", f"/endpoints/{uuid4()}/secrets", {"secrets": []}, tokens.bearer("operator"), 400),
        ("get", f"/memos/{uuid4()}/memo.html", None, tokens.national(), 404),
        ("post", "/regions/XX99/memos", {"period_start": "2026-10-01", "period_end": "2026-10-31"}, tokens.region("VR21"), 400),  # a malformed region code: refused at the edge
        ("get", "/me/feed", None, tokens.bearer("operator"), 403),
        ("post", "/endpoints", {"url": "https://x.test/h", "event_types": ["*"], "region_code": "VR21",
                                "municipality_code": "GM0014"}, tokens.bearer("operator"), 422),
    ],
)
async def test_odd_requests_get_a_clear_4xx(notify, method, path, body, headers, status):
    response = await notify.client.request(method, path, json=body, headers=headers)
    assert response.status_code == status, response.text
