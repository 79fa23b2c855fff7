"""The notify part of the platform demo, against a running notify service, over HTTP only.

Run it after the inventory, funding and campaign demos: Brabant-Noord (VR21) subscribes
its board member and a communication advisor, then makes the board memo for the demo's
period (by default the last 30 days up to today) and saves it as HTML and PDF.

    python -m services.notify.demo --base-url http://127.0.0.1:8004 --out memo-vr21

The memo is also emailed to the board subscriber (to the SMTP server in
WEERBAAR_NOTIFY_SMTP_HOST/PORT; without one, the delivery log shows the retries).
Tokens are minted with the default (local development) signing settings.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from shared.http.client import api_client
from shared.auth.principal import Principal, Role
from shared.auth.tokens import mint
from shared.documents import dutch
from shared.settings import AuthSettings

REGION = "VR21"
PEOPLE = (
    {"name": "Burgemeester van Oss", "email": "bestuur@vr21.example", "role": "board",
     "event_types": ["inventory.standard.published.v1"], "frequency": "weekly"},
    {"name": "Communicatieadviseur Oss", "email": "communicatie@oss.example", "role": "communication",
     "event_types": ["inventory.*", "funding.*", "campaign.*"], "frequency": "daily", "municipality_code": "GM0828"},
)
ClientFactory = Callable[[], httpx.AsyncClient]


def region_headers(subject: str = "demo-programma-vr21", email: str | None = None) -> dict[str, str]:
    token = mint(AuthSettings(), Principal(subject, Role.REGION, REGION, email=email))
    return {"Authorization": f"Bearer {token}"}


async def run_demo(client_factory: ClientFactory, out: Path, start: date, end: date,
                   say: Callable[[str], None] = print) -> dict[str, Any]:
    """Runs the scenario; returns the memo's summary. Rerunning adds no second subscription."""
    headers = region_headers()
    async with client_factory() as client:
        await _subscribe(client, headers, say)
        body = {"period_start": start.isoformat(), "period_end": end.isoformat()}
        memo = _ok(await client.post(f"/regions/{REGION}/memos", json=body, headers=headers))
        out.mkdir(parents=True, exist_ok=True)
        for kind in ("html", "pdf"):
            response = await client.get(memo[f"{kind}_url"], headers=headers)
            (out / f"memo-{REGION}-{start}-{end}.{kind}").write_bytes(_ok_bytes(response))
    say(f"memo {start} t/m {end}: {memo['event_count']} events summarised, sent to {memo['recipients']} board subscriber(s); "
        f"saved in {out}/")
    return memo


async def _subscribe(client: httpx.AsyncClient, headers: dict[str, str], say: Callable[[str], None]) -> None:
    known = {s["email"] for s in _ok(await client.get("/subscriptions", params={"pageSize": 200}, headers=headers))["items"]}
    for person in PEOPLE:
        if person["email"] not in known:
            # Each person subscribes themself: their token vouches for the address, so no confirmation is needed.
            own = region_headers(f"demo-{person['email']}", person["email"])
            _ok(await client.post("/subscriptions", json=person, headers=own))
        say(f"{person['name']} ({person['role']}) subscribed: {person['frequency']}")


def _ok(response: httpx.Response) -> Any:
    if response.status_code >= 400:
        raise SystemExit(f"{response.request.method} {response.request.url}: {response.status_code} {response.text}")
    return response.json()


def _ok_bytes(response: httpx.Response) -> bytes:
    if response.status_code >= 400:
        raise SystemExit(f"{response.request.method} {response.request.url}: {response.status_code} {response.text}")
    return response.content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="http://127.0.0.1:8004")
    parser.add_argument("--out", type=Path, default=Path("memo-out"))
    parser.add_argument("--since", type=date.fromisoformat, default=dutch.today() - timedelta(days=30))
    parser.add_argument("--until", type=date.fromisoformat, default=dutch.today())
    args = parser.parse_args()
    asyncio.run(run_demo(lambda: api_client(args.base_url), args.out, args.since, args.until))


if __name__ == "__main__":
    main()
