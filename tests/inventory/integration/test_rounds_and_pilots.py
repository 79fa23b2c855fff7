"""Inventory rounds and pilots over real HTTP, PostgreSQL and Kafka."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.inventory.integration.conftest import snapshot
from tests.support import tokens
from tests.support.kafka import header, read_topic

pytestmark = pytest.mark.asyncio(loop_scope="session")
REGION, OSS, DEN_BOSCH, VUGHT, GRONINGEN = "VR21", "GM0828", "GM0796", "GM0865", "GM0014"
TOPIC = "weerbaar.inventory.events"
DEADLINE = (date.today() + timedelta(days=30)).isoformat()


async def post(inventory, path, body, headers):
    return await inventory.client.post(path, json=body, headers=headers)


async def register(inventory, municipality, name, layer="local"):
    response = await post(inventory, f"/municipalities/{municipality}/noodsteunpunten", {"name": name, "layer": layer},
                          tokens.municipality(municipality))
    assert response.status_code == 201, response.text
    return response.json()


async def events_of(kafka_settings, subject, count):
    records = await read_topic(kafka_settings, TOPIC, until=lambda rs: sum(header(r, "ce_subject") == subject for r in rs) >= count)
    return [r for r in records if header(r, "ce_subject") == subject]


@pytest.mark.parametrize("headers", [tokens.municipality(OSS), tokens.region("VR01"), tokens.national()])
async def test_only_the_region_itself_opens_its_round(inventory, headers):
    before = await snapshot(inventory)
    response = await post(inventory, f"/regions/{REGION}/rounds", {"title": "Ronde", "deadline": DEADLINE}, headers)
    assert response.status_code == 403
    assert await snapshot(inventory) == before


async def test_a_round_from_opening_to_the_board_proposal(inventory, kafka_settings):
    region = tokens.region(REGION)
    station = await register(inventory, OSS, "Brandweerkazerne Oss", "regional")
    await register(inventory, OSS, "Dorpshuis Berghem")
    opened = await post(inventory, f"/regions/{REGION}/rounds", {"title": "Ronde 2026", "deadline": DEADLINE}, region)
    assert opened.status_code == 201, opened.text
    round_ = opened.json()
    assert len(round_["municipality_codes"]) == 11 and round_["missing"] == round_["municipality_codes"]
    again = await post(inventory, f"/regions/{REGION}/rounds", {"title": "Nog een", "deadline": DEADLINE}, region)
    assert again.status_code == 409, "one open round per region"

    first = await post(inventory, f"/rounds/{round_['id']}/submissions/{OSS}", {"remarks": "eerste versie"}, tokens.municipality(OSS))
    assert first.status_code == 201 and len(first.json()["noodsteunpunt_ids"]) == 2
    await register(inventory, OSS, "Bibliotheek Oss")
    second = await post(inventory, f"/rounds/{round_['id']}/submissions/{OSS}", {"remarks": "met bibliotheek"}, tokens.municipality(OSS))
    assert second.json()["supersedes"] == first.json()["id"] and len(second.json()["noodsteunpunt_ids"]) == 3
    await post(inventory, f"/rounds/{round_['id']}/submissions/{VUGHT}", {}, tokens.municipality(VUGHT))

    state = (await inventory.client.get(f"/rounds/{round_['id']}", headers=region)).json()
    assert state["submitted"] == sorted([OSS, VUGHT]) and len(state["missing"]) == 9 and state["complete"] is False
    assert [s["id"] for s in state["submissions"] if s["municipality_code"] == OSS] == [second.json()["id"]]
    history = await inventory.client.get(f"/rounds/{round_['id']}/submissions/{OSS}", headers=region)
    assert [s["id"] for s in history.json()["items"]] == [first.json()["id"], second.json()["id"]]

    # A gemeente of another region cannot submit into it; a gemeente cannot close it; another
    # region cannot either (it cannot see the round, and a write out of scope is 403 all the same).
    before = await snapshot(inventory)
    foreign = await post(inventory, f"/rounds/{round_['id']}/submissions/{GRONINGEN}", {}, tokens.municipality(GRONINGEN))
    on_behalf = await post(inventory, f"/rounds/{round_['id']}/submissions/{DEN_BOSCH}", {}, tokens.municipality(OSS))
    closing = await post(inventory, f"/rounds/{round_['id']}/close", {}, tokens.municipality(OSS))
    other_region = await post(inventory, f"/rounds/{round_['id']}/close", {}, tokens.region("VR01"))
    assert [r.status_code for r in (foreign, on_behalf, closing, other_region)] == [403, 403, 403, 403]
    assert await snapshot(inventory) == before

    provisional = (await inventory.client.get(f"/rounds/{round_['id']}/proposal", headers=region)).json()
    assert (provisional["round"]["status"], provisional["round"]["final"]) == ("open", False)

    closed = await post(inventory, f"/rounds/{round_['id']}/close", {}, region)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    late = await post(inventory, f"/rounds/{round_['id']}/submissions/{DEN_BOSCH}", {}, tokens.municipality(DEN_BOSCH))
    assert late.status_code == 409

    proposal = (await inventory.client.get(f"/rounds/{round_['id']}/proposal", headers=region)).json()
    assert proposal["round"]["final"] is True and proposal["submitted"] == sorted([OSS, VUGHT])
    assert [e["name"] for e in proposal["regional"]] == ["Brandweerkazerne Oss"]
    assert sorted(e["name"] for e in proposal["local"]) == ["Bibliotheek Oss", "Dorpshuis Berghem"]
    assert proposal["regional"][0]["id"] == station["id"] and "information" in proposal["regional"][0]["missing"]
    oss = [m for m in proposal["coverage"]["municipalities"] if m["code"] == OSS][0]
    assert (oss["population"], oss["needed"], oss["planned"], oss["inhabitants_per_planned_nsp"]) == (94_634, 19, 3, 31_544)
    refused = await inventory.client.get(f"/rounds/{round_['id']}/proposal", headers=tokens.municipality(OSS))
    assert refused.status_code == 403

    records = await events_of(kafka_settings, f"round/{round_['id']}", 5)
    assert [header(r, "ce_type") for r in records] == [
        "inventory.round.opened.v1", "inventory.inventory.submitted.v1", "inventory.inventory.submitted.v1",
        "inventory.inventory.submitted.v1", "inventory.round.closed.v1",
    ]
    data = [json.loads(r.value) for r in records]
    assert data[2]["supersedes"] == first.json()["id"] and data[2]["remarks"] == "met bibliotheek"
    assert data[4]["submitted"] == sorted([OSS, VUGHT]) and DEN_BOSCH in data[4]["missing"]


async def test_a_pilot_through_all_stages_with_its_events_in_order(inventory, kafka_settings):
    region = tokens.region(REGION)
    site = await register(inventory, DEN_BOSCH, "Wijkcentrum De Helftheuvel")
    body = {"municipality_code": DEN_BOSCH, "name": "Pilot Helftheuvel", "noodsteunpunt_ids": [site["id"]],
            "goals": ["information when the internet is down"], "starts_on": "2026-02-01", "ends_on": "2026-09-30",
            "budget_cents": 20_000_000}
    pilot = (await post(inventory, f"/regions/{REGION}/pilots", body, region)).json()
    assert (pilot["status"], pilot["pilot_year"], pilot["budget_cents"]) == ("proposed", 2026, 20_000_000)
    base = f"/pilots/{pilot['id']}"
    assert (await post(inventory, f"{base}/start", {"started_on": "2026-02-01"}, region)).status_code == 409
    assert (await post(inventory, f"{base}/approve", {}, region)).status_code == 200
    assert (await post(inventory, f"{base}/complete", {"completed_on": "2026-10-01"}, region)).status_code == 409
    assert (await post(inventory, f"{base}/start", {"started_on": "2026-02-01"}, region)).status_code == 200
    evaluation = {"themes": {"basis": {"worked": "vaste sleutelhouder", "did_not_work": "bewegwijzering"},
                             "continuity": {"worked": "aggregaat 96 uur"}}, "cost_cents": 19_500_050}
    assert (await post(inventory, f"{base}/evaluation", {**evaluation, "cost_cents": 195000.5}, region)).status_code == 400
    assert (await post(inventory, f"{base}/evaluation", evaluation, region)).status_code == 200
    done = await post(inventory, f"{base}/complete", {"completed_on": "2026-10-01"}, region)
    assert done.json()["status"] == "completed" and done.json()["cost_cents"] == 19_500_050

    records = await events_of(kafka_settings, f"pilot/{pilot['id']}", 5)
    assert [header(r, "ce_type").split(".")[2] for r in records] == ["proposed", "approved", "started", "evaluated", "completed"]
    started = json.loads(records[2].value)
    assert (started["pilot_year"], started["budget_cents"], started["noodsteunpunt_ids"]) == (2026, 20_000_000, [site["id"]])
    assert json.loads(records[3].value)["themes"]["basis"]["did_not_work"] == "bewegwijzering"


async def test_pilot_writes_outside_the_region_are_refused_and_change_nothing(inventory):
    site = await register(inventory, OSS, "Sporthal Oss")
    foreign_site = await register(inventory, GRONINGEN, "Dorpshuis Groningen")
    body = {"municipality_code": OSS, "name": "Pilot", "noodsteunpunt_ids": [site["id"]], "goals": ["g"],
            "starts_on": "2025-10-01", "ends_on": "2025-12-31", "budget_cents": 100}
    pilot = (await post(inventory, f"/regions/{REGION}/pilots", body, tokens.region(REGION))).json()
    before = await snapshot(inventory)
    attempts = [
        await post(inventory, f"/regions/{REGION}/pilots", body, tokens.region("VR01")),
        await post(inventory, f"/regions/{REGION}/pilots", body, tokens.municipality(OSS)),
        await post(inventory, f"/regions/{REGION}/pilots", {**body, "noodsteunpunt_ids": [foreign_site["id"]]}, tokens.region(REGION)),
        await post(inventory, f"/regions/{REGION}/pilots", {**body, "municipality_code": GRONINGEN}, tokens.region(REGION)),
        await post(inventory, f"/regions/{REGION}/pilots", {**body, "budget_cents": 10.5}, tokens.region(REGION)),
        await post(inventory, f"/pilots/{pilot['id']}/approve", {}, tokens.region("VR01")),
        await post(inventory, f"/pilots/{pilot['id']}/approve", {}, tokens.municipality(OSS)),
        await post(inventory, f"/pilots/{pilot['id']}/approve", {}, tokens.national()),
    ]
    assert [a.status_code for a in attempts] == [403, 403, 422, 422, 400, 403, 403, 403]
    assert await snapshot(inventory) == before


async def test_the_two_pilot_flag_per_pilot_year(inventory):
    region = tokens.region("VR20")  # no other test here gives VR20 pilots: it starts with none
    municipality = next(iter(_municipalities("VR20")))
    site = await register(inventory, municipality, "Pilotlocatie")
    flags = (await inventory.client.get("/regions/VR20/pilots", headers=region)).json()["two_pilot_rule"]
    assert flags == [{"pilot_year": 2025, "started": 0, "flagged": True, "unfunded": 0}, {"pilot_year": 2026, "started": 0, "flagged": True, "unfunded": 0}]
    for n in range(2):
        body = {"municipality_code": municipality, "name": f"Pilot {n}", "noodsteunpunt_ids": [site["id"]], "goals": ["g"],
                "starts_on": "2025-11-01", "ends_on": "2026-03-01", "budget_cents": 9_000_000}
        pilot = (await post(inventory, "/regions/VR20/pilots", body, region)).json()
        await post(inventory, f"/pilots/{pilot['id']}/approve", {}, region)
        if n == 0:
            flags = (await inventory.client.get("/regions/VR20/pilots", headers=region)).json()["two_pilot_rule"]
            assert flags[0] == {"pilot_year": 2025, "started": 0, "flagged": True, "unfunded": 0}, "approved is not started"
        await post(inventory, f"/pilots/{pilot['id']}/start", {"started_on": "2025-11-01"}, region)
    flags = (await inventory.client.get("/regions/VR20/pilots", headers=tokens.national())).json()["two_pilot_rule"]
    assert flags == [{"pilot_year": 2025, "started": 2, "flagged": False, "unfunded": 0}, {"pilot_year": 2026, "started": 0, "flagged": True, "unfunded": 0}]


def _municipalities(region):
    from shared.refdata import load_reference_data

    return [m.code for m in load_reference_data().municipalities_in(region)]
