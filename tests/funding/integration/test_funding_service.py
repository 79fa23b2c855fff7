"""The funding service on real Kafka and PostgreSQL, over-commitment policy 'refuse' (the default).

One service for the whole module; each test works in its own region or year, or
reads the figures it depends on before acting, so the tests do not lean on each other.
"""

from __future__ import annotations

import json
from uuid import uuid4

import pytest
import pytest_asyncio
from sqlalchemy import delete, update
from sqlalchemy.exc import DBAPIError

from services.funding.adapters.tables import ledger_entries

from tests.funding.integration.support import (
    caught_up,
    csv_rows,
    eventually,
    fresh_database_name,
    funding_events,
    of_type,
    pilot,
    stored_counts,
)
from tests.support import tokens
from tests.support.kafka import header, produce_event, read_topic
from tests.support.running import run_service

pytestmark = pytest.mark.asyncio(loop_scope="session")

NATIONAL = tokens.national()
VR21 = tokens.region("VR21")
OSS, DEN_BOSCH, VUGHT, BOXTEL, HEUSDEN = "GM0828", "GM0796", "GM0865", "GM0757", "GM0797"
GRONINGEN = "GM0014"  # VR01
# Pilots and proposals here use 2027: other modules (inventory, the demo) start pilots for 2025/2026
# on the same broker, and this service reads the inventory topic from its beginning.
YEAR = 2027


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def funding(postgres, kafka_settings):
    database = fresh_database_name("funding_service")
    postgres.create_database(database)
    async with run_service("funding", postgres.url(database), kafka_settings) as running:
        await caught_up(running, kafka_settings)
        yield running


async def allocate(funding, year, key="equal", **extra):
    return await funding.client.post(f"/allocations/{year}", json={"key": key, **extra}, headers=NATIONAL)


async def region_year(funding, region, year, headers=None):
    response = await funding.client.get(f"/regions/{region}/years/{year}", headers=headers or tokens.region(region))
    assert response.status_code == 200, response.text
    return response.json()


async def commitments(funding, region, headers=None):
    response = await funding.client.get(f"/regions/{region}/commitments", params={"pageSize": 200},
                                        headers=headers or tokens.region(region))
    assert response.status_code == 200, response.text
    return response.json()["items"]


# --- allocation -------------------------------------------------------------------------------------------------


async def test_the_equal_split_is_exact_and_each_tranche_is_an_event(funding, kafka_settings):
    made = {}
    for year, per_region in ((2025, 18_000_000), (2026, 40_000_000)):
        response = await allocate(funding, year)
        assert response.status_code == 201, response.text
        body = made[year] = response.json()
        assert body["version"] == 1 and body["total_cents"] == 25 * per_region
        assert {s["amount_cents"] for s in body["shares"]} == {per_region} and len(body["shares"]) == 25

    subject = f"allocation/{made[2025]['id']}"
    records = await funding_events(
        kafka_settings, lambda rs: len(of_type(rs, "funding.tranche.allocated.v1", subject)) >= 25
    )
    tranches = of_type(records, "funding.tranche.allocated.v1", subject)
    assert sorted(r.key.decode() for r in tranches) == [f"VR{i:02d}" for i in range(1, 26)]
    assert {json.loads(r.value)["amount_cents"] for r in tranches} == {18_000_000}


async def test_re_running_an_allocation_changes_nothing(funding):
    first = await allocate(funding, 2025)
    before = await stored_counts(funding)
    again = await allocate(funding, 2025)
    assert again.status_code == 200 and again.json()["changed"] is False
    assert again.json()["id"] == first.json()["id"]
    assert await stored_counts(funding) == before  # no ledger entry, no event
    versions = await funding.client.get("/allocations/2025", headers=NATIONAL)
    assert [v["version"] for v in versions.json()["items"]] == [1]


async def test_a_population_split_sums_to_the_cent_and_a_new_key_shows_the_differences(funding):
    by_population = await allocate(funding, 2028, "population")
    assert by_population.status_code == 201
    shares = {s["region_code"]: s["amount_cents"] for s in by_population.json()["shares"]}
    assert sum(shares.values()) == 3_500_000_000
    assert shares["VR09"] > shares["VR21"] > shares["VR14"]

    with_base = await allocate(funding, 2028, "base_plus_population", base_cents=50_000_000)
    assert with_base.status_code == 201
    body = with_base.json()
    assert body["version"] == 2
    diffs = {s["region_code"]: s for s in body["shares"]}
    assert sum(s["amount_cents"] for s in body["shares"]) == 3_500_000_000
    assert sum(s["difference_cents"] for s in body["shares"]) == 0
    assert (
        diffs["VR14"]["previous_cents"] == shares["VR14"] and diffs["VR14"]["difference_cents"] > 0
    )  # small region gains
    assert diffs["VR09"]["difference_cents"] < 0  # populous region gives up some

    # The ledger follows the version in force.
    overview = (await funding.client.get("/overview/2028", headers=NATIONAL)).json()
    assert {r["region_code"]: r["allocated_cents"] for r in overview["regions"]} == {
        code: s["amount_cents"] for code, s in diffs.items()
    }
    assert overview["unallocated_cents"] == 0


async def test_an_amended_budget_keeps_its_history_and_a_re_run_allocates_the_new_total(funding, kafka_settings):
    assert (await allocate(funding, 2029)).json()["total_cents"] == 3_600_000_000
    correlation = str(uuid4())
    response = await funding.client.post(
        "/budget/2029/weerbaarheid/amendments",
        json={"amount_cents": 3_650_000_000, "reason": "Voorjaarsnota 2029: extra voor regionale coördinatiepunten"},
        headers={**NATIONAL, "X-Correlation-ID": correlation},
    )
    assert response.status_code == 201, response.text
    assert [(v["version"], v["amount_cents"]) for v in response.json()["versions"]] == [
        (1, 3_600_000_000),
        (2, 3_650_000_000),
    ]

    def amendments(records):
        return [
            r for r in of_type(records, "funding.budget.amended.v1") if header(r, "ce_correlationid") == correlation
        ]

    (amended,) = amendments(await funding_events(kafka_settings, lambda rs: bool(amendments(rs))))
    assert amended.key == b"NL" and header(amended, "ce_subject") == "budget/2029/weerbaarheid"
    assert json.loads(amended.value)["previous_amount_cents"] == 3_600_000_000

    rerun = await allocate(funding, 2029)
    assert rerun.status_code == 201 and rerun.json()["version"] == 2 and rerun.json()["budget_version"] == 2
    assert {s["difference_cents"] for s in rerun.json()["shares"]} == {2_000_000}  # EUR 50M / 25 = EUR 20,000 more each

    refused = await funding.client.post(
        "/budget/2029/weerbaarheid/amendments", json={"amount_cents": 1, "reason": "x"}, headers=VR21
    )
    assert refused.status_code == 403


# --- commitments from pilots (Kafka) ----------------------------------------------------------------------------


async def test_a_pilot_started_event_makes_one_commitment_even_when_delivered_twice(funding, kafka_settings):
    await allocate(funding, YEAR)
    before = (await region_year(funding, "VR21", YEAR))["balance"]
    started = pilot("VR21", OSS, YEAR, 15_000_000, "Pilot Brandweerkazerne Oss")
    await produce_event(kafka_settings, started)
    await produce_event(kafka_settings, started)  # the same event again (a redelivery)
    marker = pilot("VR21", DEN_BOSCH, YEAR, 1_000_000, "Pilot Bibliotheek 's-Hertogenbosch")
    await produce_event(kafka_settings, marker)  # same key, same partition: applied after both copies

    found = await eventually(
        lambda: commitments(funding, "VR21"), lambda cs: any(c["source_id"] == str(marker.pilot_id) for c in cs)
    )
    mine = [c for c in found if c["source_id"] == str(started.pilot_id)]
    assert len(mine) == 1
    assert (mine[0]["status"], mine[0]["planned_cents"], mine[0]["municipality_code"]) == ("made", 15_000_000, OSS)
    after = (await region_year(funding, "VR21", YEAR))["balance"]
    assert after["committed_cents"] - before["committed_cents"] == 16_000_000

    subject = f"commitment/{mine[0]['id']}"
    records = await funding_events(kafka_settings, lambda rs: bool(of_type(rs, "funding.commitment.made.v1", subject)))
    (made,) = of_type(records, "funding.commitment.made.v1", subject)
    assert header(made, "ce_causationid") == str(started.id)
    csv_content = (await funding.client.get(f"/regions/VR21/years/{YEAR}/ledger.csv", headers=VR21)).content
    causes = [r for r in csv_rows(csv_content) if r["Referentie"] == mine[0]["id"]]
    assert [(r["Soort"], r["Oorzaak"], r["Oorzaak-id"]) for r in causes] == [("vastlegging", "gebeurtenis", str(started.id))]


async def test_over_commitment_is_refused_with_an_event_and_commits_nothing(funding, kafka_settings):
    await allocate(funding, YEAR)
    before = (await region_year(funding, "VR20", YEAR, NATIONAL))["balance"]
    assert before["allocated_cents"] == 140_000_000  # EUR 35M / 25
    too_big = pilot(
        "VR20", "GM0758", YEAR, before["remaining_cents"] + 1, "Pilot Breda"
    )  # one cent too many  # one cent more than remains
    await produce_event(kafka_settings, too_big)

    found = await eventually(
        lambda: commitments(funding, "VR20", NATIONAL),
        lambda cs: any(c["source_id"] == str(too_big.pilot_id) for c in cs),
    )
    (refused,) = [c for c in found if c["source_id"] == str(too_big.pilot_id)]
    assert refused["status"] == "refused" and refused["planned_cents"] == 0
    assert (await region_year(funding, "VR20", YEAR, NATIONAL))["balance"] == before
    records = await funding_events(
        kafka_settings, lambda rs: bool(of_type(rs, "funding.commitment.refused.v1", f"commitment/{refused['id']}"))
    )
    (event,) = of_type(records, "funding.commitment.refused.v1", f"commitment/{refused['id']}")
    assert json.loads(event.value)["remaining_before_cents"] == before["remaining_cents"]
    assert not of_type(records, "funding.commitment.made.v1", f"commitment/{refused['id']}")


async def test_a_pilot_refused_before_its_allocation_is_made_when_reconsidered(funding, kafka_settings):
    early = pilot("VR20", "GM0758", 2030, 30_000_000, "Pilot Breda, gestart voor de verdeling")
    await produce_event(kafka_settings, early)
    found = await eventually(
        lambda: commitments(funding, "VR20", NATIONAL),
        lambda cs: any(c["source_id"] == str(early.pilot_id) for c in cs),
    )
    (refused,) = [c for c in found if c["source_id"] == str(early.pilot_id)]
    assert refused["status"] == "refused" and refused["remaining_before_cents"] == 0

    assert (await allocate(funding, 2030)).status_code in (200, 201)  # EUR 37M / 25 = EUR 1.48M each
    vr20 = tokens.region("VR20")
    assert (await funding.client.post(f"/commitments/{refused['id']}/reconsider", headers=VR21)).status_code == 403
    response = await funding.client.post(f"/commitments/{refused['id']}/reconsider", headers=vr20)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "made" and response.json()["remaining_before_cents"] == 148_000_000
    assert (await region_year(funding, "VR20", 2030))["balance"]["committed_cents"] == 30_000_000
    again = await funding.client.post(f"/commitments/{refused['id']}/reconsider", headers=vr20)
    assert again.status_code == 409


# --- joint decisions --------------------------------------------------------------------------------------------


async def submit(
    funding, municipalities, amount_cents=2_000_000, year=YEAR, purpose="Noodpakketten voor kwetsbare inwoners"
):
    response = await funding.client.post(
        "/regions/VR21/proposals",
        json={"year": year, "purpose": purpose, "amount_cents": amount_cents, "municipality_codes": municipalities},
        headers=VR21,
    )
    assert response.status_code == 201, response.text
    return response.json()


async def vote(funding, proposal, municipality, choice, remark=None, headers=None):
    return await funding.client.post(
        f"/proposals/{proposal['id']}/votes",
        json={"vote": choice, "remark": remark},
        headers=headers or tokens.municipality(municipality),
    )


async def test_unanimous_approval_becomes_a_commitment_and_the_decision_records_the_votes(funding, kafka_settings):
    await allocate(funding, YEAR)
    proposal = await submit(funding, [OSS, DEN_BOSCH, VUGHT])
    assert proposal["rule"] == "unanimous" and proposal["status"] == "open"
    for code, remark in ((OSS, "Past bij onze pilot"), (DEN_BOSCH, None), (VUGHT, "Akkoord")):
        response = await vote(funding, proposal, code, "agree", remark)
        assert response.status_code == 201, response.text
    decided = response.json()
    assert decided["status"] == "approved" and decided["commitment_id"]
    read = (await funding.client.get(f"/proposals/{proposal['id']}", headers=tokens.municipality(OSS))).json()
    assert read["commitment_status"] == "made"
    assert [(v["municipality_code"], v["remark"]) for v in read["votes"]] == [
        (OSS, "Past bij onze pilot"),
        (DEN_BOSCH, None),
        (VUGHT, "Akkoord"),
    ]

    subject = f"proposal/{proposal['id']}"
    records = await funding_events(
        kafka_settings, lambda rs: bool(of_type(rs, "funding.proposal.decided.v1", subject))
    )
    (event,) = of_type(records, "funding.proposal.decided.v1", subject)
    data = json.loads(event.value)
    assert data["outcome"] == "approved" and [v["vote"] for v in data["votes"]] == ["agree"] * 3
    made = of_type(records, "funding.commitment.made.v1", f"commitment/{decided['commitment_id']}")
    assert made and json.loads(made[0].value)["origin"] == "proposal"


async def test_one_objection_rejects_a_unanimous_proposal_and_commits_nothing(funding):
    proposal = await submit(funding, [OSS, HEUSDEN])
    before = await stored_counts(funding)
    assert (await vote(funding, proposal, HEUSDEN, "object", "Eerst de inventarisatie afronden")).status_code == 201
    read = (await funding.client.get(f"/proposals/{proposal['id']}", headers=VR21)).json()
    assert read["status"] == "rejected" and read["commitment_id"] is None and read["not_voted"] == [OSS]
    (listed,) = [
        p
        for p in (await funding.client.get("/regions/VR21/proposals", headers=VR21)).json()["items"]
        if p["id"] == proposal["id"]
    ]
    assert [(v["municipality_code"], v["vote"]) for v in listed["votes"]] == [(HEUSDEN, "object")]
    assert (await stored_counts(funding))[0] == before[0]  # no ledger entry
    late = await vote(funding, proposal, OSS, "agree")
    assert late.status_code == 409


async def test_majority_rule_decides_by_more_than_half(funding):
    rule = await funding.client.put("/regions/VR21/decision-rule", json={"rule": "majority"}, headers=VR21)
    assert rule.status_code == 200 and rule.json()["rule"] == "majority"
    try:
        proposal = await submit(funding, [OSS, BOXTEL, HEUSDEN], amount_cents=1_500_000)
        assert proposal["rule"] == "majority"
        await vote(funding, proposal, OSS, "agree")
        open_still = (await vote(funding, proposal, BOXTEL, "object", "Te duur")).json()
        assert open_still["status"] == "open"
        decided = (await vote(funding, proposal, HEUSDEN, "agree")).json()
        assert decided["status"] == "approved" and decided["commitment_id"]
    finally:
        await funding.client.put("/regions/VR21/decision-rule", json={"rule": "unanimous"}, headers=VR21)


async def test_a_municipality_not_concerned_cannot_vote_and_changes_nothing(funding):
    proposal = await submit(funding, [OSS, DEN_BOSCH])
    before = await stored_counts(funding)
    # Gemeenten not asked cannot see the proposal, others never vote: every vote of theirs is refused (403).
    for headers, status in ((tokens.municipality(VUGHT), 403), (tokens.municipality(GRONINGEN), 403), (VR21, 403),
                            (NATIONAL, 403)):
        response = await vote(funding, proposal, None, "agree", headers=headers)
        assert response.status_code == status, response.text
    assert await stored_counts(funding) == before
    read = (await funding.client.get(f"/proposals/{proposal['id']}", headers=VR21)).json()
    assert read["votes"] == [] and read["status"] == "open"
    hidden = await funding.client.get(f"/proposals/{proposal['id']}", headers=tokens.municipality(VUGHT))
    assert hidden.status_code == 404


async def municipality_list(funding, municipality, headers=None, **params):
    return await funding.client.get(f"/municipalities/{municipality}/proposals", params=params,
                                    headers=tokens.municipality(municipality) if headers is None else headers)


async def test_a_municipality_lists_the_proposals_that_concern_it_newest_first_with_its_own_vote(funding):
    first = await submit(funding, [OSS, DEN_BOSCH], purpose="Aggregaat dorpshuis")
    elsewhere = await submit(funding, [VUGHT, BOXTEL], purpose="Radio's voor Vught en Boxtel")
    latest = await submit(funding, [HEUSDEN, OSS], purpose="Noodwater Heusden en Oss")
    assert (await vote(funding, first, OSS, "agree", "Graag")).status_code == 201
    assert (await vote(funding, first, DEN_BOSCH, "object")).status_code == 201

    response = await municipality_list(funding, OSS, pageSize=200)
    assert response.status_code == 200, response.text
    page = response.json()
    ids = [p["id"] for p in page["items"]]
    assert page["totalItems"] == len(ids) and all(OSS in p["municipality_codes"] for p in page["items"])
    assert elsewhere["id"] not in ids
    assert ids.index(latest["id"]) < ids.index(first["id"])  # newest first
    mine = page["items"][ids.index(first["id"])]
    assert (mine["has_voted"], mine["own_vote"], mine["status"]) == (True, "agree", "rejected")
    assert [(v["municipality_code"], v["vote"], v["remark"]) for v in mine["votes"]] == [
        (OSS, "agree", "Graag"), (DEN_BOSCH, "object", None)]
    open_one = page["items"][ids.index(latest["id"])]
    assert (open_one["has_voted"], open_one["own_vote"], open_one["not_voted"]) == (False, None, [HEUSDEN, OSS])

    # Paged like every list: one per page, the newest on the first.
    one = (await municipality_list(funding, OSS, pageSize=1)).json()
    assert one["items"][0]["id"] == ids[0] and one["totalItems"] == len(ids) and one["totalPages"] == len(ids)
    assert {"page=2", "pageSize=1"} <= set(one["_links"]["next"]["href"].split("?")[1].split("&"))
    # The region and national users see the gemeente's list too, with the gemeente's own vote.
    for headers in (VR21, NATIONAL):
        seen = (await municipality_list(funding, OSS, headers=headers, pageSize=200)).json()["items"]
        assert [p["id"] for p in seen] == ids and seen[ids.index(first["id"])]["own_vote"] == "agree"
    # Den Bosch's own list has the shared proposal, with its own vote, and not Oss's other one.
    theirs = (await municipality_list(funding, DEN_BOSCH, pageSize=200)).json()["items"]
    shared = next(p for p in theirs if p["id"] == first["id"])
    assert shared["own_vote"] == "object" and latest["id"] not in [p["id"] for p in theirs]


async def test_another_gemeentes_proposal_list_is_refused_and_names_nothing(funding):
    hidden = await submit(funding, [OSS, BOXTEL], purpose="Alleen voor Oss en Boxtel")
    # A scope one may not act in is 403 (the platform rule), for a gemeente of the same region, one
    # of another region, another region's users and integrators alike.
    for headers in (tokens.municipality(DEN_BOSCH), tokens.municipality(GRONINGEN), tokens.region("VR01"),
                    tokens.bearer("integrator")):
        response = await municipality_list(funding, OSS, headers=headers)
        assert response.status_code == 403, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert hidden["id"] not in response.text and "Alleen voor Oss" not in response.text
    assert (await municipality_list(funding, OSS, headers={})).status_code == 401
    assert (await municipality_list(funding, "GM9999", headers=NATIONAL)).status_code == 404  # no such gemeente
    assert (await municipality_list(funding, "GM82", headers=NATIONAL)).status_code == 400  # malformed code
    assert (await municipality_list(funding, OSS, pageSize=201)).status_code == 400


# --- spending, balances and the ledger --------------------------------------------------------------------------


async def test_spending_is_recorded_against_a_commitment_and_shows_planned_against_actual(funding, kafka_settings):
    await allocate(funding, YEAR)
    started = pilot("VR21", BOXTEL, YEAR, 5_000_000, "Pilot sporthal Boxtel")
    await produce_event(kafka_settings, started)
    found = await eventually(
        lambda: commitments(funding, "VR21"), lambda cs: any(c["source_id"] == str(started.pilot_id) for c in cs)
    )
    (commitment,) = [c for c in found if c["source_id"] == str(started.pilot_id)]

    spend = await funding.client.post(
        f"/commitments/{commitment['id']}/spending",
        json={"amount_cents": 1_234_567, "description": "Aggregaat en brandstof", "spent_on": "2026-03-15"},
        headers=VR21,
    )
    assert spend.status_code == 201, spend.text
    too_much = await funding.client.post(
        f"/commitments/{commitment['id']}/spending",
        json={"amount_cents": 3_765_434, "description": "te veel", "spent_on": "2026-03-16"},
        headers=VR21,
    )
    assert too_much.status_code == 409
    floats = await funding.client.post(
        f"/commitments/{commitment['id']}/spending",
        json={"amount_cents": 12.5, "description": "x", "spent_on": "2026-03-16"},
        headers=VR21,
    )
    assert floats.status_code == 400

    figures = await region_year(funding, "VR21", YEAR)
    (row,) = [c for c in figures["commitments"] if c["id"] == commitment["id"]]
    assert (row["planned_cents"], row["actual_cents"], row["open_cents"]) == (5_000_000, 1_234_567, 3_765_433)
    released = await funding.client.post(
        f"/commitments/{commitment['id']}/release", json={"reason": "pilot afgerond onder budget"}, headers=VR21
    )
    assert released.status_code == 200 and released.json()["released_cents"] == 3_765_433
    after = await region_year(funding, "VR21", YEAR)
    assert after["balance"]["committed_cents"] == figures["balance"]["committed_cents"] - 3_765_433
    assert after["balance"]["spent_cents"] == figures["balance"]["spent_cents"]


async def test_balances_rebuilt_from_the_ledger_alone_equal_the_services_figures(funding):
    overview = (await funding.client.get(f"/overview/{YEAR}", headers=NATIONAL)).json()
    assert overview["allocated_cents"] == 3_500_000_000
    for row in overview["regions"]:
        export = await funding.client.get(f"/regions/{row['region_code']}/years/{YEAR}/ledger.csv", headers=NATIONAL)
        assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
        entries = csv_rows(export.content)
        total = {
            kind: sum(int(e["Bedrag (centen)"]) for e in entries if e["Soort"] == kind)
            for kind in ("toekenning", "vastlegging", "vrijgave", "besteding")
        }
        rebuilt = {
            "allocated_cents": total["toekenning"],
            "committed_cents": total["vastlegging"] - total["vrijgave"],
            "spent_cents": total["besteding"],
            "remaining_cents": total["toekenning"] - total["vastlegging"] + total["vrijgave"],
        }
        assert {k: row[k] for k in rebuilt} == rebuilt, row["region_code"]
        assert all(e["Oorzaak"] in ("verzoek", "gebeurtenis") and e["Oorzaak-id"] for e in entries)

    # ...and they agree with the commitments themselves (VR21 has pilots, proposals, spending and a release).
    vr21 = await region_year(funding, "VR21", YEAR)
    live = [c for c in vr21["commitments"] if c["status"] != "refused"]
    assert vr21["balance"]["committed_cents"] == sum(c["planned_cents"] - c["released_cents"] for c in live)
    assert vr21["balance"]["spent_cents"] == sum(c["actual_cents"] for c in live) > 0


async def test_the_ledger_is_append_only_in_the_database_itself(funding):
    async with funding.service.session_factory() as session:
        with pytest.raises(DBAPIError, match="append-only"):
            await session.execute(update(ledger_entries).values(amount_cents=0))
        await session.rollback()
        with pytest.raises(DBAPIError, match="append-only"):
            await session.execute(delete(ledger_entries))
        await session.rollback()


# --- access and bad input ---------------------------------------------------------------------------------------


async def test_cross_region_access_is_refused_and_changes_nothing(funding):
    await allocate(funding, 2026)
    vr21_commitments = await commitments(funding, "VR21")
    target = next(c for c in vr21_commitments if c["status"] == "made")
    before = await stored_counts(funding)
    vr01 = tokens.region("VR01")
    client = funding.client
    refusals = [
        (await client.get("/regions/VR21/years/2026", headers=vr01), 403),
        (await client.get("/regions/VR21/years/2026/ledger.csv", headers=vr01), 403),
        (await client.get("/regions/VR21/commitments", headers=vr01), 403),
        (await client.get("/regions/VR21/proposals", headers=vr01), 403),
        (
            await client.post(
                f"/commitments/{target['id']}/spending",
                json={"amount_cents": 1, "description": "x", "spent_on": "2026-05-01"},
                headers=vr01,
            ),
            403,
        ),
        (await client.post(f"/commitments/{target['id']}/release", json={"reason": "x"}, headers=vr01), 403),
        (await client.put("/regions/VR21/decision-rule", json={"rule": "majority"}, headers=vr01), 403),
        (
            await client.post(
                "/regions/VR21/proposals",
                json={"year": 2026, "purpose": "x", "amount_cents": 1, "municipality_codes": [OSS]},
                headers=vr01,
            ),
            403,
        ),
        (await client.post("/allocations/2026", json={"key": "population"}, headers=VR21), 403),
        (await client.get("/overview/2026", headers=VR21), 403),
        (await client.get("/regions/VR21/years/2026", headers=tokens.municipality(OSS)), 403),
        (
            await client.post(
                f"/commitments/{target['id']}/spending",
                json={"amount_cents": 1, "description": "x", "spent_on": "2026-05-01"},
                headers=tokens.municipality(OSS),
            ),
            403,
        ),  # a gemeente does not see the region's money, and may not change it
        (await client.get("/regions/VR21/years/2026"), 401),
        (await client.get("/overview/2026", headers={"Authorization": "Bearer nope"}), 401),
    ]
    assert [r.status_code for r, _ in refusals] == [status for _, status in refusals], [r.text for r, _ in refusals]
    assert await stored_counts(funding) == before
    assert (await client.get("/regions/VR21/decision-rule", headers=VR21)).json()["rule"] == "unanimous"
    own = await allocate(funding, 2026)
    assert own.json()["key"] == "equal"  # the refused population key did not become a version


async def test_regions_see_their_own_share_and_everyone_reads_the_schedule(funding):
    await allocate(funding, 2026)
    (version,) = (await funding.client.get("/allocations/2026", headers=VR21)).json()["items"]
    assert [(s["region_code"], s["amount_cents"]) for s in version["shares"]] == [("VR21", 40_000_000)]
    assert (await funding.client.get("/allocations/2026", headers=tokens.municipality(OSS))).status_code == 403
    schedule = await funding.client.get("/budget/schedule", headers=tokens.municipality(OSS))
    assert schedule.status_code == 200
    assert [(b["year"], b["amount_cents"]) for b in schedule.json()["items"]][:2] == [(2025, 450_000_000), (2026, 1_000_000_000)]


async def test_a_pilot_event_that_can_never_apply_is_dead_lettered_with_its_reason(funding, kafka_settings):
    before = await stored_counts(funding)
    wrong = pilot("VR01", OSS, YEAR, 1_000)  # Oss is not a gemeente of VR01
    await produce_event(kafka_settings, wrong)
    records = await read_topic(
        kafka_settings,
        "weerbaar.funding.deadletter",
        until=lambda rs: any(header(r, "ce_id") == str(wrong.id) for r in rs),
    )
    dead = [r for r in records if header(r, "ce_id") == str(wrong.id)]
    # (one per funding service reading the topic: a developer's running instance may add its own)
    assert all("not a municipality of VR01" in header(r, "dlq_reason") for r in dead)
    assert {header(r, "dlq_consumer") for r in dead} == {"funding.pilots"}
    assert await stored_counts(funding) == before


async def test_bad_input_gets_a_clear_4xx(funding):
    client = funding.client
    answers = [
        (await client.post("/allocations/2026", json={"key": "lottery"}, headers=NATIONAL), 400),
        (
            await client.post(
                "/allocations/2027", json={"key": "base_plus_population", "base_cents": 10**12}, headers=NATIONAL
            ),
            422,
        ),
        (await client.post("/allocations/2024", json={"key": "equal"}, headers=NATIONAL), 404),
        (
            await client.post(
                "/budget/2027/weerbaarheid/amendments", json={"amount_cents": 5, "reason": " "}, headers=NATIONAL
            ),
            400,
        ),
        (
            await client.post(
                "/budget/2027/weerbaarheid/amendments", json={"amount_cents": 1.5, "reason": "r"}, headers=NATIONAL
            ),
            400,
        ),
        (
            await client.post(
                "/regions/VR21/proposals",
                json={"year": 2026, "purpose": "p", "amount_cents": 100, "municipality_codes": [GRONINGEN]},
                headers=VR21,
            ),
            422,
        ),
        (
            await client.post(
                "/regions/VR21/proposals",
                json={"year": 2026, "purpose": "p", "amount_cents": -1, "municipality_codes": [OSS]},
                headers=VR21,
            ),
            400,
        ),
        (
            await client.post(f"/proposals/{uuid4()}/votes", json={"vote": "agree"}, headers=tokens.municipality(OSS)),
            404,
        ),
        (
            await client.post(f"/proposals/{uuid4()}/votes", json={"vote": "maybe"}, headers=tokens.municipality(OSS)),
            400,
        ),
    ]
    assert [r.status_code for r, _ in answers] == [status for _, status in answers], [r.text for r, _ in answers]


async def test_a_malformed_region_code_in_an_export_path_is_a_400(funding):
    response = await funding.client.get("/regions/VR99/years/2025/ledger.csv", headers=tokens.national())
    assert response.status_code == 400


async def test_a_malformed_region_code_in_any_region_path_is_a_400(funding):
    region_paths = ["commitments", "years/2025", "decision-rule", "proposals"]
    answers = [await funding.client.get(f"/regions/VR99/{path}", headers=NATIONAL) for path in region_paths]
    answers.append(await funding.client.put("/regions/vr21/decision-rule", json={"rule": "majority"}, headers=VR21))
    assert [r.status_code for r in answers] == [400] * 5, [r.text for r in answers]
