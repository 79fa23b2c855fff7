"""Alembic, run programmatically: each service keeps its own migrations folder and
its tables in its own schema (named after the service), so several services can
even share one PostgreSQL database without touching each other's tables.

Every run holds a PostgreSQL advisory lock for its schema for the whole migration
transaction: replicas of a service that start together migrate one after the other,
so the first applies the revisions and the others find the schema at head.
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

APPLIED = "applied_revisions"


def alembic_config(migrations_dir: Path, url: str, schema: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["schema"] = schema
    config.attributes[APPLIED] = []
    return config


def upgrade(migrations_dir: Path, url: str, schema: str) -> list[str]:
    """Bring the service's schema to the newest revision (idempotent); returns the revisions
    this call applied (none when another process had already migrated)."""
    config = alembic_config(migrations_dir, url, schema)
    command.upgrade(config, "head")
    return list(config.attributes[APPLIED])


def migration_lock_key(schema: str) -> int:
    """A stable signed 64-bit advisory lock key per schema."""
    digest = hashlib.sha256(f"weerbaar.migrations.{schema}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def run_env(metadata: MetaData) -> None:
    """Body of every service's ``migrations/env.py``."""
    config = context.config
    schema = config.attributes.get("schema") or metadata.schema
    url = config.get_main_option("sqlalchemy.url")
    applied = config.attributes.setdefault(APPLIED, [])
    asyncio.run(_run_online(url, metadata, schema, applied))


async def _run_online(url: str | None, metadata: MetaData, schema: str, applied: list[str]) -> None:
    engine = create_async_engine(str(url))
    try:
        async with engine.begin() as conn:
            # Held until this transaction ends: a concurrent run waits here, then sees the new version.
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": migration_lock_key(schema)})
            await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            await conn.run_sync(_run_sync, metadata, schema, applied)
    finally:
        await engine.dispose()


def _run_sync(conn: Connection, metadata: MetaData, schema: str, applied: list[str]) -> None:
    def record(ctx: Any, step: Any, heads: Any, run_args: Any) -> None:
        applied.append(step.up_revision_id)

    context.configure(
        connection=conn,
        target_metadata=metadata,
        version_table_schema=schema,
        include_schemas=True,
        include_name=lambda name, type_, parent: type_ != "schema" or name == schema,
        on_version_apply=record,
    )
    with context.begin_transaction():
        context.run_migrations()
