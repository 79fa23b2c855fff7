"""Joint campaigns over real HTTP, PostgreSQL and Kafka: Drenthe joins Brabant-Noord's
noodpakket campaign with its consent, runs its own wave and surveys, and both regions
roll up under the one campaign."""

from __future__ import annotations

import pytest
import pytest_asyncio

from tests.campaign.examples import OSS, VR21, all_items
from tests.support import tokens
from tests.support.kafka import header, read_topic

pytestmark = pytest.mark.asyncio(loop_scope="session")
DRENTHE, ASSEN = "VR03", "GM0106"
OWNER, GUEST, NATIONAL = tokens.region(VR21), tokens.region(DRENTHE), tokens.national()
TEMPLATES = [{"key": "poster", "channel": "poster", "title": "Noodpakket", "body": "Vul je noodpakket aan in {{gemeente}}!"}]


async def ok(response, status: int = 200):
    assert response.status_code == status, response.text
    return response.json() if response.content else None


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def noodpakket(campaign):
    client = campaign.client
    [seeded] = (await ok(await client.post("/campaigns/seed", headers=OWNER)))["items"]
    toolkit = await ok(await client.post(f"/campaigns/{seeded['id']}/toolkits", json={"templates": TEMPLATES},
                                         headers=OWNER), 201)
    await ok(await client.post(f"/toolkits/{toolkit['id']}/publish", headers=OWNER))
    return {"id": seeded["id"], "toolkit": toolkit["id"]}


async def run_wave(client, noodpakket, headers, municipality, reached, before, after) -> str:
    """A wave in one gemeente, launched and completed, with a survey before and after it."""
    wave = await ok(await client.post("/waves", headers=headers, json={
        "campaign_id": noodpakket["id"], "toolkit_version_id": noodpakket["toolkit"], "name": f"Noodpakket {municipality}",
        "municipality_codes": [municipality], "channels": ["poster"], "materials": [{"template_key": "poster", "printed": 100}],
        "planned_start": "2025-11-03", "planned_end": "2025-11-28"}), 201)
    await ok(await client.post(f"/waves/{wave['id']}/launch", json={"launched_on": "2025-11-03"}, headers=headers))
    await ok(await client.post(f"/waves/{wave['id']}/complete", headers=headers, json={
        "completed_on": "2025-11-28", "households_reached": reached, "people_reached": 2 * reached, "distributed": {}}))
    for phase, (respondents, complete) in (("before", before), ("after", after)):
        await ok(await client.post("/surveys", headers=headers, json={
            "wave_id": wave["id"], "phase": phase, "municipality_code": municipality,
            "surveyed_on": "2025-10-20" if phase == "before" else "2025-12-08", "respondents": respondents,
            "having": all_items(respondents, complete), "complete_kit": complete}), 201)
    return wave["id"]


async def test_a_second_region_joins_with_consent_and_both_roll_up_under_one_campaign(campaign, noodpakket):
    client, campaign_id = campaign.client, noodpakket["id"]
    asked = await ok(await client.post(f"/campaigns/{campaign_id}/participants", headers=GUEST), 202)
    assert asked["status"] == "requested"
    early = await client.post("/waves", headers=GUEST, json={
        "campaign_id": campaign_id, "toolkit_version_id": noodpakket["toolkit"], "name": "te vroeg",
        "municipality_codes": [ASSEN], "channels": ["poster"], "materials": [], "planned_start": "2025-11-03",
        "planned_end": "2025-11-28"})
    assert early.status_code == 409, "no wave before the owner agreed"
    assert (await client.put(f"/campaigns/{campaign_id}/participants/{DRENTHE}", headers=GUEST)).status_code == 403
    admitted = await ok(await client.put(f"/campaigns/{campaign_id}/participants/{DRENTHE}", headers=OWNER))
    assert admitted["participating_regions"] == [DRENTHE, VR21] and admitted["requested_by"] == []

    await run_wave(client, noodpakket, OWNER, OSS, reached=1_000, before=(400, 20), after=(500, 60))
    await run_wave(client, noodpakket, GUEST, ASSEN, reached=700, before=(200, 10), after=(300, 45))

    rollup = await ok(await client.get(f"/campaigns/{campaign_id}/rollup", headers=NATIONAL))
    regions = {r["region_code"]: r for r in rollup["regions"]}
    assert set(regions) == {DRENTHE, VR21}
    assert regions[DRENTHE]["figures"]["households_reached"] == 700
    assert (regions[DRENTHE]["figures"]["before"]["complete_kit_share_pct"],
            regions[DRENTHE]["figures"]["after"]["complete_kit_share_pct"]) == ("5.0", "15.0")
    total = rollup["total"]
    assert (total["waves"], total["waves_completed"], total["households_reached"]) == (2, 2, 1_700)
    # Summed counts, not averaged percentages: (20+10)/(400+200) = 5.0 %, (60+45)/(500+300) = 13.1 %.
    assert (total["before"]["respondents"], total["after"]["respondents"]) == (600, 800)
    assert (total["before"]["complete_kit_share_pct"], total["after"]["complete_kit_share_pct"]) == ("5.0", "13.1")
    assert total["complete_kit_difference_points"] == "8.1"
    assert (await ok(await client.get(f"/campaigns/{campaign_id}/rollup", headers=GUEST)))["total"] == total
    assert (await client.get(f"/campaigns/{campaign_id}/rollup", headers=tokens.region("VR01"))).status_code == 403

    await ok(await client.request("DELETE", f"/campaigns/{campaign_id}/participants/{DRENTHE}", headers=GUEST), 204)
    after_leaving = await ok(await client.get(f"/campaigns/{campaign_id}/rollup", headers=NATIONAL))
    left = {r["region_code"]: r for r in after_leaving["regions"]}[DRENTHE]
    assert left["taking_part"] is False and left["figures"]["households_reached"] == 700, "what it did still counts"
    assert (await client.request("DELETE", f"/campaigns/{campaign_id}/participants/{VR21}", headers=OWNER)).status_code == 409

    records = await read_topic(campaign.service.settings.kafka, "weerbaar.campaign.events",
                               until=lambda rs: "campaign.participation.left.v1" in _participation(rs, campaign_id))
    assert _participation(records, campaign_id) == [
        "campaign.participation.requested.v1", "campaign.participation.joined.v1", "campaign.participation.left.v1"]
    assert {r.key for r in records if header(r, "ce_subject") == f"campaign/{campaign_id}"
            and header(r, "ce_type").startswith("campaign.participation.")} == {DRENTHE.encode()}


async def test_a_region_joins_a_national_campaign_at_once_and_the_owner_may_decline_a_request(campaign, noodpakket):
    client = campaign.client
    [denk_vooruit] = (await ok(await client.post("/campaigns/seed", headers=NATIONAL)))["items"]
    joined = await client.post(f"/campaigns/{denk_vooruit['id']}/participants", headers=tokens.region("VR01"))
    assert joined.status_code == 409, "a national campaign already has every region"

    asked = await ok(await client.post(f"/campaigns/{noodpakket['id']}/participants", headers=tokens.region("VR05")), 202)
    assert asked["status"] == "requested"
    await ok(await client.request("DELETE", f"/campaigns/{noodpakket['id']}/participants/VR05", headers=OWNER), 204)
    current = await ok(await client.get(f"/campaigns/{noodpakket['id']}", headers=OWNER))
    assert "VR05" not in current["participating_regions"] + current["requested_by"]


def _participation(records, campaign_id) -> list[str]:
    return [header(r, "ce_type") for r in records if header(r, "ce_subject") == f"campaign/{campaign_id}"
            and header(r, "ce_type").startswith("campaign.participation.")]
