"""What the observability tests do to the running services: register a noodsteunpunt in
inventory, look for it in notify's feed, scrape ``/metrics``."""

from __future__ import annotations

from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from tests.support import tokens
from tests.support.polling import eventually

OSS = "GM0828"  # Oss, VR21 Brabant-Noord
REGISTER = f"/municipalities/{OSS}/noodsteunpunten"
REGISTER_ROUTE = "/v1/municipalities/{municipality_code}/noodsteunpunten"


async def register(inventory: Any, name: str, headers: dict[str, str] | None = None) -> str:
    """Registers a noodsteunpunt in Oss (201 or the test fails); returns its event subject."""
    response = await inventory.client.post(
        REGISTER, json={"name": name, "layer": "regional", "public": True},
        headers={**tokens.municipality(OSS), **(headers or {})},
    )
    assert response.status_code == 201, response.text
    return f"noodsteunpunt/{response.json()['id']}"


async def feed_subjects(notify: Any) -> set[str]:
    response = await notify.client.get("/feed", params={"pageSize": 200}, headers=tokens.region("VR21"))
    assert response.status_code == 200, response.text
    return {item["subject"] for item in response.json()["items"]}


async def in_feed(notify: Any, *subjects: str, timeout: float = 60.0) -> None:
    async def arrived() -> bool:
        return set(subjects) <= await feed_subjects(notify)

    await eventually(arrived, timeout, what=f"{len(subjects)} events in notify's feed")


async def scrape(running: Any) -> str:
    response = await running.root.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


def values(text: str, sample_name: str, **labels: str) -> list[float]:
    """Every sample called ``sample_name`` whose labels include ``labels``."""
    return [
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == sample_name and all(sample.labels.get(k) == v for k, v in labels.items())
    ]


async def total(running: Any, sample_name: str, **labels: str) -> float:
    return sum(values(await scrape(running), sample_name, **labels))
