"""The platform at a glance, for operators: per service whether it is ready, its outbox
backlog and the age of the oldest waiting event, its consumers' lag, dead letters and
stalls, read from each service's ``/metrics`` and ``/health/ready``.

    python -m shared.ops.status                        the four services on 127.0.0.1:8001..8004
    python -m shared.ops.status --base-port 18000      ... on 18001..18004
    python -m shared.ops.status --url notify=http://notify.internal:8000 [--url ...]
    python -m shared.ops.status --json

Exit status 0 when every service answers ready, 1 otherwise (usable in scripts).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

import httpx
from prometheus_client.parser import text_string_to_metric_families

from shared.contract.topics import SERVICES

TIMEOUT = 3.0


@dataclass
class ServiceStatus:
    service: str
    url: str
    reachable: bool = False
    ready: bool = False
    metrics: bool = False
    outbox_backlog: float = 0.0
    oldest_unpublished_seconds: float = 0.0
    consumer_lag: float = 0.0
    dead_letters: float = 0.0
    relay_failures: float = 0.0
    stalled: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def summarize(service: str, url: str, metrics_text: str | None, ready: bool | None) -> ServiceStatus:
    """One service's status from its /metrics text (None: not served) and readiness (None: unreachable)."""
    status = ServiceStatus(service, url, reachable=ready is not None, ready=bool(ready))
    if metrics_text is None:
        return status
    status.metrics = True
    for sample in _samples(metrics_text):
        name, labels, value = sample
        if labels.get("service", service) != service:
            continue  # several services in one process (tests) share a registry
        if name == "weerbaar_outbox_backlog":
            status.outbox_backlog += value
        elif name == "weerbaar_outbox_oldest_unpublished_age_seconds":
            status.oldest_unpublished_seconds = max(status.oldest_unpublished_seconds, value)
        elif name == "weerbaar_consumer_lag":
            status.consumer_lag += value
        elif name == "weerbaar_dead_letters_total":
            status.dead_letters += value
        elif name == "weerbaar_relay_failures_total":
            status.relay_failures += value
        elif name == "weerbaar_consumer_stalled" and value:
            status.stalled.append(labels.get("consumer", "?"))
    return status


def _samples(text: str) -> Iterable[tuple[str, dict[str, str], float]]:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            yield sample.name, sample.labels, sample.value


def fetch(client: httpx.Client, service: str, url: str) -> ServiceStatus:
    try:
        ready = client.get(f"{url}/health/ready").status_code == 200
    except httpx.HTTPError as error:
        status = summarize(service, url, None, None)
        status.problems.append(f"unreachable: {type(error).__name__}")
        return status
    try:
        response = client.get(f"{url}/metrics")
        metrics_text = response.text if response.status_code == 200 else None
    except httpx.HTTPError:
        metrics_text = None
    return summarize(service, url, metrics_text, ready)


def collect(urls: dict[str, str]) -> list[ServiceStatus]:
    with httpx.Client(timeout=TIMEOUT) as client:
        return [fetch(client, service, url) for service, url in urls.items()]


def render(statuses: Sequence[ServiceStatus]) -> str:
    header = (
        f"{'service':<10} {'ready':<6} {'outbox':>7} {'oldest':>8} {'lag':>7} "
        f"{'dead letters':>13} {'relay fails':>12}  stalled"
    )
    lines = [header, "-" * len(header)]
    for s in statuses:
        ready = "yes" if s.ready else ("NO" if s.reachable else "DOWN")
        if s.metrics:
            numbers = (
                f"{s.outbox_backlog:>7.0f} {s.oldest_unpublished_seconds:>7.1f}s {s.consumer_lag:>7.0f} "
                f"{s.dead_letters:>13.0f} {s.relay_failures:>12.0f}"
            )
        else:
            numbers = f"{'-':>7} {'-':>8} {'-':>7} {'-':>13} {'-':>12}"
        notes = ", ".join(s.stalled) or "-"
        if s.problems or not s.metrics:
            notes += "  (" + "; ".join(s.problems or ["no /metrics"]) + ")"
        lines.append(f"{s.service:<10} {ready:<6} {numbers}  {notes}")
    return "\n".join(lines)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m shared.ops.status", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base-port", type=int, default=8000, help="services on 127.0.0.1:base+1..base+4")
    parser.add_argument("--url", action="append", default=[], metavar="SERVICE=URL", help="a service elsewhere")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    return parser.parse_args(argv)


def service_urls(base_port: int, overrides: list[str]) -> dict[str, str]:
    urls = {name: f"http://127.0.0.1:{base_port + offset}" for offset, name in enumerate(SERVICES, start=1)}
    for override in overrides:
        name, _, url = override.partition("=")
        urls[name] = url.rstrip("/")
    return urls


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    statuses = collect(service_urls(args.base_port, args.url))
    print(json.dumps([asdict(s) for s in statuses], indent=2) if args.json else render(statuses))
    return 0 if all(s.ready for s in statuses) else 1


if __name__ == "__main__":
    sys.exit(main())
