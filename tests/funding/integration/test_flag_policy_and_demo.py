"""The funding service with over-commitment policy 'flag', and the demo scenario against it."""

from __future__ import annotations

import json

import pytest
import pytest_asyncio

from shared.settings import AuthSettings
from services.funding.demo import DEN_BOSCH, MAASHORST, OSS, demo_pilots, kafka_publisher, run_demo
from services.funding.domain.commitment import OverCommitmentPolicy
from services.funding.settings import FundingOptions, funding_settings
from tests.funding.integration.support import (
    caught_up,
    eventually,
    fresh_database_name,
    funding_events,
    of_type,
    pilot,
    stored_counts,
)
from tests.support import tokens
from tests.support.kafka import produce_event
from tests.support.running import run_service

pytestmark = pytest.mark.asyncio(loop_scope="session")

NATIONAL = tokens.national()
VR01 = tokens.region("VR01")
GRONINGEN, STADSKANAAL = "GM0014", "GM0037"


def flagging(settings):
    return funding_settings(settings).model_copy(
        update={"funding": FundingOptions(over_commitment=OverCommitmentPolicy.FLAG)}
    )


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def funding(postgres, kafka_settings):
    database = fresh_database_name("funding_flag")
    postgres.create_database(database)
    async with run_service("funding", postgres.url(database), kafka_settings, adjust=flagging) as running:
        await caught_up(running, kafka_settings)
        yield running


async def balance(funding, region, year):
    response = await funding.client.get(f"/regions/{region}/years/{year}", headers=tokens.region(region))
    assert response.status_code == 200, response.text
    return response.json()["balance"]


async def test_an_approved_proposal_beyond_what_remains_is_made_and_flagged(funding, kafka_settings):
    assert (await funding.client.post("/allocations/2027", json={"key": "equal"}, headers=NATIONAL)).status_code in (
        200,
        201,
    )
    before = await balance(funding, "VR01", 2027)
    assert before["allocated_cents"] == 140_000_000  # EUR 35M / 25
    asked = before["remaining_cents"] + 50  # 50 cents more than remains
    response = await funding.client.post(
        "/regions/VR01/proposals",
        json={
            "year": 2027,
            "purpose": "Regionaal coördinatiepunt met aggregaat",
            "amount_cents": asked,
            "municipality_codes": [GRONINGEN, STADSKANAAL],
        },
        headers=VR01,
    )
    assert response.status_code == 201, response.text
    proposal = response.json()
    for code in (GRONINGEN, STADSKANAAL):
        voted = await funding.client.post(
            f"/proposals/{proposal['id']}/votes", json={"vote": "agree"}, headers=tokens.municipality(code)
        )
        assert voted.status_code == 201, voted.text
    decided = voted.json()
    assert decided["status"] == "approved"

    after = await balance(funding, "VR01", 2027)
    assert after["committed_cents"] == before["committed_cents"] + asked
    assert after["remaining_cents"] == -50  # over-committed, visibly
    subject = f"commitment/{decided['commitment_id']}"
    records = await funding_events(
        kafka_settings, lambda rs: bool(of_type(rs, "funding.commitment.flagged.v1", subject))
    )
    (flagged,) = of_type(records, "funding.commitment.flagged.v1", subject)
    assert json.loads(flagged.value)["shortfall_cents"] == 50
    (made,) = of_type(records, "funding.commitment.made.v1", subject)
    assert json.loads(made.value)["flagged"] is True


async def test_a_pilot_beyond_what_remains_is_flagged_too(funding, kafka_settings):
    started = pilot("VR01", GRONINGEN, 2027, 1_000_000, "Pilot Groningen")
    await produce_event(kafka_settings, started)  # VR01 2027 is already over-committed by the test above
    found = await eventually(
        lambda: funding.client.get("/regions/VR01/commitments?year=2027", headers=VR01),
        lambda r: any(c["source_id"] == str(started.pilot_id) for c in r.json()["items"]),
    )
    (commitment,) = [c for c in found.json()["items"] if c["source_id"] == str(started.pilot_id)]
    assert commitment["status"] == "flagged" and commitment["planned_cents"] == 1_000_000


async def test_the_demo_scenario(funding, kafka_settings):
    lines: list[str] = []
    result = await run_demo(
        funding.client, AuthSettings(), kafka_publisher(kafka_settings), wait_seconds=30, say=lines.append
    )

    overview_2025 = (await funding.client.get("/overview/2025", headers=NATIONAL)).json()
    overview_2026 = (await funding.client.get("/overview/2026", headers=NATIONAL)).json()
    assert {r["allocated_cents"] for r in overview_2025["regions"]} == {18_000_000}
    assert {r["allocated_cents"] for r in overview_2026["regions"]} == {40_000_000}
    assert len(overview_2026["regions"]) == 25

    # Pilots other test modules started for VR21 may have used up part of its 2026 money
    # first; under this module's policy the demo's commitments are then made and flagged.
    budgets = {str(p.pilot_id): p.budget_cents for p in demo_pilots()}
    assert {c["source_id"]: c["planned_cents"] for c in result.pilot_commitments} == budgets
    assert {c["status"] for c in result.pilot_commitments} <= {"made", "flagged"}

    proposal = result.proposal
    assert proposal["status"] == "approved" and proposal["commitment_status"] in ("made", "flagged")
    assert sorted(v["municipality_code"] for v in proposal["votes"]) == sorted([OSS, DEN_BOSCH, MAASHORST])
    committed = result.region_year["balance"]["committed_cents"]
    assert committed >= 15_000_000 + 12_500_000 + 6_000_000
    assert any("decision: approved" in line for line in lines)

    # Running it again changes nothing.
    before = await stored_counts(funding)
    again = await run_demo(
        funding.client, AuthSettings(), kafka_publisher(kafka_settings), wait_seconds=30, say=lambda _: None
    )
    assert again.proposal["id"] == proposal["id"]
    assert again.allocations == result.allocations == {2025: 1, 2026: 1}
    # The republished pilots are new events for pilots already committed: applied, committing nothing.
    await eventually(lambda: stored_counts(funding), lambda counts: counts[0] == before[0], timeout=5)
    vr21 = (await funding.client.get("/regions/VR21/commitments?year=2026&pageSize=200", headers=tokens.region("VR21"))).json()["items"]
    assert sorted(c["source_id"] for c in vr21 if c["source_id"] in budgets) == sorted(budgets)
    assert again.region_year["balance"]["committed_cents"] == committed
