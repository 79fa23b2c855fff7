"""How fast the region dashboard renders: a portal page that calls all four services.

    python -m benchmarks.portal_page [--requests 200]

Runs the platform as `make up` does (five processes: the four services and the portal, with
a local Kafka and PostgreSQL on free ports), plays the demo scenario (Brabant-Noord) through
the services' APIs, signs a region user in, and times ``GET /regios/VR21`` one request after
another: the portal verifies the session, makes 13 API calls to the four services in parallel
(rounds, coverage, pilots, proposals, money for five years, waves, surveys, feed, memos) and
renders the Dutch page with its two SVG charts. The baseline, measured in the same run, is the
same 13 calls made directly with the portal's API client, without the page around them: the
ratio says what the portal adds on top of the services' own answers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from shared.auth.principal import Principal, Role
from shared.auth.tokens import mint
from shared.runtime.for_tests import stack_up_command
from shared.settings import AuthSettings
from services.portal.adapters.api import ApiClient
from services.portal.entrypoints.http_region import region_view
from tests.portal.platform import play_demo

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("inventory", "funding", "campaign", "notify")
YEARS = [2025, 2026, 2027, 2028, 2029]


def start_platform(state: Path) -> tuple[subprocess.Popen[bytes], int, Path]:
    log = state / "stack.log"
    command, ports = stack_up_command(state / "state")
    process = subprocess.Popen(command, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
                               start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 300
    while "portal ready on" not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the platform did not come up:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)
    return process, ports.base, log


async def signed_in(portal: httpx.AsyncClient) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', (await portal.get("/aanmelden")).text).group(1)
    response = await portal.post("/aanmelden/ontwikkeling", data={"csrf_token": token, "role": "region", "region": "VR21"})
    assert response.status_code == 303, response.text


async def timed(call, count: int) -> list[float]:  # type: ignore[no-untyped-def]
    for _ in range(10):  # warm-up: connections, caches
        await call()
    took = []
    for _ in range(count):
        started = time.perf_counter()
        await call()
        took.append(time.perf_counter() - started)
    return took


def summary(name: str, took: list[float]) -> str:
    ms = sorted(t * 1000 for t in took)
    p95 = ms[int(len(ms) * 0.95) - 1]
    return f"{name:<34} p50 {statistics.median(ms):6.1f} ms   p95 {p95:6.1f} ms   max {ms[-1]:6.1f} ms   (n={len(ms)})"


def p95(took: list[float]) -> float:
    return sorted(took)[int(len(took) * 0.95) - 1]


async def measure(base: int, requests: int, state: Path) -> None:
    urls = {name: f"http://127.0.0.1:{base + n}" for n, name in enumerate(SERVICES, start=1)}
    await play_demo({name: f"{url}/v1" for name, url in urls.items()}, state / "memo")
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{base + 5}", timeout=30) as portal, \
            httpx.AsyncClient(timeout=30) as direct:
        await signed_in(portal)

        async def page() -> None:
            response = await portal.get("/regios/VR21")
            assert response.status_code == 200 and "Geld per jaar" in response.text

        token = mint(AuthSettings(), Principal("benchmark", Role.REGION, "VR21"))
        api = ApiClient(direct, urls)

        async def calls_only() -> None:
            await region_view(api, token, "VR21", YEARS)

        through_portal = await timed(page, requests)
        baseline = await timed(calls_only, requests)
    print(summary("GET /regios/VR21 (portal page)", through_portal))
    print(summary("the same 13 API calls, no page", baseline))
    print(f"ratio at p95: {p95(through_portal) / p95(baseline):.2f}x; "
          f"target: page p95 < 300 ms -> {'met' if p95(through_portal) < 0.3 else 'NOT met'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="weerbaar-bench-portal-") as tmp:
        state = Path(tmp)
        process, base, log = start_platform(state)
        try:
            asyncio.run(measure(base, args.requests, state))
        finally:
            os.killpg(process.pid, signal.SIGINT)  # the stack's own Ctrl-C: services, then Kafka and PostgreSQL
            try:
                process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
