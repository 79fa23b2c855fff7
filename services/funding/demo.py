"""The funding part of the platform demo, against a running funding service:

    python -m services.funding.demo --base-url http://127.0.0.1:8002
    python -m services.funding.demo --base-url http://127.0.0.1:8002 --publish-pilots --kafka 127.0.0.1:19092

1. a national user allocates 2025 and 2026 equally over the 25 regions (EUR 180,000 and
   EUR 400,000 each; re-running changes nothing);
2. Brabant-Noord's (VR21) two pilots are committed: the service consumes the inventory
   service's pilot.started events (run the inventory demo first), or with
   ``--publish-pilots`` this command publishes two itself; a pilot refused because it
   started before the allocation is reconsidered now;
3. VR21 proposes spending to three of its municipalities, each votes, the decision
   becomes a commitment; the region's figures and the national overview are printed.

Every step is idempotent, so the demo can run again.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, uuid5

import httpx

from shared.http.client import api_client
from shared.auth.principal import Principal, Role
from shared.auth.tokens import mint
from shared.contract.cloudevents import to_kafka
from shared.contract.inventory import PilotStarted
from shared.settings import AuthSettings, KafkaSettings, Settings

REGION = "VR21"  # Brabant-Noord, the memo's author
PILOT_YEARS = (2025, 2026)  # the memo: at least two pilots per region in 2025 and 2026
OSS, DEN_BOSCH, MAASHORST = "GM0828", "GM0796", "GM1991"
PROPOSAL_PURPOSE = "Noodpakket-voorlichting en basisuitrusting noodsteunpunten Oss, 's-Hertogenbosch en Maashorst"
VOTES = {
    OSS: ("agree", "Sluit aan bij onze pilot"),
    DEN_BOSCH: ("agree", None),
    MAASHORST: ("agree", "Graag ook de bibliotheek als locatie meenemen"),
}

Publish = Callable[[list[PilotStarted]], Awaitable[None]]


@dataclass
class DemoResult:
    allocations: dict[int, int] = field(default_factory=dict)  # year -> version in force
    pilot_commitments: list[dict[str, Any]] = field(default_factory=list)
    proposal: dict[str, Any] = field(default_factory=dict)
    region_year: dict[str, Any] = field(default_factory=dict)


def demo_pilots() -> list[PilotStarted]:
    """Two VR21 pilots with fixed ids, so publishing them again commits nothing new."""
    pilots = [
        ("Pilot noodsteunpunt Brandweerkazerne Oss", OSS, 15_000_000),
        ("Pilot noodsteunpunt Bibliotheek 's-Hertogenbosch", DEN_BOSCH, 12_500_000),
    ]
    events = []
    for name, code, budget in pilots:
        pilot_id = uuid5(NAMESPACE_URL, f"weerbaar-demo/{code}/{name}")
        events.append(
            PilotStarted(
                source="/weerbaar/demo",
                subject=f"pilot/{pilot_id}",
                region_code=REGION,
                municipality_code=code,
                pilot_id=pilot_id,
                name=name,
                noodsteunpunt_ids=[],
                pilot_year=2026,
                started_on=date(2026, 2, 2),
                budget_cents=budget,
            )
        )
    return events


class Client:
    def __init__(self, http: httpx.AsyncClient, auth: AuthSettings) -> None:
        self.http = http
        self.auth = auth

    def headers(self, role: Role, region: str | None = None, municipality: str | None = None) -> dict[str, str]:
        token = mint(self.auth, Principal(f"demo-{role.value}", role, region, municipality))
        return {"Authorization": f"Bearer {token}"}

    async def call(self, method: str, path: str, headers: dict[str, str], **kwargs: Any) -> Any:
        response = await self.http.request(method, path, headers=headers, **kwargs)
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text}")
        return response.json()


async def run_demo(
    http: httpx.AsyncClient,
    auth: AuthSettings,
    publish: Publish | None = None,
    wait_seconds: float = 60.0,
    say: Callable[[str], None] = print,
) -> DemoResult:
    client, result = Client(http, auth), DemoResult()
    national = client.headers(Role.NATIONAL)
    region = client.headers(Role.REGION, REGION)
    for year in (2025, 2026):
        allocation = await client.call("POST", f"/allocations/{year}", national, json={"key": "equal"})
        result.allocations[year] = allocation["version"]
        per_region = {s["amount_cents"] for s in allocation["shares"]}
        say(
            f"{year}: EUR {allocation['total_cents'] // 100:,} allocated equally over 25 regions "
            f"({', '.join(f'EUR {c // 100:,}' for c in per_region)} each; version {allocation['version']})"
        )
    expected: set[str] = set()
    if publish is not None:
        pilots = demo_pilots()
        await publish(pilots)
        expected = {str(p.pilot_id) for p in pilots}
        say(f"published {len(pilots)} pilot.started events for {REGION}")
    found = await _wait_for_pilot_commitments(client, region, expected, wait_seconds)
    # A pilot that started before its region's tranche was allocated was refused then; decide it again now.
    result.pilot_commitments = [
        await client.call("POST", f"/commitments/{c['id']}/reconsider", region) if c["status"] == "refused" else c
        for c in found
    ]
    for c in result.pilot_commitments:
        say(f"commitment for {c['purpose']}: EUR {c['planned_cents'] // 100:,} ({c['status']})")
    result.proposal = await _joint_decision(client, region, say)
    result.region_year = await client.call("GET", f"/regions/{REGION}/years/2026", region)
    b = result.region_year["balance"]
    say(
        f"{REGION} 2026: allocated EUR {b['allocated_cents'] // 100:,}, committed EUR {b['committed_cents'] // 100:,}, "
        f"spent EUR {b['spent_cents'] // 100:,}, remaining EUR {b['remaining_cents'] // 100:,}"
    )
    return result


async def _wait_for_pilot_commitments(
    client: Client, region: dict[str, str], expected: set[str], wait_seconds: float
) -> list[dict[str, Any]]:
    """The pilots this demo published, or else the region's pilots of the pilot phase (the inventory demo's)."""
    deadline = asyncio.get_running_loop().time() + wait_seconds
    while True:
        found = [
            c
            for c in (await client.call("GET", f"/regions/{REGION}/commitments?pageSize=200", region))["items"]
            if c["source"] == "pilot" and c["year"] in PILOT_YEARS
        ]
        if expected:
            found = [c for c in found if c["source_id"] in expected]
        if len(found) >= max(2, len(expected)):
            return found
        if asyncio.get_running_loop().time() > deadline:
            raise RuntimeError(
                f"{len(found)} pilot commitments for {REGION} after {wait_seconds:.0f}s: run the "
                "inventory demo (it starts two VR21 pilots) or pass --publish-pilots --kafka ..."
            )
        await asyncio.sleep(0.25)


async def _joint_decision(client: Client, region: dict[str, str], say: Callable[[str], None]) -> dict[str, Any]:
    existing = [
        p for p in (await client.call("GET", f"/regions/{REGION}/proposals?pageSize=200", region))["items"] if p["purpose"] == PROPOSAL_PURPOSE
    ]
    if existing:
        proposal = await client.call("GET", f"/proposals/{existing[0]['id']}", region)
    else:
        body = {"year": 2026, "purpose": PROPOSAL_PURPOSE, "amount_cents": 6_000_000, "municipality_codes": list(VOTES)}
        proposal = await client.call("POST", f"/regions/{REGION}/proposals", region, json=body)
        say(f"proposal submitted: {PROPOSAL_PURPOSE} (EUR 60,000, rule {proposal['rule']})")
    voted = {v["municipality_code"] for v in proposal["votes"]}
    for code, (choice, remark) in VOTES.items():
        if proposal["status"] != "open" or code in voted:
            continue
        headers = client.headers(Role.MUNICIPALITY, REGION, code)
        proposal = await client.call(
            "POST", f"/proposals/{proposal['id']}/votes", headers, json={"vote": choice, "remark": remark}
        )
        say(f"  {code} votes {choice}" + (f": {remark}" if remark else ""))
    proposal = await client.call("GET", f"/proposals/{proposal['id']}", region)
    say(f"decision: {proposal['status']}; commitment {proposal['commitment_id']} ({proposal['commitment_status']})")
    return proposal


def kafka_publisher(kafka: KafkaSettings) -> Publish:
    """Publishes as whoever ``kafka`` authenticates (the inventory principal may write these events, or an admin)."""

    async def publish(events: list[PilotStarted]) -> None:
        from aiokafka import AIOKafkaProducer  # only needed when this demo publishes

        from shared.messaging.kafka_clients import client_options

        producer = AIOKafkaProducer(**client_options(kafka), acks="all", enable_idempotence=True)
        await producer.start()
        try:
            for event in events:
                record = to_kafka(event)
                await producer.send_and_wait(record.topic, value=record.value, key=record.key, headers=record.headers)
        finally:
            await producer.stop()

    return publish


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.funding.demo", description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8002")
    parser.add_argument("--publish-pilots", action="store_true", help="publish VR21's two pilot.started events")
    parser.add_argument(
        "--kafka", default=None, help="bootstrap servers (default: the settings' broker; credentials from WEERBAAR_KAFKA__*)"
    )
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for the pilot commitments")
    args = parser.parse_args(argv)
    settings = Settings(service_name="funding-demo")
    kafka = settings.kafka.model_copy(update={"bootstrap_servers": args.kafka}) if args.kafka else settings.kafka
    publish = kafka_publisher(kafka) if args.publish_pilots else None

    async def go() -> None:
        async with api_client(args.base_url) as http:
            await run_demo(http, settings.auth, publish, args.wait)

    try:
        asyncio.run(go())
    except RuntimeError as error:
        print(f"demo stopped: {error}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
