"""Subscriptions within what the subscriber may see, owned by subject + issuer + scope,
e-mail only to an address the subscriber controls; integrators with their own
webhook endpoint, and notify's own events naming what they delivered (issues 10, 15)."""

from __future__ import annotations

import json
import re
from uuid import UUID, uuid4, uuid5

import pytest

from shared.contract.inventory import NoodsteunpuntReadinessChanged, NoodsteunpuntRegistered
from services.notify.domain.delivery import EVENT_DELIVERY_NAMESPACE

from tests.notify.integration.fakes import eventually, subject
from tests.notify.integration.helpers import INVENTORY, stamped
from tests.support import tokens
from tests.support.kafka import header, produce_event, read_topic

pytestmark = pytest.mark.asyncio(loop_scope="session")
OSS, DEN_BOSCH = "GM0828", "GM0796"  # both in Brabant-Noord, VR21
NSP_TYPES = ["inventory.noodsteunpunt.*"]


def registered(municipality: str, public: bool, name: str) -> NoodsteunpuntRegistered:
    return stamped(NoodsteunpuntRegistered, source=INVENTORY, region="VR21", municipality_code=municipality,
                   subject=f"noodsteunpunt/{uuid4()}", noodsteunpunt_id=uuid4(), name=name, layer="local", public=public)


def readiness(of: NoodsteunpuntRegistered) -> NoodsteunpuntReadinessChanged:
    return stamped(NoodsteunpuntReadinessChanged, source=INVENTORY, region="VR21", municipality_code=of.municipality_code,
                   subject=of.subject, noodsteunpunt_id=of.noodsteunpunt_id, previous="planned", readiness="agreed")


async def subscribe(notify, headers, **body):
    response = await notify.client.post("/subscriptions", headers=headers, json={
        "name": "Abonnee", "role": "iv", "event_types": NSP_TYPES, **body})
    assert response.status_code == 201, response.text
    return response.json()


async def feed_event_ids(notify, headers) -> set[str]:
    return {i["event_id"] for i in (await notify.client.get("/me/feed", headers=headers)).json()["items"]}


async def test_a_gemeente_user_hears_of_its_own_and_public_noodsteunpunten_never_other_gemeenten_private_ones(
        notify, kafka_settings):
    run = uuid4().hex[:6]
    dirk = tokens.bearer("municipality", municipality=OSS, sub=f"dirk-{run}", email=f"dirk-{run}@oss.nl")
    # Region-wide on purpose: the filter allows all of VR21, the token's scope decides.
    await subscribe(notify, dirk, email=f"dirk-{run}@oss.nl")
    own_private = registered(OSS, False, f"Eigen {run}")
    other_private, other_public = registered(DEN_BOSCH, False, f"Besloten {run}"), registered(DEN_BOSCH, True, f"Open {run}")
    events = [own_private, other_private, other_public, readiness(other_private), readiness(other_public)]
    for event in events:
        await produce_event(kafka_settings, event)
    marker = registered(OSS, False, f"Marker {run}")
    await produce_event(kafka_settings, marker)

    async def seen():
        ids = await feed_event_ids(notify, dirk)
        return str(marker.id) in ids and ids
    ids = await eventually(seen, what="the marker in dirk's feed")
    expected = {own_private.id, other_public.id, events[4].id}
    assert {e.id for e in events if str(e.id) in ids} == expected


async def test_someone_elses_subscription_is_absent_to_read_and_refused_to_change(notify):
    run = uuid4().hex[:6]
    dirk = tokens.bearer("municipality", municipality=OSS, sub=f"dirk-{run}", email=f"dirk-{run}@oss.nl")
    mine = await subscribe(notify, dirk, email=f"dirk-{run}@oss.nl", municipality_code=OSS)
    path = f"/subscriptions/{mine['id']}"
    assert (await notify.client.get(path, headers=dirk)).json()["status"] == "active"
    strangers = {
        "another person of the same gemeente": tokens.bearer("municipality", municipality=OSS, sub=f"eva-{run}"),
        "the same subject in another scope": tokens.bearer("municipality", municipality=DEN_BOSCH, sub=f"dirk-{run}"),
        "another region's user": tokens.region("VR01"),
        "an integrator": tokens.bearer("integrator", sub=f"dirk-{run}"),
    }
    for who, headers in strangers.items():
        for read in (path, f"{path}/deliveries"):
            response = await notify.client.get(read, headers=headers)
            assert response.status_code == 404, (who, read, response.text)
        deleted = await notify.client.delete(path, headers=headers)
        assert deleted.status_code == 403, (who, deleted.text)
        # Only operators and integrators manage endpoints at all; an integrator may not change
        # this person's subscription either: 403 for everyone, the same answer as any refusal.
        rotated = await notify.client.put(f"/endpoints/{mine['id']}/secrets", json={"secrets": ["whsec_" + "A" * 40]},
                                          headers=headers)
        assert rotated.status_code == 403, (who, rotated.text)
        for refused in (deleted, rotated):
            detail = refused.json()["detail"]
            assert mine["id"] not in detail and "dirk" not in detail, "the answer names nothing of it"
    assert (await notify.client.get(path, headers=tokens.region("VR21"))).status_code == 200, "its region manages it"
    assert (await notify.client.get(path, headers=dirk)).json()["status"] == "active", "nothing changed"


async def test_an_address_the_token_does_not_vouch_for_gets_only_a_confirmation_until_it_is_confirmed(
        notify, smtp, kafka_settings):
    run = uuid4().hex[:6]
    address = f"raadslid-{run}@oss.nl"
    region = tokens.bearer("region", region="VR21", sub=f"programma-{run}")
    pending = await subscribe(notify, region, name="Raadslid", email=address, role="board", municipality_code=OSS)
    assert pending["status"] == "pending"
    before = registered(OSS, True, f"Voor bevestiging {run}")
    await produce_event(kafka_settings, before)
    (confirmation,) = await eventually(lambda: smtp.mailbox.to(address), what="the confirmation message")
    assert subject(confirmation) == "Bevestig uw aanmelding voor berichten van Weerbaar"
    token = re.search(r"abonnementen/bevestigen\?token=([A-Za-z0-9_-]+)", confirmation.get_content()).group(1)

    wrong = await notify.client.post("/subscription-confirmations", json={"token": "x" * 43})
    assert wrong.status_code == 404, wrong.text
    confirmed = await notify.client.post("/subscription-confirmations", json={"token": token})
    assert confirmed.status_code == 201 and confirmed.json() == {"status": "active"}, confirmed.text
    after = registered(OSS, True, f"Na bevestiging {run}")
    await produce_event(kafka_settings, after)
    await eventually(lambda: [m for m in smtp.mailbox.to(address) if after.name in subject(m)], what="the first real message")
    await notify.service.extras["worker"].run_once()
    assert not [m for m in smtp.mailbox.to(address) if before.name in subject(m)], "nothing before the confirmation"


async def test_an_integrator_registers_its_own_endpoint_and_gets_public_data_with_ids_it_can_relate(
        notify, receiver, kafka_settings):
    run = uuid4().hex[:6]
    lcms = tokens.bearer("integrator", sub=f"lcms-{run}")
    response = await notify.client.post("/endpoints", headers=lcms, json={
        "name": "LCMS", "url": f"{receiver.url}/lcms-{run}", "event_types": NSP_TYPES})
    assert response.status_code == 201, response.text
    endpoint = response.json()
    assert endpoint["secrets"][0].startswith("whsec_")
    assert [s["id"] for s in (await notify.client.get("/subscriptions", headers=lcms)).json()["items"]] == [endpoint["id"]]
    other = tokens.bearer("integrator", sub=f"other-{run}")
    assert (await notify.client.get(f"/subscriptions/{endpoint['id']}", headers=other)).status_code == 404

    public, private = registered(OSS, True, f"Openbaar {run}"), registered(DEN_BOSCH, False, f"Intern {run}")
    events = [public, private, readiness(public), readiness(private)]
    for event in events:
        await produce_event(kafka_settings, event)
    marker = registered(DEN_BOSCH, True, f"Marker {run}")
    await produce_event(kafka_settings, marker)

    def arrived():
        return [r for r in receiver.app.received if r.path == f"/lcms-{run}"]
    await eventually(lambda: any(json.loads(r.body)["data"]["id"] == str(marker.id) for r in arrived()),
                     what="the marker at the integrator")
    by_event = {json.loads(r.body)["data"]["id"]: r for r in arrived()}
    assert set(by_event) == {str(public.id), str(events[2].id), str(marker.id)}, "public noodsteunpunten only"

    # The webhook-id derives from the CloudEvent id and the subscription, and notify's own event names both.
    webhook_id = by_event[str(public.id)].headers["webhook-id"]
    assert webhook_id == "msg_" + uuid5(EVENT_DELIVERY_NAMESPACE, f"{public.id}/{endpoint['id']}").hex
    records = await read_topic(kafka_settings, "weerbaar.notify.events",
                               until=lambda rs: any(webhook_id.encode() in r.value for r in rs))
    (sent,) = [r for r in records if webhook_id.encode() in r.value]
    data = json.loads(sent.value)
    assert header(sent, "ce_type") == "notify.notification.sent.v1"
    assert (data["event_id"], data["event_type"], data["subscription_id"]) == (
        str(public.id), public.TYPE, endpoint["id"])
    assert data["webhook_id"] == webhook_id and data["delivery_id"] == str(UUID(webhook_id[4:]))
    assert header(sent, "ce_causationid") == str(public.id)
    assert header(sent, "ce_correlationid") == str(public.correlation_id or public.id)
