"""A noodsteunpunt opened for real reaches the public CAP feed through Kafka; exercises and
non-public points never do. Every message validates against the CAP 1.2 schema with
capparselib (a CAP library no one here wrote)."""

from __future__ import annotations

import time
from uuid import uuid4

import pytest
import pytest_asyncio
from capparselib.parsers import CAPParser

from tests.support import tokens
from tests.support.polling import eventually
from tests.support.running import run_service

pytestmark = pytest.mark.asyncio(loop_scope="session")
OSS, REGION = "GM0828", "VR21"
GEMEENTE = tokens.municipality(OSS)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def services(postgres, kafka_settings):
    names = {name: f"cap_{name}_{uuid4().hex[:8]}" for name in ("inventory", "notify")}
    for database in names.values():
        postgres.create_database(database)
    async with run_service("inventory", postgres.url(names["inventory"]), kafka_settings) as inventory:
        async with run_service("notify", postgres.url(names["notify"]), kafka_settings) as notify:
            yield inventory, notify


async def register(inventory, name: str, public: bool) -> str:
    response = await inventory.client.post(f"/municipalities/{OSS}/noodsteunpunten", headers=GEMEENTE, json={
        "name": name, "layer": "local", "public": public, "readiness": "equipped",
        "details": {"address": "Kantstraat 2, 5341 HK Oss", "latitude": 51.7652, "longitude": 5.5180}})
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def activate(inventory, nsp_id: str, status: str, mode: str) -> None:
    response = await inventory.client.post(f"/noodsteunpunten/{nsp_id}/activation", headers=GEMEENTE,
                                           json={"status": status, "mode": mode})
    assert response.status_code == 200, response.text


async def feed_messages(notify) -> list[dict]:
    response = await notify.client.get("/public/cap.atom", params={"region": REGION})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    if "<entry>" not in response.text:
        return []  # capparselib reads feeds with entries only
    return CAPParser(response.text).as_dict()  # validates the feed, and each embedded alert, against their schemas


def about(messages: list[dict], name: str) -> list[dict]:
    return [m for m in messages if name in str(m["cap_info"][0]["cap_headline"])]


async def test_a_real_opening_is_in_the_cap_feed_within_five_seconds_and_exercises_never(services):
    inventory, notify = services
    kazerne = await register(inventory, f"Brandweerkazerne {uuid4().hex[:6]}", public=True)
    oefenlocatie = await register(inventory, f"Sporthal {uuid4().hex[:6]}", public=True)
    besloten = await register(inventory, f"Gemeentehuis {uuid4().hex[:6]}", public=False)
    names = {nsp: (await inventory.client.get(f"/noodsteunpunten/{nsp}", headers=GEMEENTE)).json()["name"]
             for nsp in (kazerne, oefenlocatie, besloten)}

    # The consumer first reads the topic's history (other tests' events): once this first real
    # opening is in the feed it has caught up, and what follows measures the live path.
    voorloper = await register(inventory, f"Buurthuis {uuid4().hex[:6]}", public=True)
    await activate(inventory, voorloper, "opening", "real")
    await eventually(lambda: _about(notify, "Buurthuis"), timeout=120, what="the consumer caught up")

    await activate(inventory, oefenlocatie, "opening", "exercise")
    await activate(inventory, besloten, "opening", "real")
    started = time.monotonic()
    await activate(inventory, kazerne, "opening", "real")
    messages = await eventually(lambda: _about(notify, names[kazerne]), timeout=5, interval=0.05,
                                what="the real opening in the CAP feed")
    seconds = time.monotonic() - started
    assert seconds < 5
    (alert,) = messages
    assert _text(alert, "cap_message_type", "cap_status", "cap_scope") == ("Alert", "Actual", "Public")
    info = alert["cap_info"][0]
    assert _text(info, "cap_language", "cap_category", "cap_response_type") == ("nl-NL", "Safety", "Shelter")
    assert str(info["cap_headline"]) == f"Noodsteunpunt {names[kazerne]} in Oss gaat open"
    area = info["cap_area"][0]
    assert "Kantstraat 2, 5341 HK Oss" in str(area["area_description"])
    assert str(area["circles"][0]).startswith("51.76520,5.51800 ")

    await activate(inventory, kazerne, "open", "real")
    await activate(inventory, kazerne, "closing", "real")
    await activate(inventory, kazerne, "closed", "real")
    episode = await eventually(lambda: _about(notify, names[kazerne], count=4), timeout=10, what="the whole episode")
    assert [str(m["cap_message_type"]) for m in reversed(episode)] == ["Alert", "Update", "Update", "Update"]
    assert str(episode[0]["cap_info"][0]["cap_response_type"]) == "AllClear"
    assert str(episode[0]["cap_references"]).count("weerbaar-") == 3, "the closing references all earlier messages"

    # The exercise and the closed gemeentehuis came before the kazerne's messages in the same
    # region (one partition, in order): had they produced anything, it would be there by now.
    everything = await feed_messages(notify)
    assert not about(everything, names[oefenlocatie]) and not about(everything, names[besloten])

    identifier = str(episode[-1]["cap_id"])
    single = await notify.client.get(f"/public/cap/{identifier}/alert.xml")
    assert single.headers["content-type"].startswith("application/common-alerting-protocol+xml")
    assert str(CAPParser(single.text).as_dict()[0]["cap_message_type"]) == "Alert"


def _text(values: dict, *keys: str) -> tuple[str, ...]:
    return tuple(str(values[k]) for k in keys)


async def _about(notify, name: str, count: int = 1) -> list[dict] | None:
    found = about(await feed_messages(notify), name)
    return found if len(found) >= count else None
