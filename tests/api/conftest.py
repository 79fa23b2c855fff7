"""The four services running for real (each its own fresh database, the real Kafka), and a
small world in them made through their APIs: objects of Oss (GM0828) in Brabant-Noord (VR21),
which the access matrix and Schemathesis address. Started once for this folder."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import httpx
import pytest
import pytest_asyncio
from pydantic import SecretStr

from shared.auth.principal import Principal, Role
from shared.auth.tokens import mint
from shared.settings import AuthSettings
from services.campaign.adapters.data_files import checklist_keys
from tests.support import tokens
from tests.support.polling import eventually
from tests.support.running import RunningService, run_service

OSS, DEN_BOSCH, BERNHEZE = "GM0828", "GM0796", "GM1721"  # all three in VR21
VR21, VR01 = "VR21", "VR01"
SERVICES = ("inventory", "funding", "campaign", "notify")
SOON = (date.today() + timedelta(days=60)).isoformat()  # a deadline that is never in the past


def _token(principal: Principal, **settings: Any) -> dict[str, str]:
    ttl = settings.pop("ttl", timedelta(hours=1))
    return {"Authorization": f"Bearer {mint(AuthSettings(**settings), principal, ttl)}"}


# The callers of the access matrix. g and r are the "other" gemeente and region: Den Bosch is
# in the same region as Oss (gemeente-level isolation), VR01 is another region.
# Each its own subject: ownership must never come from a shared name.
ROLES: dict[str, dict[str, str]] = {
    "G": tokens.bearer("municipality", municipality=OSS, sub="adviseur-oss"),
    "g": tokens.bearer("municipality", municipality=DEN_BOSCH, sub="adviseur-den-bosch"),
    "R": tokens.bearer("region", region=VR21, sub="programma-vr21"),
    "r": tokens.bearer("region", region=VR01, sub="programma-vr01"),
    "N": tokens.bearer("national", sub="programma-nl"),
    "I": tokens.bearer("integrator", sub="integrator-test"),
    "O": tokens.bearer("operator", sub="operator-test"),
    "none": {},
    "expired": _token(Principal("test-user", Role.NATIONAL), ttl=timedelta(seconds=-120)),
    "wrong key": _token(Principal("test-user", Role.NATIONAL), signing_key=SecretStr("not-the-platform-key-" + "x" * 24)),
}
UNAUTHENTICATED = ("none", "expired", "wrong key")


@pytest_asyncio.fixture(scope="package", loop_scope="session")
async def platform(postgres: Any, kafka_settings: Any) -> AsyncIterator[dict[str, RunningService]]:
    running: dict[str, RunningService] = {}
    contexts = []
    with pytest.MonkeyPatch.context() as env:
        # The world's webhook endpoint is on this machine (nothing listens there): allowed here only.
        env.setenv("WEERBAAR_NOTIFY_WEBHOOK_ALLOW_HTTP", "true")
        env.setenv("WEERBAAR_NOTIFY_WEBHOOK_ALLOWED_NETWORKS", '["127.0.0.1/32"]')
        env.setenv("WEERBAAR_NOTIFY_MEMO_FREQUENCY", "off")
        try:
            for name in SERVICES:
                database = f"api_{name}_{uuid4().hex[:8]}"
                postgres.create_database(database)
                # From the topics' end: this folder needs no backlog of other test folders.
                context = run_service(name, postgres.url(database), kafka_settings, from_the_end=True)
                running[name] = await context.__aenter__()
                contexts.append(context)
            yield running
        finally:
            for context in reversed(contexts):
                await context.__aexit__(None, None, None)


@dataclass
class World:
    """Ids of the objects the matrix addresses, by path parameter name (and variants)."""

    ids: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> str:
        return self.ids[name]


async def made(response: httpx.Response, status: int = 201) -> dict[str, Any]:
    assert response.status_code == status, f"{response.request.method} {response.request.url}: {response.text}"
    return response.json()


@pytest_asyncio.fixture(scope="package", loop_scope="session")
async def world(platform: dict[str, RunningService]) -> World:
    w = World({"municipality_code": OSS, "region_code": VR21, "year": "2025", "line": "weerbaarheid"})
    await _inventory(platform["inventory"].client, w)
    await _funding(platform["funding"].client, w)
    await _campaign(platform["campaign"].client, w)
    await _notify(platform["notify"].client, w)
    return w


async def _inventory(client: httpx.AsyncClient, w: World) -> None:
    G, R = ROLES["G"], ROLES["R"]
    nsp = await made(await client.post(f"/municipalities/{OSS}/noodsteunpunten",
                                       json={"name": "Dorpshuis Geffen (matrix)", "public": False}, headers=G))
    w.ids["nsp_id"] = nsp["id"]
    round_ = await made(await client.post(f"/regions/{VR21}/rounds", json={"title": "Matrix", "deadline": SOON}, headers=R))
    w.ids["round_id"] = round_["id"]
    pilot = await made(await client.post(f"/regions/{VR21}/pilots", headers=R, json={
        "municipality_code": OSS, "name": "Pilot matrix", "noodsteunpunt_ids": [nsp["id"]], "goals": ["informatie"],
        "starts_on": "2025-11-01", "ends_on": "2026-03-31", "budget_cents": 1_000_00}))
    w.ids["pilot_id"] = pilot["id"]
    kazerne = await made(await client.post(f"/municipalities/{OSS}/noodsteunpunten", headers=G, json={
        "name": "Brandweerkazerne Oss (matrix)", "public": True, "readiness": "equipped"}))
    await made(await client.post(f"/noodsteunpunten/{kazerne['id']}/activation", headers=G,
                                 json={"status": "opening", "mode": "real"}), 200)


async def _funding(client: httpx.AsyncClient, w: World) -> None:
    R, G = ROLES["R"], ROLES["G"]
    await made(await client.post("/allocations/2025", json={"key": "equal"}, headers=ROLES["N"]))
    decided = await made(await client.post(f"/regions/{VR21}/proposals", headers=R, json={
        "year": 2025, "purpose": "Aggregaat dorpshuis", "amount_cents": 5_000_00, "municipality_codes": [OSS]}))
    approved = await made(await client.post(f"/proposals/{decided['id']}/votes", json={"vote": "agree"}, headers=G))
    assert approved["commitment_id"], approved
    w.ids["commitment_id"] = approved["commitment_id"]
    pending = await made(await client.post(f"/regions/{VR21}/proposals", headers=R, json={
        "year": 2025, "purpose": "Noodpakketten", "amount_cents": 2_000_00, "municipality_codes": [OSS, BERNHEZE]}))
    w.ids["proposal_id"] = pending["id"]


async def _campaign(client: httpx.AsyncClient, w: World) -> None:
    R, G = ROLES["R"], ROLES["G"]
    campaign = await made(await client.post("/campaigns", headers=R, json={
        "name": "Noodpakket Brabant-Noord (matrix)", "level": "regional", "owner": "VR21", "starts_on": "2025-11-01",
        "ends_on": "2025-11-30", "audiences": ["residents"]}))
    w.ids["campaign_id"] = campaign["id"]
    toolkit = {"templates": [{"key": "flyer", "channel": "flyer", "title": "{{campagne}} in {{gemeente}}",
                              "body": "Vul uw noodpakket aan."}]}
    published = await made(await client.post(f"/campaigns/{campaign['id']}/toolkits", json=toolkit, headers=R))
    await made(await client.post(f"/toolkits/{published['id']}/publish", headers=R), 200)
    draft = await made(await client.post(f"/campaigns/{campaign['id']}/toolkits", json=toolkit, headers=R))
    w.ids["toolkit_id"], w.ids["published_toolkit_id"] = draft["id"], published["id"]
    wave = await made(await client.post("/waves", headers=R, json={
        "campaign_id": campaign["id"], "toolkit_version_id": published["id"], "channels": ["flyer"],
        "planned_start": "2025-11-03", "planned_end": "2025-11-28"}))
    w.ids["wave_id"] = wave["id"]
    survey = await made(await client.post("/surveys", headers=R, json=survey_body(OSS)))
    w.ids["survey_id"] = survey["id"]
    for phase, day in (("before", "2025-10-20"), ("after", "2025-12-01")):  # so the wave has an effect to show
        await made(await client.post("/surveys", headers=R, json={
            **survey_body(OSS), "surveyed_on": day, "wave_id": wave["id"], "phase": phase}))
    local = await made(await client.post(f"/toolkits/{published['id']}/local-versions/{OSS}", headers=G))
    w.ids["local_id"] = local["id"]


def survey_body(municipality: str | None) -> dict[str, Any]:
    return {"municipality_code": municipality, "surveyed_on": "2025-10-20", "respondents": 100,
            "having": {key: 50 for key in checklist_keys()}, "complete_kit": 10}


async def _notify(client: httpx.AsyncClient, w: World) -> None:
    subscription = await made(await client.post("/subscriptions", headers=ROLES["G"], json={
        "name": "Adviseur Oss", "email": "adviseur@oss.example", "role": "communication",
        "event_types": ["inventory.noodsteunpunt.registered.v1"]}))
    w.ids["subscription_id"] = subscription["id"]
    endpoint = await made(await client.post("/endpoints", headers=ROLES["O"], json={
        "name": "Matrix", "url": "http://127.0.0.1:9/hook", "event_types": ["inventory.noodsteunpunt.registered.v1"]}))
    w.ids["endpoint_id"] = endpoint["id"]
    w.ids["identifier"] = await _public_alert(client)
    memo = await made(await client.post(f"/regions/{VR21}/memos", headers=ROLES["R"],
                                        json={"period_start": "2025-10-01", "period_end": "2025-10-31"}))
    w.ids["memo_id"] = memo["id"]


async def _public_alert(client: httpx.AsyncClient) -> str:
    """The CAP message notify issued for the kazerne opened for real (through Kafka)."""
    async def identifier() -> str | None:
        feed = (await client.get("/public/cap.atom")).text
        start = feed.find("<cap:identifier>")
        return feed[start + len("<cap:identifier>"):feed.find("</cap:identifier>")] if start >= 0 else None

    return await eventually(identifier, timeout=30, what="the CAP message of the opened kazerne")
