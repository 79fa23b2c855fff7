"""Replicas that start together migrate once: the advisory lock lets one apply the
revisions while the other waits and then finds the schema at head."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.db.migrations import upgrade

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "services" / "funding" / "migrations"
# A replica: imports done, it waits for the common start moment, migrates, prints what it applied.
REPLICA = """
import json, sys, time
from pathlib import Path
from shared.db.migrations import upgrade
migrations, url, start_at = sys.argv[1], sys.argv[2], float(sys.argv[3])
time.sleep(max(0.0, start_at - time.time()))
print(json.dumps(upgrade(Path(migrations), url, "funding")))
"""


def upgrade_together(url: str, replicas: int) -> list[subprocess.CompletedProcess[str]]:
    """``replicas`` processes that start migrating at the same moment (as replicas of one service would)."""
    start_at = str(time.time() + 3.0)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", REPLICA, str(MIGRATIONS), url, start_at],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(replicas)
    ]
    finished = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=120)
        finished.append(subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr))
    return finished


async def version_rows(url: str) -> list[str]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return list((await conn.execute(text("SELECT version_num FROM funding.alembic_version"))).scalars())
    finally:
        await engine.dispose()


async def test_two_replicas_migrating_a_fresh_schema_together_both_succeed_and_one_migrates(postgres) -> None:
    database = f"migration_lock_{uuid.uuid4().hex[:8]}"
    postgres.create_database(database)
    url = postgres.url(database)

    replicas = await asyncio.to_thread(upgrade_together, url, 2)

    for replica in replicas:
        assert replica.returncode == 0, replica.stderr[-2000:]
    applied = sorted((json.loads(r.stdout.strip().splitlines()[-1]) for r in replicas), key=len)
    assert applied[0] == [], "the replica that waited found the schema at head"
    assert len(applied[1]) == len(list(MIGRATIONS.glob("versions/0*.py"))), "the other applied every revision"
    assert await version_rows(url) == [applied[1][-1]]
    assert await asyncio.to_thread(upgrade, MIGRATIONS, url, "funding") == [], "a later start changes nothing"
