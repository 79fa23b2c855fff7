"""The demo scenario, run over real HTTP against the running service: Brabant-Noord's round,
its 11 municipalities, two pilots, the closed round and the board proposal."""

from __future__ import annotations

import pytest

from shared.http.client import api_client
from services.inventory.demo import PILOT_BUDGET_CENTS, run_demo
from tests.support import tokens
from tests.support.kafka import header, read_topic

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_the_demo_produces_brabant_noords_board_proposal(inventory, kafka_settings):
    printed: list[str] = []
    proposal = await run_demo(lambda: api_client(inventory.api_url), printed.append)

    assert proposal["region_code"] == "VR21" and proposal["round"]["final"] is True
    assert len(proposal["submitted"]) == 11 and proposal["missing"] == []
    assert len(proposal["regional"]) == 11 and len(proposal["local"]) == 11
    # The fire stations meet every required criterion; the community centres lack power and contact means.
    assert proposal["compliant"] == 11
    assert all(not e["compliant"] and "emergency_power" in e["missing"] for e in proposal["local"])
    coverage = proposal["coverage"]["region"]
    assert coverage["population"] == 676_914
    # Needed is summed per municipality (a surplus in one does not fill another's gap):
    # ceil(pop / 5,000) = 33 ('s-Hertogenbosch) + 7 + 3 + 7 + 10 + 19 + 12 + 17 + 19 (Oss) + 7 + 7 = 141.
    assert (coverage["needed"], coverage["operational"], coverage["planned"]) == (141, 11, 22)
    assert (coverage["gap_operational"], coverage["gap_planned"]) == (130, 119)
    assert coverage["inhabitants_per_operational_nsp"] == 676_914 // 11
    assert [c for c in proposal["two_pilot_rule"] if c["pilot_year"] == 2025][0] == {
        "pilot_year": 2025, "started": 2, "flagged": False, "unfunded": 0,
    }
    assert {p["budget_cents"] for p in proposal["pilots"]} == {PILOT_BUDGET_CENTS}
    assert any("Board proposal" in line for line in printed)

    started = await read_topic(
        kafka_settings, "weerbaar.inventory.events",
        until=lambda rs: sum(header(r, "ce_type") == "inventory.pilot.started.v1"
                             and any(header(r, "ce_subject") == f"pilot/{p['id']}" for p in proposal["pilots"]) for r in rs) == 2,
    )
    assert started

    national = await inventory.client.get("/national/picture", headers=tokens.national())
    vr21 = [r for r in national.json()["regions"] if r["region_code"] == "VR21"][0]
    assert vr21["noodsteunpunten"] == 22 and vr21["pilots_by_status"]["started"] == 2
