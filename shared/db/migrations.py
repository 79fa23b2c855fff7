"""Alembic, run programmatically: each service keeps its own migrations folder and
its tables in its own schema (named after the service), so several services can
even share one PostgreSQL database without touching each other's tables."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine


def alembic_config(migrations_dir: Path, url: str, schema: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["schema"] = schema
    return config


def upgrade(migrations_dir: Path, url: str, schema: str) -> None:
    """Bring the service's schema to the newest revision (idempotent)."""
    command.upgrade(alembic_config(migrations_dir, url, schema), "head")


def run_env(metadata: MetaData) -> None:
    """Body of every service's ``migrations/env.py``."""
    config = context.config
    schema = config.attributes.get("schema") or metadata.schema
    url = config.get_main_option("sqlalchemy.url")
    asyncio.run(_run_online(url, metadata, schema))


async def _run_online(url: str | None, metadata: MetaData, schema: str) -> None:
    engine = create_async_engine(str(url))
    async with engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        await conn.run_sync(_run_sync, metadata, schema)
    await engine.dispose()


def _run_sync(conn: Connection, metadata: MetaData, schema: str) -> None:
    context.configure(
        connection=conn,
        target_metadata=metadata,
        version_table_schema=schema,
        include_schemas=True,
        include_name=lambda name, type_, parent: type_ != "schema" or name == schema,
    )
    with context.begin_transaction():
        context.run_migrations()
