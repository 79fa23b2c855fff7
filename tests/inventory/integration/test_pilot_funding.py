"""Pilots follow their money, end to end over Kafka: inventory starts a pilot, funding refuses its
commitment (nothing allocated yet), inventory marks it unfunded and counts it apart; money is
allocated and the commitment reconsidered, and the pilot counts again."""

from __future__ import annotations

from uuid import uuid4

import pytest
import pytest_asyncio

from tests.support import tokens
from tests.support.kafka import header, read_topic
from tests.support.polling import eventually
from tests.support.running import run_service

pytestmark = pytest.mark.asyncio(loop_scope="session")
REGION, HAARLEM = "VR12", "GM0392"


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def funding(postgres, kafka_settings):
    database = f"funding_pilot_money_{uuid4().hex[:8]}"
    postgres.create_database(database)
    async with run_service("funding", postgres.url(database), kafka_settings) as running:
        yield running


async def ok(response, status: int = 200):
    assert response.status_code == status, response.text
    return response.json()


async def started_pilot(inventory) -> dict:
    site = await ok(await inventory.client.post(f"/municipalities/{HAARLEM}/noodsteunpunten", json={"name": "Buurthuis"},
                                                headers=tokens.municipality(HAARLEM)), 201)
    region = tokens.region(REGION)
    pilot = await ok(await inventory.client.post(f"/regions/{REGION}/pilots", headers=region, json={
        "municipality_code": HAARLEM, "name": "Pilot Haarlem", "noodsteunpunt_ids": [site["id"]],
        "goals": ["informatie als internet uitvalt"], "starts_on": "2026-03-01", "ends_on": "2026-10-31",
        "budget_cents": 5_000_000}), 201)
    await ok(await inventory.client.post(f"/pilots/{pilot['id']}/approve", headers=region))
    return await ok(await inventory.client.post(f"/pilots/{pilot['id']}/start", json={"started_on": "2026-03-01"},
                                                headers=region))


async def rule_2026(inventory) -> dict:
    pilots = await ok(await inventory.client.get(f"/regions/{REGION}/pilots", headers=tokens.region(REGION)))
    return next(c for c in pilots["two_pilot_rule"] if c["pilot_year"] == 2026)


async def test_a_pilot_refused_money_counts_apart_until_money_is_committed(inventory, funding, kafka_settings):
    pilot = await started_pilot(inventory)
    assert pilot["funding"] == "awaiting"
    counting = (await rule_2026(inventory))["started"]  # awaiting a decision, it counts

    async def funding_of_pilot() -> str:
        return (await ok(await inventory.client.get(f"/pilots/{pilot['id']}", headers=tokens.region(REGION))))["funding"]

    await eventually(lambda: _is(funding_of_pilot, "unfunded"), timeout=30, what="the refusal reached inventory")
    rule = await rule_2026(inventory)
    assert (rule["started"], rule["unfunded"]) == (counting - 1, 1), "refused: not counted, but shown apart"

    await ok(await funding.client.post("/allocations/2026", json={"key": "equal"}, headers=tokens.national()), 201)
    commitments = await ok(await funding.client.get(f"/regions/{REGION}/commitments", params={"year": 2026, "pageSize": 200},
                                                    headers=tokens.region(REGION)))
    (refused,) = [c for c in commitments["items"] if c["source_id"] == pilot["id"]]
    assert refused["status"] == "refused"
    made = await ok(await funding.client.post(f"/commitments/{refused['id']}/reconsider", headers=tokens.region(REGION)))
    assert made["status"] == "made"

    await eventually(lambda: _is(funding_of_pilot, "funded"), timeout=30, what="the commitment reached inventory")
    rule = await rule_2026(inventory)
    assert (rule["started"], rule["unfunded"]) == (counting, 0)

    subject = f"pilot/{pilot['id']}"
    records = await read_topic(kafka_settings, "weerbaar.inventory.events",
                               until=lambda rs: "inventory.pilot.funded.v1" in _types(rs, subject))
    assert _types(records, subject)[-2:] == ["inventory.pilot.unfunded.v1", "inventory.pilot.funded.v1"]


async def _is(probe, expected: str) -> bool:
    return await probe() == expected


def _types(records, subject: str) -> list[str]:
    return [header(r, "ce_type") for r in records if header(r, "ce_subject") == subject]
