"""An outbox from before its queue of pending ids (``published_at`` marked what was
published): the upgrade queues exactly its unpublished rows and drops the column, new rows
are queued by the trigger, and the downgrade gives the column back."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from alembic import command
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.db.migrations import alembic_config, upgrade

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "services" / "inventory" / "migrations"
BEFORE_THE_QUEUE = "inventory_pilot_funding"


async def run(url: str, *statements: str) -> list[list[tuple]]:
    """The statements in one transaction; the rows of those that are queries."""
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            results = [await conn.execute(text(statement)) for statement in statements]
            return [list(result.all()) if result.returns_rows else [] for result in results]
    finally:
        await engine.dispose()


def outbox_row(published_at: str | None = None) -> str:
    """An outbox row; with ``published_at`` ('now()' or 'NULL') as an outbox from before the queue had it."""
    columns = "event_id, event_type, topic, key, headers, payload"
    values = (f"'{uuid.uuid4()}', 'inventory.noodsteunpunt.registered.v1', 'weerbaar.inventory.events', "
              "'VR07', '[]', '\\x7b7d'")
    if published_at:
        columns, values = f"{columns}, published_at", f"{values}, {published_at}"
    return f"INSERT INTO inventory.outbox ({columns}) VALUES ({values})"


async def test_upgrading_an_outbox_with_marks_queues_its_unpublished_rows_and_drops_the_marks(postgres) -> None:
    database = f"outbox_queue_{uuid.uuid4().hex[:8]}"
    postgres.create_database(database)
    url = postgres.url(database)
    await asyncio.to_thread(upgrade, MIGRATIONS, url, "inventory")
    await asyncio.to_thread(command.downgrade, alembic_config(MIGRATIONS, url, "inventory"), BEFORE_THE_QUEUE)
    await run(url, *(outbox_row("now()" if published else "NULL") for published in (True, False, True, False, True)))
    (unpublished,) = await run(url, "SELECT id FROM inventory.outbox WHERE published_at IS NULL ORDER BY id")

    assert await asyncio.to_thread(upgrade, MIGRATIONS, url, "inventory") == ["inventory_outbox_pending_ids"]

    queued, columns, indexes = await run(
        url, "SELECT id FROM inventory.outbox_pending ORDER BY id",
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'inventory' AND table_name = 'outbox'",
        "SELECT indexname FROM pg_indexes WHERE schemaname = 'inventory' AND tablename = 'outbox'")
    assert queued == unpublished and len(queued) == 2
    assert ("published_at",) not in columns
    assert ("outbox_unpublished",) not in indexes

    await run(url, outbox_row())
    (newest,) = await run(url, "SELECT max(id) FROM inventory.outbox")
    (queued_now,) = await run(url, "SELECT id FROM inventory.outbox_pending ORDER BY id")
    assert queued_now == [*unpublished, *newest], "a row inserted after the upgrade is queued by the trigger"

    await asyncio.to_thread(command.downgrade, alembic_config(MIGRATIONS, url, "inventory"), BEFORE_THE_QUEUE)
    (still_unpublished,) = await run(url, "SELECT id FROM inventory.outbox WHERE published_at IS NULL ORDER BY id")
    assert still_unpublished == queued_now, "downgraded, what was pending is unpublished again, the rest published"
