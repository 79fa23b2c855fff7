"""shared.db.bulk.insert_rows on a real PostgreSQL: every column's values in one array,
rows stored in the given order with their NULLs, JSON and times intact, and an upsert
through ``excluded`` as with a single row."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import BigInteger, Boolean, Column, DateTime, Identity, MetaData, String, Table, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import create_async_engine

from shared.db.bulk import insert_rows

metadata = MetaData()
things = Table(
    "bulk_things", metadata,
    Column("seq", BigInteger, Identity(always=True), primary_key=True),
    Column("name", String(20), nullable=False, unique=True),
    Column("code", String(6)),
    Column("public", Boolean, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("data", JSONB, nullable=False),
)


@pytest.mark.asyncio(loop_scope="session")
async def test_rows_go_in_one_statement_in_order_and_upsert_through_excluded(postgres):
    postgres.create_database("foundation_bulk")
    engine = create_async_engine(postgres.url("foundation_bulk"))
    at = datetime(2026, 10, 8, 17, 30, tzinfo=timezone.utc)
    rows = [{"name": f"thing {n}", "code": None if n % 2 else f"GM{n:04d}", "public": n % 3 == 0, "at": at,
             "data": {"n": n, "list": ["a", n], "nested": {"x": None}}} for n in range(5, 0, -1)]
    try:
        async with engine.begin() as connection:
            await connection.run_sync(metadata.drop_all)
            await connection.run_sync(metadata.create_all)
            await connection.execute(insert_rows(things, rows))
            again = insert_rows(things, [{**rows[0], "public": not rows[0]["public"], "data": {"changed": True}}])
            await connection.execute(again.on_conflict_do_update(
                index_elements=["name"], set_={"public": again.excluded.public, "data": again.excluded.data}))
            stored = (await connection.execute(select(things).order_by(things.c.seq))).mappings().all()
    finally:
        await engine.dispose()

    assert [{k: v for k, v in row.items() if k != "seq"} for row in stored[1:]] == rows[1:], "in order, as given"
    assert stored[0]["name"] == "thing 5" and stored[0]["public"] is (not rows[0]["public"])
    assert stored[0]["data"] == {"changed": True}, "the conflicting row took the new values"
    assert len(stored) == 5


def test_no_rows_is_refused_rather_than_an_empty_statement():
    with pytest.raises(ValueError):
        insert_rows(things, [])
