"""Demo scenario against a running inventory service, over HTTP only.

In Brabant-Noord (VR21) the region opens an inventory round, its 11 municipalities
register noodsteunpunten and submit, two pilots (pilot year 2025) are proposed,
approved and started, the round closes and the board proposal is printed.

    python -m services.inventory.demo --base-url http://127.0.0.1:8001

Tokens are minted with the default (local development) signing settings.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx

from shared.http.client import api_client
from shared.auth.principal import Principal, Role
from shared.auth.tokens import mint
from shared.refdata import load_reference_data
from shared.settings import AuthSettings

REGION = "VR21"
PILOT_BUDGET_CENTS = 9_000_000  # EUR 90,000 each: the region's EUR 180,000 for 2025 over two pilots
ClientFactory = Callable[[], httpx.AsyncClient]


def headers(role: Role, region: str | None = None, municipality: str | None = None) -> dict[str, str]:
    subject = f"demo-{municipality or region or 'national'}"
    return {"Authorization": f"Bearer {mint(AuthSettings(), Principal(subject, role, region, municipality))}"}


async def run_demo(client_factory: ClientFactory, say: Callable[[str], None] = print) -> dict[str, Any]:
    """Runs the scenario; returns the board proposal."""
    region = headers(Role.REGION, REGION)
    async with client_factory() as client:
        round_ = await _open_round(client, region, say)
        sites: dict[str, list[dict[str, Any]]] = {}
        for municipality in load_reference_data().municipalities_in(REGION):
            sites[municipality.code] = await _register_and_submit(client, round_["id"], municipality, say)
        for code in ("GM0828", "GM0796"):  # Oss and 's-Hertogenbosch run the region's 2025 pilots
            await _pilot(client, region, code, sites[code], say)
        closed = _ok(await client.post(f"/rounds/{round_['id']}/close", headers=region))
        say(f"round closed: {len(closed['submitted'])} submitted, missing: {closed['missing'] or 'none'}")
        proposal = _ok(await client.get(f"/rounds/{round_['id']}/proposal", headers=region))
    say(format_proposal(proposal))
    return proposal


async def _open_round(client: httpx.AsyncClient, region: dict[str, str], say: Callable[[str], None]) -> dict[str, Any]:
    # A rerun of the demo finds the previous run's round still open: close it first.
    for existing in _ok(await client.get(f"/regions/{REGION}/rounds", params={"pageSize": 200}, headers=region))["items"]:
        if existing["status"] == "open":
            _ok(await client.post(f"/rounds/{existing['id']}/close", headers=region))
    deadline = (datetime.now(timezone.utc) + timedelta(days=28)).date().isoformat()
    body = {"title": "Inventarisatie noodsteunpunten Brabant-Noord", "deadline": deadline}
    round_ = _ok(await client.post(f"/regions/{REGION}/rounds", json=body, headers=region))
    say(f"round opened for {len(round_['municipality_codes'])} municipalities, deadline {deadline}")
    return round_


async def _register_and_submit(
    client: httpx.AsyncClient, round_id: str, municipality: Any, say: Callable[[str], None]
) -> list[dict[str, Any]]:
    gemeente = headers(Role.MUNICIPALITY, REGION, municipality.code)
    base = f"/municipalities/{municipality.code}/noodsteunpunten"
    sites = []
    for body in _sites(municipality.name):
        nsp = _ok(await client.post(base, json=body, headers=gemeente))
        sites.append(nsp)
    # The first site has been built up and exercised: walk it to operational, one step at a time.
    for level in ("inventoried", "agreed", "equipped", "exercised", "operational"):
        _ok(await client.post(f"/noodsteunpunten/{sites[0]['id']}/readiness", json={"readiness": level}, headers=gemeente))
    body = {"remarks": f"Inventarisatie {municipality.name}"}
    _ok(await client.post(f"/rounds/{round_id}/submissions/{municipality.code}", json=body, headers=gemeente))
    say(f"{municipality.name}: {len(sites)} noodsteunpunten registered and submitted")
    return sites


def _sites(name: str) -> list[dict[str, Any]]:
    power = {"generator_fuel_hours": 72, "contact_means": ["c2000", "landline"], "wheelchair_access": True}
    services = [{"service": s} for s in ("information", "emergency_reports", "first_aid", "drinking_water", "warmth")]
    return [
        # Street addresses are illustrative: the demo needs an address for campaign material.
        {"name": f"Brandweerkazerne {name}", "layer": "regional", "public": True, "address": f"Kazerneplein 1, {name}",
         "details": {**power, "services": services, "host_organisation": "Brandweer Brabant-Noord",
                     "building_type": "fire station", "volunteers": 12, "trained_volunteers": 8,
                     "key_holder_contact": "ploegchef van dienst", "open_24_7": True}},
        {"name": f"Dorpshuis {name}", "layer": "local", "public": True, "address": f"Dorpsstraat 10, {name}",
         "details": {"services": [{"service": "information"}, {"service": "warmth", "capacity": 80}],
                     "host_organisation": f"Stichting Dorpshuis {name}", "building_type": "community centre",
                     "capacity_people": 120, "volunteers": 6, "trained_volunteers": 2}},
    ]


async def _pilot(
    client: httpx.AsyncClient, region: dict[str, str], code: str, sites: list[dict[str, Any]], say: Callable[[str], None]
) -> None:
    body = {
        "municipality_code": code,
        "name": f"Pilot noodsteunpunt {sites[1]['name']}",
        "noodsteunpunt_ids": [site["id"] for site in sites],
        "goals": ["information when internet is down", "volunteers from the neighbourhood staff the site"],
        "starts_on": "2025-10-01",
        "ends_on": "2026-06-30",
        "budget_cents": PILOT_BUDGET_CENTS,
        "pilot_year": 2025,
    }
    pilot = _ok(await client.post(f"/regions/{REGION}/pilots", json=body, headers=region))
    _ok(await client.post(f"/pilots/{pilot['id']}/approve", headers=region))
    _ok(await client.post(f"/pilots/{pilot['id']}/start", json={"started_on": "2025-10-01"}, headers=region))
    say(f"pilot started: {pilot['name']} (budget EUR {PILOT_BUDGET_CENTS // 100:,})")


def format_proposal(p: dict[str, Any]) -> str:
    cov = p["coverage"]["region"]
    lines = [
        "",
        f"Board proposal (Algemeen Bestuur) - {p['region']} ({p['region_code']}): {p['round']['title']}",
        f"  round {p['round']['status']}; submitted {len(p['submitted'])}, missing {len(p['missing'])}",
        f"  regional coordination points: {len(p['regional'])}; local noodsteunpunten: {len(p['local'])}",
        f"  compliant with standard v{p['standard_version']}: {p['compliant']} of {len(p['local']) + len(p['regional'])}",
        f"  coverage (norm 1 per {p['coverage']['norm_inhabitants_per_nsp']:,} inhabitants): population {cov['population']:,},"
        f" needed {cov['needed']}, operational {cov['operational']}, planned {cov['planned']}",
        f"  inhabitants per operational NSP {cov['inhabitants_per_operational_nsp']:,};"
        f" per planned NSP {cov['inhabitants_per_planned_nsp']:,}; gap {cov['gap_planned']} when all planned are done",
    ]
    for entry in p["regional"] + p["local"]:
        status = "compliant" if entry["compliant"] else "misses " + ", ".join(entry["missing"][:3])
        lines.append(f"  - {entry['municipality']}: {entry['name']} ({entry['layer']}, {entry['readiness']}; {status})")
    for check in p["two_pilot_rule"]:
        flag = "FLAGGED: fewer than two" if check["flagged"] else "ok"
        lines.append(f"  pilots {check['pilot_year']}: {check['started']} started ({flag})")
    return "\n".join(lines)


def _ok(response: httpx.Response) -> Any:
    if response.status_code >= 400:
        raise RuntimeError(f"{response.request.method} {response.request.url.path}: {response.status_code} {response.text}")
    return response.json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="http://127.0.0.1:8001")
    args = parser.parse_args()
    asyncio.run(run_demo(lambda: api_client(args.base_url)))


if __name__ == "__main__":
    main()
