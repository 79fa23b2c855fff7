"""Publishes outbox rows to Kafka, in commit order, at least once.

Exactly one relay per service publishes at a time (a PostgreSQL advisory lock
elects it), because two relays reading the same rows would let a later event of
a key overtake an earlier one. The relay reads unpublished rows by id, sends the
batch with an idempotent ``acks=all`` producer, and marks published only the
prefix that was acknowledged: whatever follows a failure is sent again, so no
row is skipped. While Kafka is down rows wait; they drain when it is back.
"""

from __future__ import annotations

import asyncio
import logging
import time
import zlib
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from aiokafka import AIOKafkaProducer
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.messaging.kafka_clients import LazyProducer
from shared.messaging.tables import MessagingTables
from shared.settings import OutboxSettings

log = logging.getLogger(__name__)

PublishedCallback = Callable[[Sequence[UUID], float], None]
CLEANUP_EVERY_SECONDS = 300


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        tables: MessagingTables,
        producer_factory: Callable[[], AIOKafkaProducer],
        settings: OutboxSettings,
        name: str,
        on_published: PublishedCallback | None = None,
    ) -> None:
        self._engine = engine
        self._outbox = tables.outbox
        self._producer = LazyProducer(producer_factory)
        self._settings = settings
        self._lock_key = zlib.crc32(f"weerbaar-outbox-{name}".encode())
        self.on_published = on_published
        self._leader_conn: AsyncConnection | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._last_cleanup = 0.0
        self.last_error: str | None = None
        self.published_total = 0

    def wake(self) -> None:
        """Called after a commit that wrote outbox rows: publish now, not at the next poll."""
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def is_leader(self) -> bool:
        return self._leader_conn is not None

    async def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name=f"outbox-relay-{self._lock_key}")

    async def stop(self) -> None:
        """Finish the batch in flight, then release the producer and the leadership."""
        self._stopping = True
        self._wake.set()
        if self._task:
            await self._task
        await self._producer.close()
        await self._resign()

    async def pending(self) -> int:
        async with self._engine.connect() as conn:
            query = select(func.count()).select_from(self._outbox).where(self._outbox.c.published_at.is_(None))
            return int((await conn.execute(query)).scalar_one())

    async def _run(self) -> None:
        backoff = 0.0
        while not self._stopping:
            try:
                published = await self.publish_batch()
                backoff = 0.0
                self.last_error = None
                if published == 0:
                    await self._idle()
            except Exception as error:  # keep relaying whatever failed: rows wait in the outbox
                self.last_error = f"{type(error).__name__}: {error}"
                backoff = min(max(backoff * 2, 0.1), self._settings.max_backoff_seconds)
                log.warning("outbox relay: %s; retrying in %.1fs", self.last_error, backoff)
                await self._producer.close()
                await self._resign()  # re-elect on the next round: the lock's connection may be gone
                await self._sleep(backoff)

    async def publish_batch(self) -> int:
        """Publish the oldest unpublished rows; returns how many were acknowledged."""
        if not await self._lead():
            return 0
        rows = await self._unpublished()
        if not rows:
            await self._cleanup_if_due()
            return 0
        producer = await self._producer.get()
        acked = await self._send_in_order(producer, rows)
        await self._mark_published(acked)
        if len(acked) < len(rows):
            raise RuntimeError(f"{len(rows) - len(acked)} of {len(rows)} outbox rows not acknowledged")
        return len(acked)

    async def _send_in_order(self, producer: AIOKafkaProducer, rows: Sequence[Any]) -> list[Any]:
        futures = [
            await producer.send(
                row.topic,
                value=row.payload,
                key=row.key.encode(),
                headers=[(name, value.encode()) for name, value in row.headers],
            )
            for row in rows
        ]
        results = await asyncio.gather(*futures, return_exceptions=True)
        acked: list[Any] = []
        for row, result in zip(rows, results):
            if isinstance(result, BaseException):
                log.warning("outbox relay: event %s not acknowledged: %r", row.event_id, result)
                break
            acked.append(row)
        return acked

    async def _mark_published(self, rows: Sequence[Any]) -> None:
        if not rows:
            return
        acked_at = time.time()
        async with self._engine.begin() as conn:
            await conn.execute(
                update(self._outbox).where(self._outbox.c.id.in_([r.id for r in rows])).values(published_at=func.now())
            )
        self.published_total += len(rows)
        if self.on_published:
            self.on_published([r.event_id for r in rows], acked_at)

    async def _unpublished(self) -> Sequence[Any]:
        query = (
            select(self._outbox)
            .where(self._outbox.c.published_at.is_(None))
            .order_by(self._outbox.c.id)
            .limit(self._settings.batch_size)
        )
        async with self._engine.connect() as conn:
            return (await conn.execute(query)).all()

    async def _lead(self) -> bool:
        """Hold the advisory lock on a connection of our own; only the holder publishes."""
        if self._leader_conn is not None:
            return True
        conn = await self._engine.connect()
        got = (await conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self._lock_key})).scalar_one()
        if got:
            await conn.commit()
            self._leader_conn = conn
            return True
        await conn.close()
        return False

    async def _resign(self) -> None:
        conn, self._leader_conn = self._leader_conn, None
        if conn is not None:
            try:
                await conn.close()  # closing the session releases the advisory lock
            except Exception as error:  # a dead connection has released it already
                log.debug("outbox relay: closing leader connection: %r", error)

    async def _cleanup_if_due(self) -> None:
        if time.monotonic() - self._last_cleanup < CLEANUP_EVERY_SECONDS:
            return
        self._last_cleanup = time.monotonic()
        cutoff = func.now() - text(f"interval '{int(self._settings.retention_days)} days'")
        async with self._engine.begin() as conn:
            await conn.execute(delete(self._outbox).where(self._outbox.c.published_at < cutoff))

    async def _idle(self) -> None:
        await self._sleep(self._settings.poll_interval_seconds)

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        except asyncio.TimeoutError:
            pass
        self._wake.clear()
