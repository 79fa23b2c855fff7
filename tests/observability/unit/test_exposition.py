"""/metrics renders the registry after its scrape hooks ran; a failing hook never fails it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from shared.observability import exposition
from shared.observability.metrics import (
    CONSUMER_STALLED, MEMOS_GENERATED, OUTBOX_BACKLOG, RELAY_FAILURES, declare_service, memo_generation, samples,
)

@dataclass
class FakeService:
    name: str
    extras: dict[str, Any] = field(default_factory=dict)


def value(text: str, sample_name: str, **labels: str) -> float | None:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == sample_name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return None


@pytest.mark.asyncio(loop_scope="session")
async def test_a_scrape_hook_refreshes_its_gauge_before_rendering():
    service = FakeService("unit-scrape")
    backlog = iter([7, 3])

    async def refresh() -> None:
        OUTBOX_BACKLOG.labels(service.name).set(next(backlog))

    exposition.on_scrape(service, refresh)
    first = await exposition.metrics_response(service)
    second = await exposition.metrics_response(service)
    assert first.media_type.startswith("text/plain")
    assert value(first.body.decode(), "weerbaar_outbox_backlog", service="unit-scrape") == 7
    assert value(second.body.decode(), "weerbaar_outbox_backlog", service="unit-scrape") == 3


@pytest.mark.asyncio(loop_scope="session")
async def test_a_failing_or_late_hook_leaves_the_scrape_standing(monkeypatch):
    monkeypatch.setattr(exposition, "HOOK_TIMEOUT_SECONDS", 0.05)
    service = FakeService("unit-scrape-failing")
    OUTBOX_BACKLOG.labels(service.name).set(5)

    async def broken() -> None:
        raise ConnectionError("database away")

    async def late() -> None:
        await asyncio.sleep(5)

    exposition.on_scrape(service, broken)
    exposition.on_scrape(service, late)
    response = await exposition.metrics_response(service)
    assert value(response.body.decode(), "weerbaar_outbox_backlog", service="unit-scrape-failing") == 5


def test_memo_generation_counts_generated_and_failed():
    with memo_generation("unit-memos", trigger="request"):
        pass
    with pytest.raises(RuntimeError):
        with memo_generation("unit-memos", trigger="schedule"):
            raise RuntimeError("template missing")
    counted = {(l["trigger"], l["outcome"]): v for l, v in samples(MEMOS_GENERATED, service="unit-memos")}
    assert counted == {("request", "generated"): 1, ("schedule", "failed"): 1}


def test_a_declared_service_reports_zero_before_anything_happened():
    declare_service("unit-declared", ["unit-declared.feed"])
    assert samples(OUTBOX_BACKLOG, service="unit-declared") == [({"service": "unit-declared"}, 0.0)]
    assert samples(RELAY_FAILURES, service="unit-declared") == [({"service": "unit-declared"}, 0.0)]
    assert samples(CONSUMER_STALLED, service="unit-declared") == [
        ({"service": "unit-declared", "consumer": "unit-declared.feed"}, 0.0)
    ]
