"""The campaign service over real HTTP, PostgreSQL and Kafka: wave rules, the survey
worked example, local rendering refusals, and an event for every state change."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal

import pytest
import pytest_asyncio

from tests.campaign.examples import (
    AFTER_COMPLETE, AFTER_PCT, AFTER_RESPONDENTS, BEFORE_COMPLETE, BEFORE_PCT, BEFORE_RESPONDENTS, OSS, VR21, VUGHT,
    all_items, counts,
)
from tests.support import tokens
from tests.support.kafka import header, read_topic

pytestmark = pytest.mark.asyncio(loop_scope="session")
REGION = tokens.region(VR21)
TEMPLATES = [
    {"key": "poster", "channel": "poster", "title": "{{campagne}}", "body": "Vul je noodpakket aan, {{gemeente}}!"},
    {"key": "flyer", "channel": "flyer", "title": "Noodpakket", "body": "Meer op {{website}}"},
    {"key": "web", "channel": "web_text", "title": "Eén boodschap", "body": "{{gedragsdoel}}", "uniform": True},
]


async def ok(response, status: int = 200):
    assert response.status_code == status, response.text
    return response.json()


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def noodpakket(campaign):
    """The memo's regional campaign, seeded by VR21, with a drafted (unpublished) toolkit version."""
    [seeded] = (await ok(await campaign.client.post("/campaigns/seed", headers=REGION)))["items"]
    toolkit = await ok(await campaign.client.post(f"/campaigns/{seeded['id']}/toolkits", json={"templates": TEMPLATES},
                                                  headers=REGION), 201)
    return {"campaign": seeded, "toolkit": toolkit}


def wave_body(noodpakket, municipalities=(OSS, VUGHT)) -> dict:
    return {
        "campaign_id": noodpakket["campaign"]["id"], "toolkit_version_id": noodpakket["toolkit"]["id"],
        "name": "Brabant-Noord november 2025", "municipality_codes": list(municipalities),
        "channels": ["social_post", "poster", "flyer"],
        "materials": [{"template_key": "poster", "printed": 2_000}, {"template_key": "flyer", "printed": 60_000}],
        "planned_start": "2025-11-03", "planned_end": "2025-11-28",
    }


async def test_wave_launches_only_in_the_campaign_period_with_a_published_toolkit(campaign, noodpakket):
    client = campaign.client
    wave = await ok(await client.post("/waves", json=wave_body(noodpakket), headers=REGION), 201)
    assert (wave["status"], wave["channels"]) == ("scheduled", ["poster", "flyer", "social_post"])

    early = await client.post(f"/waves/{wave['id']}/launch", json={"launched_on": "2025-11-03"}, headers=REGION)
    assert early.status_code == 409 and "toolkit version 1 is not published" in early.json()["detail"]
    await ok(await client.post(f"/toolkits/{noodpakket['toolkit']['id']}/publish", headers=REGION))
    for outside in ("2025-10-28", "2025-12-02"):
        refused = await client.post(f"/waves/{wave['id']}/launch", json={"launched_on": outside}, headers=REGION)
        assert refused.status_code == 409 and "outside the campaign period 2025-11-01 to 2025-11-30" in refused.json()["detail"]
    assert (await ok(await client.get(f"/waves/{wave['id']}", headers=REGION)))["status"] == "scheduled"

    launched = await ok(await client.post(f"/waves/{wave['id']}/launch", json={"launched_on": "2025-11-03"}, headers=REGION))
    assert (launched["status"], launched["launched_on"]) == ("launched", "2025-11-03")
    again = await client.post(f"/waves/{wave['id']}/launch", json={"launched_on": "2025-11-04"}, headers=REGION)
    assert again.status_code == 409
    done = await ok(await client.post(f"/waves/{wave['id']}/complete", headers=REGION, json={
        "completed_on": "2025-11-28", "households_reached": 41_500, "people_reached": 90_000, "distributed": {"flyer": 58_750},
    }))
    assert done["status"] == "completed" and done["reach"] == {"households": 41_500, "people": 90_000}
    assert {m["template_key"]: m["distributed"] for m in done["materials"]} == {"poster": 0, "flyer": 58_750}

    records = await read_topic(campaign.service.settings.kafka, "weerbaar.campaign.events",
                               until=lambda rs: _types_of(rs, f"wave/{wave['id']}").count("campaign.wave.completed.v1") == 1)
    assert _types_of(records, f"wave/{wave['id']}") == [
        "campaign.wave.scheduled.v1", "campaign.wave.launched.v1", "campaign.wave.completed.v1"
    ], "refused launches emit nothing"


def _types_of(records, subject: str) -> list[str]:
    return [header(r, "ce_type") for r in records if header(r, "ce_subject") == subject]


async def record(client, body: dict) -> dict:
    return await ok(await client.post("/surveys", json=body, headers=REGION), 201)


async def test_survey_worked_example_shares_complete_kit_and_before_after_difference(campaign, noodpakket):
    client = campaign.client
    await client.post(f"/toolkits/{noodpakket['toolkit']['id']}/publish", headers=REGION)  # published already, or now
    wave = await ok(await client.post("/waves", json=wave_body(noodpakket), headers=REGION), 201)
    before = {"wave_id": wave["id"], "phase": "before", "surveyed_on": "2025-10-20"}
    after = {"wave_id": wave["id"], "phase": "after", "surveyed_on": "2025-12-08"}
    oss_before = await record(client, {**before, "municipality_code": OSS, "respondents": BEFORE_RESPONDENTS,
                                       "having": counts(BEFORE_RESPONDENTS, BEFORE_PCT), "complete_kit": BEFORE_COMPLETE})
    await record(client, {**before, "municipality_code": VUGHT, "respondents": 100,
                          "having": {**all_items(100, 50), "water": 80}, "complete_kit": 10})
    await record(client, {**after, "municipality_code": OSS, "respondents": AFTER_RESPONDENTS,
                          "having": counts(AFTER_RESPONDENTS, AFTER_PCT), "complete_kit": AFTER_COMPLETE})
    await record(client, {**after, "municipality_code": VUGHT, "respondents": 100,
                          "having": {**all_items(100, 60), "water": 90}, "complete_kit": 15})

    # One result: Oss before the wave, 400 respondents.
    shares = {i["item"]: Decimal(i["share_pct"]) for i in oss_before["items"]}
    assert (shares["water"], shares["radio"], shares["whistle"]) == (Decimal("50.0"), Decimal("20.0"), Decimal("10.0"))
    assert Decimal(oss_before["complete_kit_share_pct"]) == Decimal("5.0")
    assert oss_before["campaign_id"] == noodpakket["campaign"]["id"], "a wave's survey belongs to its campaign"

    subject = f"survey/{oss_before['id']}"
    records = await read_topic(campaign.service.settings.kafka, "weerbaar.campaign.events",
                               until=lambda rs: any(header(r, "ce_subject") == subject for r in rs))
    [recorded] = [json.loads(r.value) for r in records if header(r, "ce_subject") == subject]
    assert (recorded["respondents"], recorded["complete_kit"], recorded["complete_kit_share_pct"]) == (400, 20, "5.0")

    # The wave: Oss and Vught added up (counts, not percentages), after minus before.
    effect = await ok(await client.get(f"/waves/{wave['id']}/effect", headers=REGION))
    water = next(i for i in effect["items"] if i["item"] == "water")
    assert (effect["before"]["respondents"], effect["after"]["respondents"]) == (500, 600)
    assert (water["before_pct"], water["after_pct"], water["difference_points"]) == ("56.0", "69.2", "13.2")  # 280/500 -> 415/600
    radio = next(i for i in effect["items"] if i["item"] == "radio")
    assert (radio["before_pct"], radio["after_pct"], radio["difference_points"]) == ("26.0", "35.0", "9.0")  # 130/500 -> 210/600
    assert (effect["before"]["complete_kit_share_pct"], effect["after"]["complete_kit_share_pct"]) == ("6.0", "12.5")
    assert effect["complete_kit_difference_points"] == "6.5"

    # Progress over time per item, for Oss and for the whole region.
    oss = await ok(await client.get(f"/regions/{VR21}/survey-progress", params={"municipalityCode": OSS}, headers=REGION))
    oss = oss["items"]
    assert [(p["surveyed_on"], _share(p, "water")) for p in oss] == [("2025-10-20", "50.0"), ("2025-12-08", "65.0")]
    region = await ok(await client.get(f"/regions/{VR21}/survey-progress", headers=REGION))
    region = region["items"]
    assert [(p["respondents"], _share(p, "water"), p["complete_kit_share_pct"]) for p in region] == [
        (500, "56.0", "6.0"), (600, "69.2", "12.5")
    ]
    own = await ok(await client.get(f"/regions/{VR21}/survey-progress", params={"municipalityCode": OSS},
                                    headers=tokens.municipality(OSS)))
    assert own["items"] == oss, "a municipality reads its own progress"

    impossible = await client.post("/surveys", headers=REGION, json={**after, "municipality_code": OSS, "respondents": 10,
                                                                     "having": all_items(10, 11), "complete_kit": 0})
    assert impossible.status_code == 422 and "is not between 0 and 10" in impossible.json()["detail"]


def _share(point: dict, item: str) -> str:
    return next(i["share_pct"] for i in point["items"] if i["item"] == item)


async def test_rendering_names_the_placeholder_a_municipality_cannot_fill_and_stores_nothing(campaign, noodpakket):
    client = campaign.client
    toolkit_id = noodpakket["toolkit"]["id"]
    refused = await client.post(f"/toolkits/{toolkit_id}/local-versions/{VUGHT}", headers=tokens.municipality(VUGHT))
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "cannot fill placeholder {{website}} in template 'flyer': no contact website is known for Vught"
    )
    assert (await ok(await client.get(f"/municipalities/{VUGHT}/local-versions", headers=tokens.municipality(VUGHT))))["items"] == []

    await ok(await client.put(f"/municipalities/{VUGHT}/contact", json={"website": "www.vught.nl"}, headers=REGION))
    local = await ok(await client.post(f"/toolkits/{toolkit_id}/local-versions/{VUGHT}", headers=tokens.municipality(VUGHT)), 201)
    assert [i["body"] for i in local["items"]] == [
        "Vul je noodpakket aan, Vught!", "Meer op www.vught.nl", "Vul de ontbrekende spullen van het noodpakket aan"
    ]


async def test_every_state_change_is_an_event_a_test_consumer_reads_from_kafka(campaign, noodpakket):
    client = campaign.client
    national = tokens.national()
    [denk_vooruit] = (await ok(await client.post("/campaigns/seed", headers=national)))["items"]
    activity = await ok(await client.post("/activities", headers=REGION, json={
        "region_code": VR21, "kind": "knowledge_session", "title": "Kennissessie Weerbare Samenleving (voorjaar)",
        "starts_at": "2026-03-12T14:00:00+01:00", "place": "Veiligheidsregio Brabant-Noord, 's-Hertogenbosch",
        "audience": ["iv_advisors", "aov_advisors", "communication_advisors"],
    }), 201)
    await client.post(f"/toolkits/{noodpakket['toolkit']['id']}/publish", headers=REGION)  # published already, or now
    await ok(await client.put(f"/municipalities/{OSS}/contact", json={"website": "www.oss.nl"}, headers=REGION))
    local = await ok(await client.post(f"/toolkits/{noodpakket['toolkit']['id']}/local-versions/{OSS}", headers=REGION), 201)
    expected = {
        f"campaign/{denk_vooruit['id']}": ("campaign.campaign.created.v1", "NL"),
        f"campaign/{noodpakket['campaign']['id']}": ("campaign.campaign.created.v1", VR21),
        f"toolkit/{noodpakket['toolkit']['id']}": ("campaign.toolkit.published.v1", VR21),
        f"local_version/{local['id']}": ("campaign.local_version.rendered.v1", VR21),
        f"activity/{activity['id']}": ("campaign.activity.scheduled.v1", VR21),
    }
    records = await read_topic(campaign.service.settings.kafka, "weerbaar.campaign.events",
                               until=lambda rs: expected.keys() <= {header(r, "ce_subject") for r in rs})
    seen = {header(r, "ce_subject"): (header(r, "ce_type"), r.key.decode()) for r in records if header(r, "ce_subject") in expected}
    assert seen == expected
    types = {header(r, "ce_type") for r in records}
    assert "campaign.campaign.created.v1" in types
    [event] = [r for r in records if header(r, "ce_subject") == f"activity/{activity['id']}"]
    assert header(event, "ce_source") == "/weerbaar/campaign"
    data = json.loads(event.value)
    assert (data["kind"], data["audience"][0]) == ("knowledge_session", "iv_advisors")
    assert datetime.fromisoformat(data["starts_at"]) == datetime(2026, 3, 12, 13, 0, tzinfo=timezone.utc)


async def test_bad_input_gets_a_clear_4xx_never_a_500(campaign, noodpakket):
    client, campaign_id, toolkit_id = campaign.client, noodpakket["campaign"]["id"], noodpakket["toolkit"]["id"]
    unknown = "00000000-0000-0000-0000-000000000000"
    cases = [
        ("POST", f"/campaigns/{campaign_id}/toolkits", {"templates": [
            {"key": "a", "channel": "poster", "title": "t", "body": "Beste {{burgemeester}}"}]}, 422, "burgemeester"),
        ("POST", f"/campaigns/{campaign_id}/toolkits", {"templates": []}, 400, None),
        ("POST", f"/campaigns/{unknown}/toolkits", {"templates": [
            {"key": "a", "channel": "poster", "title": "t", "body": "b"}]}, 404, None),
        ("POST", "/waves", {**wave_body(noodpakket), "materials": [{"template_key": "booklet", "printed": 5}]}, 422, "booklet"),
        ("POST", "/waves", {**wave_body(noodpakket), "municipality_codes": ["GM9999"]}, 422, "GM9999"),
        ("POST", "/waves", {**wave_body(noodpakket), "channels": ["billboard"]}, 400, None),
        ("POST", f"/toolkits/{toolkit_id}/local-versions/GM9999", None, 404, None),
        ("POST", "/surveys", {"surveyed_on": "2025-10-20", "respondents": 10, "having": {"umbrella": 1},
                              "complete_kit": 0}, 422, "umbrella"),
        ("POST", "/surveys", {"wave_id": unknown, "phase": "after", "surveyed_on": "2025-10-20", "respondents": 10,
                              "having": all_items(10, 1), "complete_kit": 0}, 404, None),
        ("POST", "/activities", {"region_code": VR21, "kind": "webinar", "title": "t", "starts_at": "2025-10-05T10:00:00",
                                 "place": "online", "audience": ["board"]}, 400, None),
        ("GET", "/activities?from=2025-10-01", None, 400, None),
        ("POST", "/activities/seed", None, 403, None),
    ]
    for method, path, body, expected, mentioned in cases:
        headers = tokens.municipality(OSS) if path == "/activities/seed" else REGION
        response = await client.request(method, path, json=body, headers=headers)
        assert response.status_code == expected, (method, path, response.text)
        if mentioned:
            assert mentioned in response.text
