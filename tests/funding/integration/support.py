"""Helpers shared by the funding integration tests."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from datetime import date
from uuid import uuid4

from sqlalchemy import func, select

from shared.contract.inventory import PilotStarted
from shared.documents import excel_csv
from shared.refdata import load_reference_data
from services.funding.adapters.tables import ledger_entries, messaging
from tests.support.kafka import header, produce_event, read_topic
from tests.support.tokens import bearer

FUNDING_TOPIC = "weerbaar.funding.events"


async def eventually(fetch: Callable[[], Awaitable[Any]], accept: Callable[[Any], bool], timeout: float = 30.0) -> Any:
    """Poll ``fetch`` until ``accept`` holds for what it returns."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await fetch()
        if accept(value):
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"condition not met; last value: {value!r}")
        await asyncio.sleep(0.1)


async def stored_counts(running) -> tuple[int, int]:
    """(ledger entries, outbox rows): what a refused request must leave unchanged."""
    async with running.service.session_factory() as session:
        ledger = await session.scalar(select(func.count()).select_from(ledger_entries))
        outbox = await session.scalar(select(func.count()).select_from(messaging.outbox))
    return ledger, outbox


def csv_rows(content: bytes) -> list[dict[str, str]]:
    """The ledger export as Dutch Excel reads it: UTF-8 with BOM, ';' between cells."""
    assert content.startswith("\ufeff".encode()), "Excel needs the byte-order mark to read UTF-8"
    return excel_csv.read_rows(content)


async def funding_events(bootstrap: str, accept: Callable[[list[Any]], bool], timeout: float = 30.0) -> list[Any]:
    return await read_topic(bootstrap, FUNDING_TOPIC, until=accept, timeout=timeout)


def of_type(records: list[Any], type_name: str, subject: str | None = None) -> list[Any]:
    return [
        r
        for r in records
        if header(r, "ce_type") == type_name and (subject is None or header(r, "ce_subject") == subject)
    ]


def fresh_database_name(prefix: str) -> str:
    """A new database (and so a new consumer group) per run, also against a long-lived server."""
    return f"{prefix}_{uuid4().hex[:8]}"


def pilot(
    region: str, municipality: str, year: int, budget_cents: int, name: str = "Pilot noodsteunpunt"
) -> PilotStarted:
    """A pilot.started event as the inventory service publishes it."""
    pilot_id = uuid4()
    return PilotStarted(
        source="/weerbaar/inventory",
        subject=f"pilot/{pilot_id}",
        region_code=region,
        municipality_code=municipality,
        pilot_id=pilot_id,
        name=name,
        noodsteunpunt_ids=[uuid4()],
        pilot_year=year,
        started_on=date(year, 2, 2),
        budget_cents=budget_cents,
    )


MARKER_YEAR = 2035  # a year no test or demo plans pilots for


async def caught_up(running, bootstrap: str) -> None:
    """Wait until the service has applied what was already on the inventory topic (other
    modules' pilots): a marker pilot per region, on that region's partition, comes after it."""
    reference = load_reference_data()
    markers = {}
    for region in sorted(reference.regions):
        markers[region] = pilot(region, reference.municipalities_in(region)[0].code, MARKER_YEAR, 0, "backlog marker")
        await produce_event(bootstrap, markers[region])
    national = bearer("national")
    for region, marker in markers.items():

        async def fetch(region: str = region) -> list[dict[str, Any]]:
            return (
                await running.client.get(f"/regions/{region}/commitments?year={MARKER_YEAR}", headers=national)
            ).json()["items"]

        await eventually(fetch, lambda found, m=marker: any(c["source_id"] == str(m.pilot_id) for c in found))
