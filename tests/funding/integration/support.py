"""Helpers shared by the funding integration tests."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import func, select

from services.funding.adapters.tables import ledger_entries, messaging
from tests.support.kafka import header, read_topic

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


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


async def funding_events(bootstrap: str, accept: Callable[[list[Any]], bool], timeout: float = 30.0) -> list[Any]:
    return await read_topic(bootstrap, FUNDING_TOPIC, until=accept, timeout=timeout)


def of_type(records: list[Any], type_name: str, subject: str | None = None) -> list[Any]:
    return [
        r for r in records
        if header(r, "ce_type") == type_name and (subject is None or header(r, "ce_subject") == subject)
    ]
