"""The registry over real HTTP, PostgreSQL and Kafka: attributes, readiness and activation rules,
CSV import, the standard, the public view, and access - every refusal changes nothing."""

from __future__ import annotations

import json
from datetime import datetime
from uuid import uuid4

import pytest

from tests.inventory.integration.conftest import snapshot
from tests.support import tokens
from tests.support.kafka import header, read_topic

pytestmark = pytest.mark.asyncio(loop_scope="session")
OSS, DEN_BOSCH, GRONINGEN = "GM0828", "GM0796", "GM0014"
TOPIC = "weerbaar.inventory.events"
FULL = {
    "name": "Brandweerkazerne Oss",
    "layer": "regional",
    "public": True,
    "details": {
        "host_organisation": "Brandweer Brabant-Noord", "building_type": "fire station", "address": "Kantsingel 1, Oss",
        "latitude": 51.765, "longitude": 5.518,
        "services": [{"service": "information"}, {"service": "drinking_water", "capacity": 400}, {"service": "pets"}],
        "generator_fuel_hours": 96, "grid_independent_heating": True, "water_supply": "stored",
        "contact_means": ["c2000", "satellite_phone"], "wheelchair_access": True, "capacity_people": 250,
        "open_24_7": True, "volunteers": 10, "trained_volunteers": 6, "key_holder_contact": "06-12345678",
        "last_exercise_on": "2026-10-01", "last_inspection_on": "2026-09-15",
    },
}


async def register(inventory, body=None, municipality=OSS):
    response = await inventory.client.post(
        f"/municipalities/{municipality}/noodsteunpunten", json=body or FULL, headers=tokens.municipality(municipality)
    )
    assert response.status_code == 201, response.text
    return response.json()


async def post(inventory, path, body, headers):
    return await inventory.client.post(path, json=body, headers=headers)


async def test_every_attribute_is_stored_and_read_back(inventory):
    nsp = await register(inventory)
    got = (await inventory.client.get(f"/noodsteunpunten/{nsp['id']}", headers=tokens.region("VR21"))).json()
    assert got["details"]["services"][1] == {"service": "drinking_water", "capacity": 400}
    assert got["details"]["contact_means"] == ["c2000", "satellite_phone"]
    assert got["details"]["last_exercise_on"] == "2026-10-01" and got["address"] == "Kantsingel 1, Oss"
    assert (got["readiness"], got["activation_status"], got["public"]) == ("planned", "inactive", True)
    listed = await inventory.client.get(f"/municipalities/{OSS}/noodsteunpunten", headers=tokens.municipality(OSS))
    assert nsp["id"] in [n["id"] for n in listed.json()["items"]]


async def test_inconsistent_attributes_are_a_clear_400(inventory):
    body = {**FULL, "details": {**FULL["details"], "trained_volunteers": 20, "services": [{"service": "teleport"}]}}
    response = await post(inventory, f"/municipalities/{OSS}/noodsteunpunten", body, tokens.municipality(OSS))
    assert response.status_code == 400
    nsp = await register(inventory, {"name": "Bibliotheek Oss"})
    patched = await inventory.client.patch(
        f"/noodsteunpunten/{nsp['id']}", json={"details": {"volunteers": -1}}, headers=tokens.municipality(OSS)
    )
    assert patched.status_code == 422 and "volunteers" in patched.json()["detail"]


async def test_readiness_transitions_over_http(inventory):
    nsp = await register(inventory, {"name": "Sporthal De Rusheuvel"})
    path, own = f"/noodsteunpunten/{nsp['id']}/readiness", tokens.municipality(OSS)
    assert (await post(inventory, path, {"readiness": "agreed"}, own)).status_code == 409  # skips inventoried
    assert (await post(inventory, path, {"readiness": "inventoried"}, own)).status_code == 200
    assert (await post(inventory, path, {"readiness": "agreed"}, own)).status_code == 200
    assert (await post(inventory, path, {"readiness": "planned"}, own)).status_code == 422  # back without a reason
    back = await post(inventory, path, {"readiness": "planned", "reason": "owner withdrew"}, own)
    assert back.status_code == 200 and back.json()["readiness"] == "planned"


async def test_activation_is_separate_marked_and_timestamped(inventory):
    nsp = await register(inventory, {"name": "Dorpshuis Megen"})
    own = tokens.municipality(OSS)
    activation = f"/noodsteunpunten/{nsp['id']}/activation"
    refused = await post(inventory, activation, {"status": "opening", "mode": "exercise"}, own)
    assert refused.status_code == 409 and "equipped" in refused.json()["detail"]
    for level in ("inventoried", "agreed", "equipped"):
        await post(inventory, f"/noodsteunpunten/{nsp['id']}/readiness", {"readiness": level}, own)
    assert (await post(inventory, activation, {"status": "opening", "mode": "exercise"}, own)).status_code == 200
    assert (await post(inventory, activation, {"status": "open", "mode": "real"}, own)).status_code == 409
    opened = (await post(inventory, activation, {"status": "open", "mode": "exercise"}, own)).json()
    assert (opened["activation_status"], opened["activation_mode"], opened["readiness"]) == ("open", "exercise", "equipped")
    assert [e["status"] for e in opened["activation_log"]] == ["opening", "open"]
    changed_at = datetime.fromisoformat(opened["activation_changed_at"])
    assert changed_at == datetime.fromisoformat(opened["activation_log"][-1]["at"])
    assert changed_at >= datetime.fromisoformat(opened["activation_log"][0]["at"]) and changed_at.tzinfo is not None


async def test_the_public_view_needs_no_token_and_shows_only_public_nsps(inventory):
    shown = await register(inventory, {**FULL, "name": "Kerk Berghem", "public": True})
    hidden = await register(inventory, {"name": "Geheime locatie", "public": False})
    response = await inventory.client.get("/public/noodsteunpunten", params={"municipality": OSS})
    assert response.status_code == 200
    public = {n["id"]: n for n in response.json()["items"]}
    assert shown["id"] in public and hidden["id"] not in public
    assert public[shown["id"]]["activation_status"] == "inactive"
    assert set(public[shown["id"]]) == {"id", "municipality_code", "name", "address", "latitude", "longitude", "services",
                                        "activation_status", "activation_mode", "activation_changed_at"}


async def test_csv_import_stores_all_rows_or_none(inventory):
    own = {**tokens.municipality(DEN_BOSCH), "Content-Type": "text/csv"}
    path = f"/municipalities/{DEN_BOSCH}/noodsteunpunten/import"
    bad = (
        "name;layer;readiness;services;generator_fuel_hours\n"
        "Wijkcentrum De Helftheuvel;local;planned;information;72\n"
        "Bibliotheek Den Bosch;national;planned;information;72\n"
        "Jeroen Bosch Ziekenhuis;local;operational;information|xray;ten\n"
    )
    before = await snapshot(inventory)
    response = await inventory.client.post(path, content=bad.encode(), headers=own)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["stored"] == 0
    assert {(e["row"], e["column"]) for e in response.json()["errors"]} == {
        (3, "layer"), (4, "services"), (4, "generator_fuel_hours")
    }
    assert await snapshot(inventory) == before, "a refused import stores nothing, not even the valid rows"

    good = bad.replace(";national;", ";local;").replace("information|xray;ten", "information|first_aid;48")
    stored = await inventory.client.post(path, content=good.encode(), headers=own)
    assert stored.status_code == 201, stored.text
    assert stored.json()["stored"] == 3
    items = stored.json()["items"]
    assert [n["name"] for n in items] == ["Wijkcentrum De Helftheuvel", "Bibliotheek Den Bosch", "Jeroen Bosch Ziekenhuis"]
    assert items[2]["readiness"] == "operational"


async def test_a_new_standard_version_recomputes_compliance(inventory, kafka_settings):
    nsp = await register(inventory, {**FULL, "name": "Gemeentehuis Oss"})
    path = f"/noodsteunpunten/{nsp['id']}/compliance"
    first = (await inventory.client.get(path, headers=tokens.municipality(OSS))).json()
    assert (first["standard_version"], first["compliant"]) == (1, True)

    criteria = (await inventory.client.get("/standard", headers=tokens.national())).json()["criteria"]
    for criterion in criteria:
        if criterion["key"] == "emergency_power":
            criterion["check"]["value"] = 120  # five days of fuel: this NSP has 96 hours
    before = await snapshot(inventory)
    refused = await post(inventory, "/standard/versions", {"criteria": criteria}, tokens.region("VR21"))
    assert refused.status_code == 403 and await snapshot(inventory) == before
    correlation = str(uuid4())
    published = await post(inventory, "/standard/versions", {"criteria": criteria},
                           {**tokens.national(), "X-Correlation-ID": correlation})
    assert published.status_code == 201, published.text
    version = published.json()["version"]
    assert version == 2 and published.json()["recomputed"] >= 1

    second = (await inventory.client.get(path, headers=tokens.municipality(OSS))).json()
    assert (second["standard_version"], second["compliant"]) == (2, False)
    assert [m["key"] for m in second["missing"] if m["required"]] == ["emergency_power"]

    records = await read_topic(kafka_settings, TOPIC, until=lambda rs: any(_is_ours(r, correlation) for r in rs))
    (record,) = [r for r in records if _is_ours(r, correlation)]
    assert header(record, "ce_type") == "inventory.standard.published.v1"
    assert header(record, "ce_subject") == "standard/2" and record.key == b"NL"
    assert json.loads(record.value)["criteria"][2]["check"]["value"] == 120


def _is_ours(record, correlation):
    return header(record, "ce_correlationid") == correlation


async def test_every_change_of_an_nsp_is_an_event_in_order(inventory, kafka_settings):
    nsp = await register(inventory, {**FULL, "name": "Dorpshuis Geffen"})
    own, base = tokens.municipality(OSS), f"/noodsteunpunten/{nsp['id']}"
    await inventory.client.patch(base, json={"public": False, "details": {"capacity_people": 300}}, headers=own)
    for level in ("inventoried", "agreed", "equipped"):
        await post(inventory, f"{base}/readiness", {"readiness": level}, own)
    await post(inventory, f"{base}/readiness", {"readiness": "agreed", "reason": "generator broken"}, own)
    await post(inventory, f"{base}/readiness", {"readiness": "equipped"}, own)
    for status in ("opening", "open", "closing", "closed"):
        await post(inventory, f"{base}/activation", {"status": status, "mode": "real"}, own)

    subject = f"noodsteunpunt/{nsp['id']}"
    records = await read_topic(kafka_settings, TOPIC, until=lambda rs: sum(header(r, "ce_subject") == subject for r in rs) == 11)
    mine = [r for r in records if header(r, "ce_subject") == subject]
    assert [header(r, "ce_type").split(".")[2] for r in mine] == (
        ["registered", "updated"] + ["readiness_changed"] * 5 + ["activation_changed"] * 4
    )
    data = [json.loads(r.value) for r in mine]
    assert data[1]["changed_fields"] == ["public", "capacity_people"]
    assert [d["readiness"] for d in data[2:7]] == ["inventoried", "agreed", "equipped", "agreed", "equipped"]
    assert data[5]["reason"] == "generator broken"
    assert [(d["status"], d["mode"]) for d in data[7:]] == [("opening", "real"), ("open", "real"), ("closing", "real"), ("closed", "real")]
    assert {r.key for r in mine} == {b"VR21"} and len({r.partition for r in mine}) == 1


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        # A write to an object the caller may not change is 403, whether it may see it or not.
        (tokens.municipality(DEN_BOSCH), 403),  # same region, other gemeente: cannot even see it
        (tokens.municipality(GRONINGEN), 403),  # other region
        (tokens.region("VR21"), 403),  # the region reads, but a gemeente manages its own NSPs
        (tokens.region("VR01"), 403),
        (tokens.national(), 403),
    ],
)
async def test_writes_to_another_gemeentes_nsp_are_refused_and_change_nothing(inventory, headers, status):
    nsp = await register(inventory, {**FULL, "name": f"Doelwit {status} {len(headers)}"})
    base = f"/noodsteunpunten/{nsp['id']}"
    before = await snapshot(inventory)
    attempts = [
        await inventory.client.patch(base, json={"name": "Gekaapt", "public": False}, headers=headers),
        await post(inventory, f"{base}/readiness", {"readiness": "inventoried"}, headers),
        await post(inventory, f"{base}/activation", {"status": "opening", "mode": "real"}, headers),
    ]
    assert [a.status_code for a in attempts] == [status] * 3
    assert await snapshot(inventory) == before


@pytest.mark.parametrize("headers", [tokens.municipality(DEN_BOSCH), tokens.municipality(GRONINGEN), tokens.region("VR21")])
async def test_registering_or_importing_for_another_gemeente_is_refused_and_changes_nothing(inventory, headers):
    before = await snapshot(inventory)
    registered = await post(inventory, f"/municipalities/{OSS}/noodsteunpunten", {"name": "Indringer"}, headers)
    imported = await inventory.client.post(
        f"/municipalities/{OSS}/noodsteunpunten/import", content=b"name\nIndringer\n",
        headers={**headers, "Content-Type": "text/csv"},
    )
    assert (registered.status_code, imported.status_code) == (403, 403)
    assert await snapshot(inventory) == before


async def test_the_asyncapi_document_lists_every_inventory_event(inventory):
    from shared.contract.catalogue import events_of

    channels = (await inventory.root.get("/asyncapi.json")).json()["channels"]
    expected = {event.TYPE for event in events_of("inventory")}
    assert len(expected) == 15 and expected <= set(channels["weerbaar.inventory.events"]["messages"])
