"""Cross-region and cross-municipality requests are refused and change nothing."""

from __future__ import annotations

import pytest
import pytest_asyncio
from sqlalchemy import func, select

from services.campaign.adapters import tables
from tests.campaign.examples import OSS, VR21, VUGHT, all_items
from tests.support import tokens

pytestmark = pytest.mark.asyncio(loop_scope="session")
REGION = tokens.region(VR21)
OTHER_REGION = tokens.region("VR01")
TABLES = [tables.campaigns, tables.toolkit_versions, tables.local_versions, tables.municipality_contacts, tables.waves,
          tables.surveys, tables.activities, tables.messaging.outbox]


async def ok(response, status: int = 200):
    assert response.status_code == status, response.text
    return response.json()


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def world(campaign):
    """VR21's campaign with a published toolkit, a wave, a survey and Oss's local version."""
    client = campaign.client
    [denk_vooruit] = (await ok(await client.post("/campaigns/seed", headers=tokens.national())))["items"]
    [regional] = (await ok(await client.post("/campaigns/seed", headers=REGION)))["items"]
    body = {"templates": [{"key": "poster", "channel": "poster", "title": "{{gemeente}}", "body": "{{campagne}}"}]}
    toolkit = await ok(await client.post(f"/campaigns/{regional['id']}/toolkits", json=body, headers=REGION), 201)
    await ok(await client.post(f"/toolkits/{toolkit['id']}/publish", headers=REGION))
    national_toolkit = await ok(await client.post(f"/campaigns/{denk_vooruit['id']}/toolkits", json=body,
                                                  headers=tokens.national()), 201)
    wave = await ok(await client.post("/waves", headers=REGION, json={
        "campaign_id": regional["id"], "toolkit_version_id": toolkit["id"], "channels": ["poster"],
        "planned_start": "2025-11-03", "planned_end": "2025-11-28",
    }), 201)
    survey = await ok(await client.post("/surveys", headers=REGION, json={
        "municipality_code": OSS, "surveyed_on": "2025-10-20", "respondents": 10, "having": all_items(10, 5), "complete_kit": 1,
    }), 201)
    local = await ok(await client.post(f"/toolkits/{toolkit['id']}/local-versions/{OSS}", headers=tokens.municipality(OSS)), 201)
    return dict(regional=regional, national=denk_vooruit, toolkit=toolkit, national_toolkit=national_toolkit,
                wave=wave, survey=survey, local=local)


async def snapshot(campaign) -> list[int]:
    async with campaign.service.session_factory() as session:
        return [await session.scalar(select(func.count()).select_from(t)) for t in TABLES]


def refused_requests(w):
    national_campaign = {"name": "X", "level": "national", "owner": "NCTV", "starts_on": "2025-11-01",
                         "ends_on": "2025-11-30", "audiences": ["residents"]}
    wave = {"campaign_id": w["regional"]["id"], "toolkit_version_id": w["toolkit"]["id"], "channels": ["poster"],
            "planned_start": "2025-11-03", "planned_end": "2025-11-28"}
    survey = {"surveyed_on": "2025-10-20", "respondents": 10, "having": all_items(10, 5), "complete_kit": 1}
    activity = {"region_code": "NL", "kind": "webinar", "title": "T", "starts_at": "2025-10-05T10:00:00+02:00",
                "place": "online", "audience": ["board"]}
    return [
        # (who, method, path, body, expected status)
        (REGION, "POST", "/campaigns", national_campaign, 403),
        (tokens.municipality(OSS), "POST", "/campaigns", {**national_campaign, "level": "regional"}, 403),
        (tokens.national(), "POST", f"/campaigns/{w['regional']['id']}/toolkits", {"templates": [
            {"key": "a", "channel": "poster", "title": "t", "body": "b"}]}, 403),
        # A draft it does not manage does not exist for a region when it reads; to publish it is refused (403).
        (REGION, "POST", f"/toolkits/{w['national_toolkit']['id']}/publish", None, 403),
        # every region sees every campaign and its published toolkits, to ask to take part: 403, not 404
        (OTHER_REGION, "POST", f"/toolkits/{w['toolkit']['id']}/publish", None, 403),
        (OTHER_REGION, "POST", f"/toolkits/{w['toolkit']['id']}/local-versions/{OSS}", None, 403),
        (tokens.municipality(VUGHT), "POST", f"/toolkits/{w['toolkit']['id']}/local-versions/{OSS}", None, 403),
        (tokens.municipality(VUGHT), "PUT", f"/municipalities/{OSS}/contact", {"website": "x"}, 403),
        (OTHER_REGION, "PUT", f"/municipalities/{OSS}/contact", {"website": "x"}, 403),
        (tokens.municipality(OSS), "POST", "/waves", wave, 403),
        (REGION, "POST", "/waves", {**wave, "municipality_codes": [OSS, "GM0363"]}, 403),  # Amsterdam is VR13's
        (OTHER_REGION, "POST", f"/waves/{w['wave']['id']}/launch", {"launched_on": "2025-11-03"}, 403),
        (tokens.municipality(OSS), "POST", f"/waves/{w['wave']['id']}/launch", {"launched_on": "2025-11-03"}, 403),
        (OTHER_REGION, "POST", "/surveys", {**survey, "municipality_code": OSS}, 403),
        (tokens.municipality(OSS), "POST", "/surveys", {**survey, "municipality_code": OSS}, 403),
        (REGION, "POST", "/activities", activity, 403),
        (OTHER_REGION, "POST", "/activities", {**activity, "region_code": VR21}, 403),
        # Integrators read campaigns (docs/api.md) but write nothing, and see no local versions.
        (tokens.bearer("integrator", sub="partner"), "POST", "/campaigns/seed", None, 403),
        (tokens.bearer("integrator", sub="partner"), "GET", f"/local-versions/{w['local']['id']}", None, 404),
        (tokens.bearer("operator", sub="ops"), "GET", "/campaigns", None, 403),
        (None, "POST", "/campaigns/seed", None, 401),
    ]


async def test_refused_combinations_change_nothing(campaign, world):
    before = await snapshot(campaign)
    for who, method, path, body, expected in refused_requests(world):
        response = await campaign.client.request(method, path, json=body, headers=who or {})
        assert response.status_code == expected, (method, path, response.status_code, response.text)
    assert await snapshot(campaign) == before


async def test_other_regions_and_municipalities_cannot_read_what_is_not_theirs(campaign, world):
    client, w = campaign.client, world
    assert (await client.get(f"/local-versions/{w['local']['id']}", headers=tokens.municipality(VUGHT))).status_code == 404
    assert (await client.get(f"/local-versions/{w['local']['id']}", headers=OTHER_REGION)).status_code == 404
    assert (await client.get(f"/municipalities/{OSS}/local-versions", headers=tokens.municipality(VUGHT))).status_code == 403
    assert (await client.get(f"/surveys/{w['survey']['id']}", headers=OTHER_REGION)).status_code == 404
    assert (await client.get(f"/surveys/{w['survey']['id']}", headers=tokens.municipality(VUGHT))).status_code == 404
    assert (await client.get(f"/regions/{VR21}/survey-progress", headers=OTHER_REGION)).status_code == 403
    assert (await client.get(f"/regions/{VR21}/survey-progress", params={"municipalityCode": OSS},
                             headers=tokens.municipality(VUGHT))).status_code == 403
    assert (await client.get(f"/waves/{w['wave']['id']}", headers=OTHER_REGION)).status_code == 404
    assert (await ok(await client.get("/waves", headers=OTHER_REGION)))["items"] == []
    # ... while the owners see them.
    assert (await ok(await client.get(f"/local-versions/{w['local']['id']}", headers=tokens.municipality(OSS))))["id"] == w["local"]["id"]
    assert (await ok(await client.get(f"/surveys/{w['survey']['id']}", headers=tokens.municipality(OSS))))["respondents"] == 10
    assert [x["id"] for x in (await ok(await client.get("/waves", headers=tokens.municipality(OSS))))["items"]] == [w["wave"]["id"]]
