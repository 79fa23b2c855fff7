"""Publishes outbox rows to Kafka, at least once, in order per key.

Exactly one relay per service publishes at a time (a PostgreSQL advisory lock elects
it), because two relays reading the same rows would let a later event of a key
overtake an earlier one.

The relay is a pipeline: a sender reads unpublished rows in id order and hands them to
an idempotent ``acks=all`` producer without waiting for the broker; an acker awaits
the acknowledgements in send order and marks the acknowledged rows published in
batches. Marking runs with ``synchronous_commit = off``: a mark lost in a crash only
means the row is sent again, and consumers deduplicate by event id.

Outbox ids follow insert order, not commit order: a transaction can commit a lower id
after a higher one was already read. So reading "after the last id read" (a cheap
range scan, prefetched while the previous rows are sent) is only the fast path: each
time it comes back short of a full batch (the tail is reached), a sweep reads every
unpublished row at or below that id that is not in flight, so a late-committing row
waits at most until the backlog is drained. While Kafka is down rows wait; the relay
says so once and drains when the broker is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from aiokafka import AIOKafkaProducer
from opentelemetry.trace import INVALID_SPAN, Span, Status, StatusCode
from sqlalchemy import BigInteger, all_, any_, bindparam, delete, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.messaging import tracing
from shared.messaging.failures import describe
from shared.messaging.kafka_clients import LazyProducer
from shared.messaging.state_log import StateLog
from shared.messaging.tables import MessagingTables
from shared.observability.metrics import OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE, RELAY_FAILURES, RELAY_PUBLISHED
from shared.settings import OutboxSettings

log = logging.getLogger(__name__)

PublishedCallback = Callable[[Sequence[UUID], float], None]
CLEANUP_EVERY_SECONDS = 300
BACKLOG_EVERY_SECONDS = 1.0


@dataclass
class _InFlight:
    row: Any
    ack: asyncio.Future[Any]
    span: Span


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
        self._service = name
        self._lock_key = zlib.crc32(f"weerbaar-outbox-{name}".encode())
        self.on_published = on_published
        self._leader_conn: AsyncConnection | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._last_cleanup = 0.0
        self._last_backlog = 0.0
        self._in_flight: dict[int, _InFlight] = {}
        self._read_up_to = 0  # the highest id read: the fast path reads after it
        outbox = self._outbox
        self._rows = select(outbox.c.id, outbox.c.event_id, outbox.c.topic, outbox.c.key, outbox.c.headers,
                            outbox.c.payload).where(outbox.c.published_at.is_(None))
        self._queue: asyncio.Queue[_InFlight] = asyncio.Queue()
        self._room = asyncio.Event()
        self._stopped = asyncio.Event()
        self.state = StateLog(log, f"outbox relay of {name}", service=name)
        self.published_total = 0

    @property
    def last_error(self) -> str | None:
        return self.state.reason

    def wake(self) -> None:
        """Called after a commit that wrote outbox rows: publish now, not at the next poll.
        Wake-ups coalesce: many commits while the sender is busy make one more read."""
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def is_leader(self) -> bool:
        return self._leader_conn is not None

    async def start(self) -> None:
        self._stopping = False
        self._stopped.clear()
        self._in_flight.clear()
        self._read_up_to = 0
        self._queue = asyncio.Queue()
        self._task = asyncio.create_task(self._run(), name=f"outbox-relay-{self._service}")

    async def stop(self) -> None:
        """Finish what is in flight, then release the producer and the leadership."""
        self._stopping = True
        self._stopped.set()
        self._wake.set()
        self._room.set()
        if self._task:
            await asyncio.gather(self._task, return_exceptions=True)
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
                if not await self._lead():  # another replica publishes; be ready to take over
                    self._wake.clear()
                    await self._sleep(self._settings.poll_interval_seconds)
                    continue
                backoff = 0.0
                await self._pump()
            except Exception as error:  # broker or database away: rows wait in the outbox
                RELAY_FAILURES.labels(self._service).inc()
                self.state.down(describe(error))
                backoff = min(max(backoff * 2, 0.1), self._settings.max_backoff_seconds)
                await self._reset()
                with contextlib.suppress(Exception):
                    await self._housekeeping(cleanup=False)  # the backlog grows: let the metric show it
                with contextlib.suppress(asyncio.TimeoutError):  # not woken by commits: back off
                    await asyncio.wait_for(self._stopped.wait(), timeout=backoff)

    async def _pump(self) -> None:
        """Send and acknowledge until stopped; raises on the first failure."""
        sender = asyncio.create_task(self._send_loop())
        acker = asyncio.create_task(self._ack_loop())
        try:
            done, _ = await asyncio.wait({sender, acker}, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()
        finally:
            for task in (sender, acker):
                task.cancel()
            await asyncio.gather(sender, acker, return_exceptions=True)

    async def _send_loop(self) -> None:
        prefetched: asyncio.Task[Sequence[Any]] | None = None
        try:
            while not self._stopping:
                if len(self._in_flight) >= self._settings.max_in_flight:
                    self._room.clear()
                    await self._room.wait()
                    continue
                if prefetched is None:
                    self._wake.clear()
                    await self._housekeeping(cleanup=not self._in_flight)
                rows, prefetched = (await prefetched if prefetched else await self._unpublished()), None
                if not rows:
                    if not self._in_flight:
                        self.state.up()  # caught up: both ends work
                    await self._sleep(self._settings.poll_interval_seconds)
                    continue
                if len(rows) == self._settings.batch_size:  # more behind these: read them while these are sent
                    prefetched = asyncio.create_task(self._read_after(rows[-1].id))
                producer = await self._producer.get()
                traced = tracing.recording()
                for row in rows:
                    await self._send(producer, row, traced)
        finally:
            if prefetched is not None:
                prefetched.cancel()
                await asyncio.gather(prefetched, return_exceptions=True)
        await self._drain_in_flight()

    async def _send(self, producer: AIOKafkaProducer, row: Any, traced: bool) -> None:
        # No span when none would be recorded (no provider, or ids only): the stored context travels unchanged.
        span = tracing.start_publish_span(row.topic, row.headers, {
            "messaging.system": "kafka", "messaging.operation.type": "send", "messaging.destination.name": row.topic,
            "messaging.kafka.message.key": row.key, "messaging.message.id": str(row.event_id),
        }) if traced else INVALID_SPAN
        stored = tracing.headers_for_span(span, row.headers) if span.is_recording() else row.headers
        headers = [(name, value.encode()) for name, value in stored]
        try:
            ack = await producer.send(row.topic, value=row.payload, key=row.key.encode(), headers=headers)
        except Exception as error:
            span.set_status(Status(StatusCode.ERROR, describe(error)))
            span.end()
            raise
        item = _InFlight(row, ack, span)
        self._in_flight[row.id] = item
        self._queue.put_nowait(item)

    async def _ack_loop(self) -> None:
        while True:
            items = [await self._queue.get()]
            while not self._queue.empty() and len(items) < self._settings.batch_size:
                items.append(self._queue.get_nowait())
            acked: list[_InFlight] = []
            try:
                for item in items:  # in send order: the acknowledged prefix
                    await item.ack
                    item.span.end()
                    acked.append(item)
            except Exception as error:
                item.span.set_status(Status(StatusCode.ERROR, describe(error)))
                item.span.end()
                log.warning("outbox relay of %s: event %s not acknowledged: %s", self._service, item.row.event_id,
                            describe(error), extra={"service": self._service, "event_id": str(item.row.event_id),
                                                    "topic": item.row.topic})
                raise
            finally:
                await self._mark_published([i.row for i in acked])

    async def _drain_in_flight(self) -> None:
        """On stop: wait for what was sent to be acknowledged and marked."""
        deadline = time.monotonic() + 10
        while self._in_flight and time.monotonic() < deadline:
            await asyncio.sleep(0.01)

    async def _mark_published(self, rows: Sequence[Any]) -> None:
        if not rows:
            return
        acked_at = time.time()
        ids = bindparam("ids", [r.id for r in rows], type_=ARRAY(BigInteger))
        async with self._engine.begin() as conn:
            await conn.execute(text("SET LOCAL synchronous_commit = off"))
            await conn.execute(update(self._outbox).where(self._outbox.c.id == any_(ids)).values(published_at=func.now()))
        for row in rows:
            self._in_flight.pop(row.id, None)
        self._room.set()
        self.published_total += len(rows)
        RELAY_PUBLISHED.labels(self._service).inc(len(rows))
        self.state.up()
        if self.on_published:
            self.on_published([r.event_id for r in rows], acked_at)

    async def _unpublished(self) -> Sequence[Any]:
        """The next rows to send: those after the last row read; once that read reaches the
        tail, also the late committers below it that are not in flight (sent in id order)."""
        read_before = self._read_up_to
        rows = await self._read_after(read_before)
        if len(rows) == self._settings.batch_size or not read_before:
            return rows
        late = await self._read_late(read_before)
        return sorted([*late, *rows], key=lambda row: row.id) if late else rows

    async def _read_after(self, after: int) -> Sequence[Any]:
        query = self._rows.where(self._outbox.c.id > after).order_by(self._outbox.c.id).limit(self._settings.batch_size)
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        if rows:
            self._read_up_to = max(self._read_up_to, rows[-1].id)
        return rows

    async def _read_late(self, up_to: int) -> Sequence[Any]:
        """Unpublished rows at or below ``up_to`` not in flight: committed after later ids were read,
        or read, sent and lost with a failed connection (after a reset everything is read again)."""
        outbox = self._outbox
        query = self._rows.where(outbox.c.id <= up_to)
        if self._in_flight:
            query = query.where(outbox.c.id != all_(bindparam("in_flight", list(self._in_flight), type_=ARRAY(BigInteger))))
        async with self._engine.connect() as conn:
            return (await conn.execute(query.order_by(outbox.c.id).limit(self._settings.batch_size))).all()

    async def _reset(self) -> None:
        """After a failure: forget what was in flight (it is sent again), reconnect both ends."""
        for item in self._in_flight.values():
            with contextlib.suppress(Exception):
                item.span.end()
        self._in_flight.clear()
        self._read_up_to = 0  # read everything unpublished again
        self._queue = asyncio.Queue()
        await self._producer.close()
        await self._resign()  # re-elect on the next round: the lock's connection may be gone

    async def _lead(self) -> bool:
        """Hold the advisory lock on a connection of our own; only the holder publishes."""
        if self._leader_conn is not None:
            return True
        conn = await self._engine.connect()
        try:
            got = (await conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self._lock_key})).scalar_one()
        except Exception:
            await conn.close()
            raise
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

    async def _housekeeping(self, cleanup: bool) -> None:
        """At most once a second the backlog metrics; now and then, rows published long ago removed."""
        now = time.monotonic()
        if now - self._last_backlog >= BACKLOG_EVERY_SECONDS:
            self._last_backlog = now
            await self._observe_backlog()
        if cleanup and now - self._last_cleanup >= CLEANUP_EVERY_SECONDS:
            self._last_cleanup = now
            cutoff = func.now() - text(f"interval '{int(self._settings.retention_days)} days'")
            async with self._engine.begin() as conn:
                await conn.execute(delete(self._outbox).where(self._outbox.c.published_at < cutoff))

    async def _observe_backlog(self) -> None:
        outbox = self._outbox
        query = select(func.count(), func.extract("epoch", func.now() - func.min(outbox.c.created_at)))
        async with self._engine.connect() as conn:
            count, age = (await conn.execute(query.where(outbox.c.published_at.is_(None)))).one()
        OUTBOX_BACKLOG.labels(self._service).set(count)
        OUTBOX_OLDEST_AGE.labels(self._service).set(float(age or 0))

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
