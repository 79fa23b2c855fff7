"""The access matrix: every operation of the four OpenAPI documents x every kind of caller,
against objects of Oss (GM0828) in Brabant-Noord (VR21), with the expected answer declared
per operation in ONE table (EXPECTED). The rule it checks (shared/auth/principal.py):

* an object the caller may not see does not exist for it when it reads: 404 (``hidden``);
* a write to an object it may not change, seen or not, a scope it may not act in: 403;
* no token, an expired one, or one signed with another key: 401 (unless the operation is public);
* a refused request changes nothing: every table of every service is the same after it;
* no answer a caller gets carries the id of an object it may not see.

Callers (tests/api/conftest.py ROLES): G gemeente Oss, g other gemeente (Den Bosch, same
region), R region VR21, r other region VR01, N national, I integrator, O operator, and
"none", "expired", "wrong key". A new operation without a line here fails the test.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import text

from tests.api.conftest import OSS, ROLES, SOON, UNAUTHENTICATED, VR21, World, survey_body
from tests.api.documents import operations

pytestmark = pytest.mark.e2e

Body = Callable[[World], Any]
REFUSED = (401, 403, 404)
GRANTED = (200, 201, 202, 204, 409, 422)  # let through by access; the object's state may still say no
CALLERS = "GgRrNIO"


@dataclass(frozen=True)
class Expect:
    ok: str = ""  # callers that are let through
    hidden: str = ""  # callers for whom the object does not exist: 404 on a read; every other refusal: 403
    public: bool = False  # no token needed: everyone, even "none", is let through
    body: Body | None = None
    csv: str | None = None  # a text/csv body instead of JSON
    params: dict[str, str] = field(default_factory=dict)  # path parameter -> world id to use instead
    absent: bool = False  # what it names exists for no one (a made-up token): 404 counts as let through

    def answer(self, caller: str, method: str) -> int | None:
        """The refusal this caller must get, or None when it is let through."""
        if self.public or caller in self.ok:
            return None
        if caller in UNAUTHENTICATED:
            return 401
        return 404 if caller in self.hidden and method == "GET" else 403


def body(value: Any) -> Body:
    return lambda world: value


STANDARD: dict[str, Any] = {}  # filled from GET /standard (the criteria in force)

EXPECTED: dict[tuple[str, str, str], Expect] = {
    # inventory: the registry (a municipality writes its own; region and national read)
    ("inventory", "POST", "/municipalities/{municipality_code}/noodsteunpunten"):
        Expect("G", body=body({"name": "Sporthal (matrix)"})),
    ("inventory", "GET", "/municipalities/{municipality_code}/noodsteunpunten"): Expect("GRN"),
    ("inventory", "GET", "/regions/{region_code}/noodsteunpunten"): Expect("RN"),
    ("inventory", "POST", "/municipalities/{municipality_code}/noodsteunpunten/import"):
        Expect("G", csv="name;layer\nBibliotheek (matrix);local\n"),
    ("inventory", "GET", "/noodsteunpunten/{nsp_id}"): Expect("GRN", hidden="grIO"),
    ("inventory", "PATCH", "/noodsteunpunten/{nsp_id}"): Expect("G", hidden="grIO", body=body({"name": "Dorpshuis (nieuw)"})),
    ("inventory", "POST", "/noodsteunpunten/{nsp_id}/readiness"):
        Expect("G", hidden="grIO", body=body({"readiness": "inventoried", "reason": "geteld"})),
    ("inventory", "POST", "/noodsteunpunten/{nsp_id}/activation"):
        Expect("G", hidden="grIO", body=body({"status": "opening", "mode": "exercise"})),
    ("inventory", "GET", "/noodsteunpunten/{nsp_id}/compliance"): Expect("GRN", hidden="grIO"),
    # inventory: rounds (the region opens and closes; each municipality submits its own)
    ("inventory", "POST", "/regions/{region_code}/rounds"): Expect("R", body=body({"title": "Ronde 2", "deadline": SOON})),
    ("inventory", "GET", "/regions/{region_code}/rounds"): Expect("GgRN"),
    ("inventory", "GET", "/rounds/{round_id}"): Expect("GgRN", hidden="rIO"),
    ("inventory", "POST", "/rounds/{round_id}/submissions/{municipality_code}"): Expect("G", body=body({"remarks": "compleet"})),
    ("inventory", "GET", "/rounds/{round_id}/submissions/{municipality_code}"): Expect("GRN", hidden="rIO"),
    ("inventory", "POST", "/rounds/{round_id}/close"): Expect("R", hidden="rIO"),
    ("inventory", "GET", "/rounds/{round_id}/proposal"): Expect("RN", hidden="rIO"),
    # inventory: pilots (the region manages them; integrators read them)
    ("inventory", "POST", "/regions/{region_code}/pilots"): Expect("R", body=lambda w: {
        "municipality_code": OSS, "name": "Pilot 2", "noodsteunpunt_ids": [w["nsp_id"]], "goals": ["water"],
        "starts_on": "2026-02-01", "ends_on": "2026-06-30", "budget_cents": 500_00}),
    ("inventory", "GET", "/regions/{region_code}/pilots"): Expect("GgRNI"),
    ("inventory", "GET", "/pilots/{pilot_id}"): Expect("GgRNI", hidden="rO"),
    ("inventory", "POST", "/pilots/{pilot_id}/approve"): Expect("R", hidden="rO"),
    ("inventory", "POST", "/pilots/{pilot_id}/start"): Expect("R", hidden="rO", body=body({"started_on": "2025-11-03"})),
    ("inventory", "POST", "/pilots/{pilot_id}/evaluation"): Expect("R", hidden="rO", body=body(
        {"themes": {"basis": {"worked": "opkomst", "did_not_work": ""}}, "cost_cents": 900_00})),
    ("inventory", "POST", "/pilots/{pilot_id}/complete"): Expect("R", hidden="rO", body=body({"completed_on": "2026-03-31"})),
    # inventory: coverage, the standard, the national picture (non-personal: integrators read it)
    ("inventory", "GET", "/regions/{region_code}/coverage"): Expect("GgRNI"),
    ("inventory", "GET", "/municipalities/{municipality_code}/coverage"): Expect("GRNI"),
    ("inventory", "GET", "/standard"): Expect(public=True),
    ("inventory", "POST", "/standard/versions"): Expect("N", body=lambda w: STANDARD),
    ("inventory", "GET", "/national/picture"): Expect("NI"),
    ("inventory", "GET", "/national/picture.csv"): Expect("NI"),
    ("inventory", "GET", "/national/noodsteunpunten.geojson"): Expect("N"),
    ("inventory", "GET", "/public/noodsteunpunten"): Expect(public=True),
    # inventory: each region's (and gemeente's) own exports, and the round's proposal as documents
    ("inventory", "GET", "/regions/{region_code}/picture.csv"): Expect("RN"),
    ("inventory", "GET", "/regions/{region_code}/noodsteunpunten.csv"): Expect("RN"),
    ("inventory", "GET", "/regions/{region_code}/noodsteunpunten.geojson"): Expect("RN"),
    ("inventory", "GET", "/municipalities/{municipality_code}/noodsteunpunten.csv"): Expect("GRN"),
    ("inventory", "GET", "/municipalities/{municipality_code}/noodsteunpunten.geojson"): Expect("GRN"),
    ("inventory", "GET", "/rounds/{round_id}/proposal.html"): Expect("RN", hidden="rIO"),
    ("inventory", "GET", "/rounds/{round_id}/proposal.pdf"): Expect("RN", hidden="rIO"),
    ("inventory", "GET", "/rounds/{round_id}/proposal.csv"): Expect("RN", hidden="rIO"),
    ("inventory", "GET", "/"): Expect(public=True),
    ("inventory", "GET", "/openapi.json"): Expect(public=True),
    # funding: the national budget and allocation (everyone in the programme reads the schedule)
    ("funding", "GET", "/budget/schedule"): Expect("GgRrNI"),
    ("funding", "GET", "/budget/{year}/{line}"): Expect("GgRrNI"),
    ("funding", "POST", "/budget/{year}/{line}/amendments"):
        Expect("N", body=body({"amount_cents": 4_600_000_00, "reason": "matrix"})),
    ("funding", "POST", "/allocations/{year}"): Expect("N", body=body({"key": "population"})),
    ("funding", "GET", "/allocations/{year}"): Expect("RrNI"),
    # funding: a region's money (the region manages; national users and integrators read)
    ("funding", "GET", "/regions/{region_code}/commitments"): Expect("RNI"),
    ("funding", "POST", "/commitments/{commitment_id}/spending"): Expect("R", hidden="GgrO", body=body(
        {"amount_cents": 100_00, "description": "brandstof", "spent_on": "2025-11-10"})),
    ("funding", "POST", "/commitments/{commitment_id}/release"): Expect("R", hidden="GgrO", body=body({"reason": "klaar"})),
    ("funding", "POST", "/commitments/{commitment_id}/reconsider"): Expect("R", hidden="GgrO"),
    ("funding", "GET", "/regions/{region_code}/years/{year}"): Expect("RNI"),
    ("funding", "GET", "/regions/{region_code}/years/{year}/ledger.csv"): Expect("RN"),
    ("funding", "GET", "/overview/{year}"): Expect("NI"),
    # funding: joint decisions (the region proposes, the municipalities concerned vote)
    ("funding", "GET", "/regions/{region_code}/decision-rule"): Expect("GgRNI"),
    ("funding", "PUT", "/regions/{region_code}/decision-rule"): Expect("R", body=body({"rule": "majority"})),
    ("funding", "POST", "/regions/{region_code}/proposals"): Expect("R", body=body(
        {"year": 2025, "purpose": "Radio's", "amount_cents": 300_00, "municipality_codes": [OSS]})),
    ("funding", "GET", "/regions/{region_code}/proposals"): Expect("RN"),
    ("funding", "GET", "/municipalities/{municipality_code}/proposals"): Expect("GRN"),
    ("funding", "GET", "/proposals/{proposal_id}"): Expect("GRN", hidden="grIO"),
    ("funding", "POST", "/proposals/{proposal_id}/votes"): Expect("G", hidden="g", body=body({"vote": "agree"})),
    ("funding", "GET", "/"): Expect(public=True),
    ("funding", "GET", "/openapi.json"): Expect(public=True),
    # campaign: campaigns and toolkits (drafts only for who manages them)
    ("campaign", "POST", "/campaigns"): Expect("Rr", body=body({
        "name": "Matrix 2", "level": "regional", "owner": "regio", "starts_on": "2026-01-01", "ends_on": "2026-01-31",
        "audiences": ["residents"]})),
    ("campaign", "GET", "/campaigns"): Expect("GgRrNI"),
    ("campaign", "POST", "/campaigns/seed"): Expect("RN"),
    # every region sees every campaign (to ask to take part in it); gemeenten their region's
    ("campaign", "GET", "/campaigns/{campaign_id}"): Expect("GgRrNI"),
    ("campaign", "POST", "/campaigns/{campaign_id}/toolkits"): Expect("R", hidden="O", body=body({"templates": [
        {"key": "poster", "channel": "poster", "title": "Noodpakket", "body": "Vul het aan."}]})),
    ("campaign", "GET", "/campaigns/{campaign_id}/toolkits"): Expect("GgRrNI"),
    ("campaign", "POST", "/toolkits/{toolkit_id}/publish"): Expect("R", hidden="GgrIO"),
    ("campaign", "PUT", "/municipalities/{municipality_code}/contact"):
        Expect("GR", body=body({"phone": "0412 629 911", "email": "info@oss.example", "website": "https://www.oss.nl"})),
    ("campaign", "POST", "/toolkits/{toolkit_id}/local-versions/{municipality_code}"):
        Expect("GR", params={"toolkit_id": "published_toolkit_id"}),
    ("campaign", "GET", "/municipalities/{municipality_code}/local-versions"): Expect("GRN"),
    ("campaign", "GET", "/local-versions/{local_id}"): Expect("GRN", hidden="grIO"),
    # campaign: rollout (waves and surveys by the region; integrators read them)
    ("campaign", "POST", "/waves"): Expect("Rr", body=lambda w: {
        "campaign_id": w["campaign_id"], "toolkit_version_id": w["published_toolkit_id"], "channels": ["poster"],
        "planned_start": "2025-11-10", "planned_end": "2025-11-20"}),
    ("campaign", "GET", "/waves"): Expect("GgRrNI"),
    ("campaign", "GET", "/waves/{wave_id}"): Expect("GgRNI", hidden="r"),
    ("campaign", "POST", "/waves/{wave_id}/launch"): Expect("R", hidden="rO", body=body({"launched_on": "2025-11-03"})),
    ("campaign", "POST", "/waves/{wave_id}/complete"): Expect("R", hidden="rO", body=body(
        {"completed_on": "2025-11-28", "households_reached": 1200, "people_reached": 2600})),
    ("campaign", "GET", "/waves/{wave_id}/effect"): Expect("GgRNI", hidden="r"),
    ("campaign", "POST", "/surveys"): Expect("R", body=body(survey_body(OSS))),
    ("campaign", "GET", "/surveys/{survey_id}"): Expect("GRNI", hidden="grO"),
    ("campaign", "GET", "/regions/{region_code}/survey-progress"): Expect("RNI"),
    ("campaign", "POST", "/activities"): Expect("R", body=body({
        "region_code": VR21, "kind": "workshop", "title": "Workshop (matrix)", "starts_at": "2025-10-09T13:00:00+02:00",
        "place": "Oss", "audience": ["communication_advisors"]})),
    ("campaign", "GET", "/activities"): Expect("GgRrNI"),
    ("campaign", "POST", "/activities/seed"): Expect("RN"),
    # campaign: joint campaigns (a region asks, the owning region decides) and the campaign's figures
    ("campaign", "POST", "/campaigns/{campaign_id}/participants"): Expect("Rr", hidden="O"),
    ("campaign", "PUT", "/campaigns/{campaign_id}/participants/{region_code}"): Expect("R", hidden="O"),
    ("campaign", "DELETE", "/campaigns/{campaign_id}/participants/{region_code}"): Expect("R", hidden="O"),
    ("campaign", "GET", "/campaigns/{campaign_id}/rollup"): Expect("RNI", hidden="O"),
    # campaign: documents (the printable local version, the region's calendar)
    ("campaign", "GET", "/local-versions/{local_id}/poster.pdf"): Expect("GRN", hidden="grIO"),
    ("campaign", "GET", "/regions/{region_code}/activities.ics"): Expect("GgRN"),
    ("campaign", "GET", "/"): Expect(public=True),
    ("campaign", "GET", "/openapi.json"): Expect(public=True),
    # notify: declared as its handlers answer today (the notify engineer owns these rules)
    ("notify", "GET", "/feed"): Expect("GgRrN"),
    ("notify", "GET", "/me/feed"): Expect("GgRrN"),
    ("notify", "POST", "/subscriptions"): Expect("GgRrN", body=body({
        "name": "Adviseur", "email": "adviseur@weerbaar.example", "role": "iv", "event_types": ["campaign.wave.launched.v1"],
        "municipality_code": None})),
    ("notify", "GET", "/subscriptions"): Expect("GgRrNIO"),
    ("notify", "GET", "/subscriptions/{subscription_id}"): Expect("GR", hidden="grNIO"),
    ("notify", "GET", "/subscriptions/{subscription_id}/deliveries"): Expect("GR", hidden="grNIO"),
    ("notify", "POST", "/subscription-confirmations"): Expect(public=True, absent=True, body=body({"token": "x" * 43})),
    ("notify", "DELETE", "/subscriptions/{subscription_id}"): Expect("GR", hidden="grNIO"),
    ("notify", "POST", "/endpoints"): Expect("IO", body=body({
        "name": "Integrator", "url": "http://127.0.0.1:9/hook2", "event_types": ["campaign.wave.launched.v1"]})),
    ("notify", "PUT", "/endpoints/{subscription_id}/secrets"):
        Expect("O", hidden="I", params={"subscription_id": "endpoint_id"}, body=body({"secrets": ["whsec_" + "A" * 32]})),
    ("notify", "POST", "/regions/{region_code}/memos"): Expect("R", body=body({"period_start": "2025-11-01", "period_end": "2025-11-30"})),
    ("notify", "GET", "/memos/{memo_id}/memo.html"): Expect("GgRN", hidden="rIO"),
    ("notify", "GET", "/memos/{memo_id}/memo.pdf"): Expect("GgRN", hidden="rIO"),
    ("notify", "GET", "/regions/{region_code}/memos"): Expect("GgRN"),
    ("notify", "GET", "/regions/{region_code}/reminders"): Expect("GgRN"),
    ("notify", "GET", "/public/cap.atom"): Expect(public=True),
    ("notify", "GET", "/public/cap/{identifier}/alert.xml"): Expect(public=True),
    ("notify", "GET", "/"): Expect(public=True),
    ("notify", "GET", "/openapi.json"): Expect(public=True),
}

# Ids a caller must never find in an answer: the objects it may not see.
OF_OSS = ("nsp_id", "local_id", "subscription_id", "proposal_id", "survey_id")
OF_VR21 = OF_OSS + ("round_id", "pilot_id", "commitment_id", "campaign_id", "toolkit_id", "published_toolkit_id",
                    "wave_id", "memo_id")
NOT_VISIBLE = {
    "G": ("toolkit_id", "endpoint_id"),
    "g": OF_OSS + ("toolkit_id", "endpoint_id"),
    "R": ("endpoint_id",),
    # a region sees every campaign and its published toolkits (to ask to take part), not the drafts
    "r": tuple(i for i in OF_VR21 if i not in ("campaign_id", "published_toolkit_id")) + ("endpoint_id",),
    "N": ("endpoint_id", "subscription_id"),
    "I": ("nsp_id", "round_id", "local_id", "subscription_id", "memo_id", "proposal_id", "toolkit_id", "endpoint_id"),
    "O": OF_VR21,
    "none": OF_VR21 + ("endpoint_id",),
}
NOT_VISIBLE["expired"] = NOT_VISIBLE["wrong key"] = NOT_VISIBLE["none"]


@dataclass
class Outcome:
    checked: int = 0
    problems: list[str] = field(default_factory=list)


def all_operations() -> set[tuple[str, str, str]]:
    return {(service, method, path) for service in ("inventory", "funding", "campaign", "notify")
            for method, path in operations(service)}


def test_every_operation_has_a_declared_expectation() -> None:
    documented = all_operations()
    assert sorted(documented - EXPECTED.keys()) == [], "operations without a line in EXPECTED"
    assert sorted(EXPECTED.keys() - documented) == [], "lines in EXPECTED for operations that no longer exist"


# Written by background work (delivery attempts and their retries), not by requests.
BACKGROUND_TABLES = {"notify.deliveries", "notify.delivery_attempts"}


async def test_access_matrix(platform, world) -> None:  # noqa: ANN001 (fixtures)
    standard = await platform["inventory"].client.get("/standard")
    STANDARD.update({"criteria": standard.json()["criteria"]})
    await settled(platform)
    outcome = Outcome()
    entries = sorted(EXPECTED.items(), key=lambda item: item[0][1] == "DELETE")  # deletions last
    for key, expect in entries:  # 1. every refusal, each proven to change nothing
        await refusals(platform, world, key, expect, outcome)
    deleted: set[str] = set()
    for key, expect in entries:  # 2. the callers let through, none shown what it may not see
        for caller in (ROLES if expect.public else expect.ok):
            response = await call(platform, world, key, expect, caller)
            outcome.checked += 1
            url = str(response.request.url)
            if key[1] == "DELETE" and response.status_code == 204:
                deleted.add(url)
            elif key[1] == "DELETE" and response.status_code == 404 and url in deleted:
                continue  # deleted by the caller before it: gone for everyone
            if response.status_code not in GRANTED and not (expect.absent and response.status_code == 404):
                outcome.problems.append(f"{line(key)} {caller}: {response.status_code}, expected to be let through: {response.text[:200]}")
            leaked(world, key, caller, response, outcome)
    print(f"\naccess matrix: {len(EXPECTED)} operations x {len(ROLES)} callers = {outcome.checked} requests checked, "
          f"{len(outcome.problems)} unexpected")
    assert not outcome.problems, "\n".join(outcome.problems)


async def refusals(platform, world: World, key: tuple[str, str, str], expect: Expect, outcome: Outcome) -> None:  # noqa: ANN001
    refused = [c for c in ROLES if expect.answer(c, key[1]) is not None]
    before = await snapshot(platform) if key[1] != "GET" and refused else None
    for caller in refused:
        response = await call(platform, world, key, expect, caller)
        outcome.checked += 1
        wanted = expect.answer(caller, key[1])
        if response.status_code != wanted:
            outcome.problems.append(f"{line(key)} {caller}: {response.status_code}, expected {wanted}: {response.text[:200]}")
        elif response.headers.get("content-type") != "application/problem+json":
            outcome.problems.append(f"{line(key)} {caller}: {wanted} is not application/problem+json")
        leaked(world, key, caller, response, outcome)
    if before is not None:
        after = await snapshot(platform)
        changed = sorted(t for t in before if before[t] != after.get(t) and t not in BACKGROUND_TABLES)
        if changed:
            outcome.problems.append(f"{line(key)}: refused requests changed {', '.join(changed)}")


async def call(platform, world: World, key: tuple[str, str, str], expect: Expect, caller: str):  # noqa: ANN001, ANN201
    service, method, path = key
    ids = {**world.ids, **{name: world[other] for name, other in expect.params.items()}}
    url = path.format(**ids)
    headers = dict(ROLES[caller])
    kwargs: dict[str, Any] = {}
    if expect.csv is not None:
        kwargs["content"] = expect.csv.encode()
        headers["Content-Type"] = "text/csv"
    elif expect.body is not None:
        kwargs["json"] = expect.body(world)
    return await platform[service].client.request(method, url, headers=headers, **kwargs)


def leaked(world: World, key: tuple[str, str, str], caller: str, response, outcome: Outcome) -> None:  # noqa: ANN001
    """No answer, success or refusal, names an object the caller may not see (unless it sent its id)."""
    sent = str(response.request.url) + response.request.content.decode(errors="replace")
    for name in NOT_VISIBLE.get(caller, ()):
        object_id = world.ids.get(name)
        if object_id and object_id not in sent and object_id in response.text:
            outcome.problems.append(f"{line(key)} {caller}: the answer shows {name} {object_id}")


def line(key: tuple[str, str, str]) -> str:
    return f"{key[0]} {key[1]} {key[2]}"


async def settled(platform, timeout: float = 30.0) -> None:  # noqa: ANN001
    """Wait until the world's events have been consumed everywhere (two equal snapshots)."""
    previous = await snapshot(platform)
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(1.0)
        current = await snapshot(platform)
        if {k: v for k, v in current.items() if k not in BACKGROUND_TABLES} == {
                k: v for k, v in previous.items() if k not in BACKGROUND_TABLES}:
            return
        previous = current
    raise AssertionError("the services did not settle: background changes went on for 30 s")


async def snapshot(platform) -> dict[str, str]:  # noqa: ANN001
    """A digest of every row of every table of every service (outbox: which events exist; the
    relay stamps their publication on its own time)."""
    state = {}
    for name, running in platform.items():
        async with running.service.engine.connect() as conn:
            tables = (await conn.execute(text(
                "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
                "AND table_schema NOT IN ('pg_catalog', 'information_schema') AND table_name <> 'alembic_version'"
            ))).all()
            for schema, table in tables:
                rows = "event_id" if table == "outbox" else "t"
                digest = (await conn.execute(text(
                    f'SELECT md5(coalesce(string_agg({rows}::text, \'|\' ORDER BY {rows}::text), \'\')) FROM "{schema}"."{table}" t'
                ))).scalar_one()
                state[f"{name}.{table}"] = digest
    return state
