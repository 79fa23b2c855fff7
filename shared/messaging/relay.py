"""Publishes outbox rows to Kafka, at least once, in order per key.

Exactly one relay per service publishes at a time (a PostgreSQL advisory lock elects
it), because two relays reading the same rows would let a later event of a key
overtake an earlier one.

The relay is a pipeline: a sender reads unpublished rows (those whose id is in
``outbox_pending``) in id order and hands them to an idempotent ``acks=all`` producer
without waiting for the broker; an acker awaits the acknowledgements in send order and
marks the acknowledged rows published in batches, by deleting their ids from
``outbox_pending`` (the outbox row itself is never updated). Marking runs with
``synchronous_commit = off``: a mark lost in a crash only means the row is sent again,
and consumers deduplicate by event id.

Per row the relay costs less than the producer's own ``send``: the rows of one read are
built into record batches per partition (``partition_batches``: one future per batch, no
coroutine per record), the leader reads on its lock's connection through the driver (one
round trip a read, rows as asyncpg gives them, headers as JSON text decoded just before
the send, a read's in one parse), the rows of one read travel as one unit (``_Sent``) through the in-flight
bookkeeping and the acker, and a mark is one round trip for everything acknowledged by
then. Rows whose spans are recorded go through ``send`` one by one (a span per record).

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
import collections
import contextlib
import json
import logging
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import asyncpg
from aiokafka import AIOKafkaProducer
from opentelemetry.trace import Span, Status, StatusCode
from pydantic_core import from_json
from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.messaging import tracing
from shared.messaging.failures import describe
from shared.messaging.kafka_clients import LazyProducer
from shared.messaging.partition_batches import send_batched
from shared.messaging.state_log import StateLog
from shared.messaging.tables import MessagingTables
from shared.observability.metrics import OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE, RELAY_FAILURES, RELAY_PUBLISHED
from shared.settings import OutboxSettings

log = logging.getLogger(__name__)

PublishedCallback = Callable[[Sequence[UUID], float], None]
CLEANUP_EVERY_SECONDS = 300
BACKLOG_EVERY_SECONDS = 1.0


@dataclass(eq=False)
class _Sent:
    """The rows of one read, handed to the producer in id order, with their acknowledgements
    (and publish spans, when spans are recorded), until the acker has marked them published."""

    rows: Sequence[Any]
    acks: list[asyncio.Future[Any]] = field(default_factory=list)
    spans: list[Span] | None = None
    acked: int = 0  # how many of the first rows are acknowledged

    async def settle(self) -> None:
        """Await the acknowledgements in send order; the first failure is raised, ``acked``
        then counting the acknowledged rows before it (only those may be marked)."""
        spans, previous = self.spans, None
        for index, ack in enumerate(self.acks):
            if ack is previous and not spans:  # the rest of one batch: acknowledged together
                continue
            previous = ack
            try:
                await ack
            except Exception as error:
                self.acked = index
                if spans:
                    spans[index].set_status(Status(StatusCode.ERROR, describe(error)))
                    spans[index].end()
                raise
            if spans:
                spans[index].end()
        self.acked = len(self.acks)

    @property
    def settled(self) -> bool:
        return self.acked == len(self.rows)

    def end_spans(self) -> None:
        for span in self.spans or ():
            if span.is_recording():  # not ended on its acknowledgement yet
                span.end()


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
        self._pending = tables.pending
        self._producer = LazyProducer(producer_factory)
        self._settings = settings
        self._service = name
        self._lock_key = zlib.crc32(f"weerbaar-outbox-{name}".encode())
        self.on_published = on_published
        self._leader_conn: AsyncConnection | None = None
        self._reader_conn: asyncpg.Connection | None = None  # the leader's connection, as the driver's
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._last_cleanup = 0.0
        self._last_backlog = 0.0
        self._backlog_task: asyncio.Task[None] | None = None
        self._in_flight: collections.deque[_Sent] = collections.deque()  # in send order
        self._in_flight_rows = 0
        self._read_up_to = 0  # the highest id read: the fast path reads after it
        # The headers come as JSON text, decoded just before the send: the decoded lists die
        # young, instead of every row in flight holding a few dozen objects the collector walks.
        table = engine.dialect.identifier_preparer.format_table(self._outbox)
        pending = engine.dialect.identifier_preparer.format_table(self._pending)
        # The pending ids first, each row then looked up by its id: a plain join let the planner
        # merge-join, scanning the outbox from its first row on every read.
        unpublished = ("SELECT o.id, o.event_id, o.topic, o.key, o.headers::text AS headers, o.payload "
                       f"FROM (SELECT id FROM {pending} WHERE id {{}} $1 ORDER BY id LIMIT $2) p, "
                       f"LATERAL (SELECT * FROM {table} WHERE id = p.id) o ORDER BY p.id")
        self._read_after_sql = unpublished.format(">")
        self._read_late_sql = unpublished.format("<=")
        # Published: no longer pending. The outbox row stays as it is (the record, until the retention).
        self._mark_sql = (f"BEGIN; SET LOCAL synchronous_commit = off; DELETE FROM {pending} "
                          "WHERE id = ANY('{{{ids}}}'::bigint[]); COMMIT")
        self._queue: asyncio.Queue[_Sent] = asyncio.Queue()
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
        self._forget_in_flight()
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
        if self._backlog_task:
            await asyncio.gather(self._backlog_task, return_exceptions=True)
        await self._producer.close()
        await self._resign()

    async def pending(self) -> int:
        async with self._engine.connect() as conn:
            return int((await conn.execute(select(func.count()).select_from(self._pending))).scalar_one())

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
                if self._in_flight_rows >= self._settings.max_in_flight:
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
                    prefetched = asyncio.create_task(self._read_after(rows[-1]["id"]))
                await self._send(await self._producer.get(), rows)
        finally:
            if prefetched is not None:
                prefetched.cancel()
                await asyncio.gather(prefetched, return_exceptions=True)
        await self._drain_in_flight()

    async def _send(self, producer: AIOKafkaProducer, rows: Sequence[Any]) -> None:
        """Hand ``rows`` to the producer in order, then to the acker."""
        sent = _Sent(rows)
        self._in_flight.append(sent)
        self._in_flight_rows += len(rows)
        if tracing.recording():
            sent.spans = []
            await self._send_traced(producer, sent)
        else:  # the hot path: the rows built into record batches, a future per batch
            # The read's stored headers parsed in one call (about half the cost of one call a row).
            stored = from_json("[" + ",".join([row["headers"] for row in rows]) + "]")
            sent.acks = await send_batched(producer, (
                (topic, key.encode(), payload, [(name, value.encode()) for name, value in headers])
                for (_, _, topic, key, _, payload), headers in zip(rows, stored)))
        self._queue.put_nowait(sent)

    async def _send_traced(self, producer: AIOKafkaProducer, sent: _Sent) -> None:
        """Each row sent under a PRODUCER span continuing its stored context; the record
        carries the span's context (the consumer's parent), ended on acknowledgement."""
        assert sent.spans is not None
        for row in sent.rows:
            stored = json.loads(row["headers"])
            topic, key = row["topic"], row["key"]
            span = tracing.start_publish_span(topic, stored, {
                "messaging.system": "kafka", "messaging.operation.type": "send", "messaging.destination.name": topic,
                "messaging.kafka.message.key": key, "messaging.message.id": str(row["event_id"]),
            })
            headers = tracing.headers_for_span(span, stored) if span.is_recording() else stored
            try:
                ack = await producer.send(topic, value=row["payload"], key=key.encode(),
                                          headers=[(name, value.encode()) for name, value in headers])
            except Exception as error:
                span.set_status(Status(StatusCode.ERROR, describe(error)))
                span.end()
                raise
            sent.acks.append(ack)
            sent.spans.append(span)

    async def _ack_loop(self) -> None:
        while True:
            # Everything sent by now is marked together: when marking lags behind the broker,
            # the marks grow (up to max_in_flight rows) and their round trips stay few.
            batch = [await self._queue.get()]
            while not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                for sent in batch:  # in send order: the acknowledged prefix
                    await self._settle(sent)
            finally:
                await self._mark_published(batch)

    async def _settle(self, sent: _Sent) -> None:
        try:
            await sent.settle()
        except Exception as error:
            row = sent.rows[sent.acked]
            log.warning("outbox relay of %s: event %s not acknowledged: %s", self._service, row["event_id"],
                        describe(error), extra={"service": self._service, "event_id": str(row["event_id"]),
                                                "topic": row["topic"]})
            raise

    async def _drain_in_flight(self) -> None:
        """On stop: wait for what was sent to be acknowledged and marked."""
        deadline = time.monotonic() + 10
        while self._in_flight and time.monotonic() < deadline:
            await asyncio.sleep(0.01)

    async def _mark_published(self, batch: Sequence[_Sent]) -> None:
        """Mark the acknowledged rows of ``batch`` published; what is fully settled leaves the
        in-flight set (after a failure the rest is forgotten by the reset and read again)."""
        rows = [row for sent in batch for row in sent.rows[:sent.acked]]
        if not rows:
            return
        acked_at = time.time()
        # The whole transaction in one round trip (one simple-query message); ids are integers.
        ids = ",".join([str(row["id"]) for row in rows])
        async with self._engine.connect() as conn:
            driver = (await conn.get_raw_connection()).driver_connection
            try:
                await driver.execute(self._mark_sql.format(ids=ids))
            except BaseException:  # the session may be left in a failed transaction: not back to the pool
                await conn.invalidate()
                raise
        for sent in batch:
            if sent.settled and self._in_flight and self._in_flight[0] is sent:  # settled in send order: the oldest
                self._in_flight.popleft()
                self._in_flight_rows -= len(sent.rows)
        self._room.set()
        self.published_total += len(rows)
        RELAY_PUBLISHED.labels(self._service).inc(len(rows))
        self.state.up()
        if self.on_published:
            self.on_published([row["event_id"] for row in rows], acked_at)

    async def _unpublished(self) -> Sequence[Any]:
        """The next rows to send: those after the last row read; once that read reaches the
        tail, also the late committers below it that are not in flight (sent in id order)."""
        read_before = self._read_up_to
        rows = await self._read_after(read_before)
        if len(rows) == self._settings.batch_size or not read_before:
            return rows
        late = await self._read_late(read_before)
        return sorted([*late, *rows], key=lambda row: row["id"]) if late else rows

    async def _read_after(self, after: int) -> Sequence[Any]:
        rows = await self._reader().fetch(self._read_after_sql, after, self._settings.batch_size)
        if rows:
            self._read_up_to = max(self._read_up_to, rows[-1]["id"])
        return rows

    async def _read_late(self, up_to: int) -> Sequence[Any]:
        """Unpublished rows at or below ``up_to`` not in flight: committed after later ids were read,
        or read, sent and lost with a failed connection (after a reset everything is read again)."""
        # Rows in flight are left out here, not in SQL: there ``id <> ALL(in flight)`` compares
        # every row with every id in flight (seconds of database time at the tail of a drain).
        in_flight = {row["id"] for sent in self._in_flight for row in sent.rows}
        rows = await self._reader().fetch(self._read_late_sql, up_to, self._settings.batch_size + len(in_flight))
        return [row for row in rows if row["id"] not in in_flight][:self._settings.batch_size]

    def _reader(self) -> asyncpg.Connection:
        if self._reader_conn is None:
            raise RuntimeError("outbox relay: reading without leadership")
        return self._reader_conn

    async def _reset(self) -> None:
        """After a failure: forget what was in flight (it is sent again), reconnect both ends."""
        self._forget_in_flight()
        self._read_up_to = 0  # read everything unpublished again
        self._queue = asyncio.Queue()
        await self._producer.close()
        await self._resign()  # re-elect on the next round: the lock's connection may be gone

    def _forget_in_flight(self) -> None:
        for sent in self._in_flight:
            sent.end_spans()
        self._in_flight.clear()
        self._in_flight_rows = 0

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
            self._leader_conn, self._reader_conn = conn, await self._reader_of(conn)
            return True
        await conn.close()
        return False

    @staticmethod
    async def _reader_of(conn: AsyncConnection) -> asyncpg.Connection:
        """The leader reads the outbox on its lock's connection, through the driver: one round
        trip a read (a prepared statement, no transaction), rows as the driver gives them.
        Planner statistics lag behind a backlog that just built up (an outage, a burst):
        estimating a few rows, PostgreSQL would fetch and sort the whole backlog for every
        read, so draining it would take quadratic time. This session rules sorting out: the
        index of unpublished rows gives the order, and the scan stops at the limit."""
        try:
            reader = (await conn.get_raw_connection()).driver_connection
            await reader.execute("SET enable_sort = off")
        except Exception:
            await conn.invalidate()
            raise
        return reader

    async def _resign(self) -> None:
        conn, self._leader_conn, self._reader_conn = self._leader_conn, None, None
        if conn is not None:
            try:
                # Discarded, not returned to the pool: ending the session releases the advisory
                # lock (a pooled session would keep it, and no replica could be elected).
                await conn.invalidate()
            except Exception as error:  # a dead connection has released it already
                log.debug("outbox relay: closing leader connection: %r", error)

    async def _housekeeping(self, cleanup: bool) -> None:
        """At most once a second the backlog metrics, observed beside the sending (a read
        never waits for the count); now and then, rows published long ago removed."""
        now = time.monotonic()
        if now - self._last_backlog >= BACKLOG_EVERY_SECONDS and (self._backlog_task is None or self._backlog_task.done()):
            self._last_backlog = now
            self._backlog_task = asyncio.create_task(self._observe_backlog(), name=f"outbox-backlog-{self._service}")
        if cleanup and now - self._last_cleanup >= CLEANUP_EVERY_SECONDS:
            self._last_cleanup = now
            cutoff = func.now() - text(f"interval '{int(self._settings.retention_days)} days'")
            still_pending = select(self._pending.c.id).where(self._pending.c.id == self._outbox.c.id).exists()
            async with self._engine.begin() as conn:
                await conn.execute(delete(self._outbox).where(self._outbox.c.created_at < cutoff, ~still_pending))

    async def _observe_backlog(self) -> None:
        outbox, pending = self._outbox, self._pending
        query = (select(func.count(), func.extract("epoch", func.now() - func.min(outbox.c.created_at)))
                 .select_from(pending.join(outbox, outbox.c.id == pending.c.id)))
        try:
            async with self._engine.connect() as conn:
                count, age = (await conn.execute(query)).one()
        except Exception as error:  # the database is away: the relay's own reads say so
            log.debug("outbox relay of %s: backlog not observed: %s", self._service, describe(error))
            return
        OUTBOX_BACKLOG.labels(self._service).set(count)
        OUTBOX_OLDEST_AGE.labels(self._service).set(float(age or 0))

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
