"""The one Kafka consumer engine every service runs, on aiokafka directly.

One consumer group per ``EventConsumer`` (``{group_prefix}.{service}.{consumer}``).
Every assigned partition gets its own worker, so partitions are applied concurrently
while order holds within a partition (the key is the region). The fetch loop hands
each worker the records of its partition and pauses a partition whose worker is four
batches behind (resumed at two), so a stalled partition (its database away) holds back
nothing else and a busy one always has its next batch at hand.

Offsets are committed by hand, every ``commit_interval_seconds``, and only up to the
record after the last one a worker settled (applied or dead-lettered). A crash
re-reads at most that interval's records; the inbox makes them no-ops. On a
rebalance the revoked partitions' workers finish the batch in hand (within
``shutdown_grace_seconds``), their offsets are committed, and the rest is left for
the partition's next owner.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import KafkaError

from shared.messaging.consumer import EventConsumer
from shared.messaging.failures import describe
from shared.messaging.records import ReceivedRecord
from shared.messaging.state_log import StateLog
from shared.observability.metrics import CONSUMER_LAG
from shared.settings import ConsumerSettings

log = logging.getLogger(__name__)

ConsumerFactory = Callable[[], AIOKafkaConsumer]


class PartitionWorker:
    """Applies one partition's records in order, a batch at a time."""

    def __init__(self, tp: TopicPartition, apply: Callable[[list[ReceivedRecord]], Awaitable[object]],
                 batch_size: int, on_drained: Callable[[TopicPartition], None]) -> None:
        self.tp = tp
        self.settled: int | None = None  # offset after the last settled record: what may be committed
        self._apply = apply
        self._batch_size = batch_size
        self._on_drained = on_drained
        self._pending: deque[ReceivedRecord] = deque()
        self._work = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._task = asyncio.create_task(self._run(), name=f"partition-{tp.topic}-{tp.partition}")

    @property
    def backlog(self) -> int:
        return len(self._pending)

    def submit(self, records: list[ReceivedRecord]) -> None:
        self._pending.extend(records)
        self._work.set()

    async def _run(self) -> None:
        while True:
            await self._work.wait()
            self._work.clear()
            while self._pending:
                batch = [self._pending.popleft() for _ in range(min(self._batch_size, len(self._pending)))]
                if len(self._pending) < 2 * self._batch_size:  # fetch more while this batch is applied
                    self._on_drained(self.tp)
                self._idle.clear()
                try:
                    await self._apply(batch)
                finally:
                    self._idle.set()
                self.settled = batch[-1].offset + 1

    async def finish(self, grace: float) -> None:
        """Drop what was not started; let the batch in hand settle, or abandon it after ``grace``."""
        self._pending.clear()
        try:
            await asyncio.wait_for(self._idle.wait(), timeout=grace)
        except asyncio.TimeoutError:
            log.warning("partition %s: batch in hand abandoned after %.0fs (not committed; re-read by the next owner)",
                        self.tp, grace, extra={"topic": self.tp.topic, "partition": self.tp.partition})
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._task

    @property
    def crashed(self) -> BaseException | None:
        if self._task.done() and not self._task.cancelled():
            return self._task.exception()
        return None


class KafkaConsumerEngine:
    """Runs one ``EventConsumer`` against Kafka: fetch, dispatch per partition, commit."""

    def __init__(self, consumer: EventConsumer, group_id: str, factory: ConsumerFactory,
                 settings: ConsumerSettings) -> None:
        self.consumer = consumer
        self.group_id = group_id
        self._factory = factory
        self._settings = settings
        self._kafka: AIOKafkaConsumer | None = None
        self._workers: dict[TopicPartition, PartitionWorker] = {}
        self._committed: dict[TopicPartition, int] = {}
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self.broker = StateLog(log, f"Kafka for {consumer.name}", consumer=consumer.name)

    # What the AsyncAPI generator and readiness read ------------------------------------
    @property
    def name(self) -> str:
        return self.consumer.name

    @property
    def topics(self) -> list[str]:
        return self.consumer.topics

    @property
    def handled_types(self) -> list[str]:
        return self.consumer.handled_types

    @property
    def progress(self):  # type: ignore[no-untyped-def]
        return self.consumer.progress

    @property
    def kafka_reachable(self) -> bool:
        return self._kafka is not None and not self.broker.is_down

    def assignment(self) -> set[TopicPartition]:
        return set(self._kafka.assignment()) if self._kafka else set()

    async def positions(self) -> dict[TopicPartition, int]:
        """Each assigned partition's next fetch position (resolving it if not yet known)."""
        assert self._kafka is not None
        return {tp: await self._kafka.position(tp) for tp in self.assignment()}

    def lag(self) -> dict[TopicPartition, int]:
        """Records after the committed offset, per assigned partition (as last fetched)."""
        if self._kafka is None:
            return {}
        lags = {}
        for tp in self.assignment():
            highwater = self._kafka.highwater(tp)
            committed = self._committed.get(tp)
            if highwater is not None and committed is not None:
                lags[tp] = max(highwater - committed, 0)
        return lags

    # Lifecycle -----------------------------------------------------------------------
    async def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name=f"consumer-{self.name}")

    async def stop(self) -> None:
        """Settle the batches in hand, commit them, leave the group."""
        self._stopping = True
        if self._task:
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        backoff = self._settings.first_backoff_seconds
        while not self._stopping:
            try:
                await self._connect()
                backoff = self._settings.first_backoff_seconds
                await self._consume()
            except Exception as error:  # Kafka away, or a worker failed: start over from the committed offsets
                if isinstance(error, KafkaError):
                    self.broker.down(describe(error))
                else:
                    log.error("%s: consumer failed; restarting from the committed offsets", self.name, exc_info=error,
                              extra={"consumer": self.name})
                await self._close()
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._settings.max_backoff_seconds)
        await self._close()

    async def _connect(self) -> None:
        kafka = self._factory()
        kafka.subscribe(self.topics, listener=_Rebalance(self))
        try:
            await kafka.start()
        except Exception:
            with contextlib.suppress(Exception):
                await kafka.stop()
            raise
        self._kafka = kafka
        self.progress.started = True
        self.broker.up()

    async def _consume(self) -> None:
        assert self._kafka is not None
        committer = asyncio.create_task(self._commit_every_interval(), name=f"commits-{self.name}")
        try:
            while not self._stopping:
                batches = await self._kafka.getmany(timeout_ms=100, max_records=self._settings.batch_size * 4)
                if batches:
                    self.broker.up()
                for tp, records in batches.items():
                    self._dispatch(tp, [ReceivedRecord.from_consumer_record(r) for r in records])
                self._check_workers()
        finally:
            committer.cancel()
            await asyncio.gather(committer, return_exceptions=True)

    async def _commit_every_interval(self) -> None:
        """Beside the fetch loop, so a commit's round trip never holds back dispatching."""
        while True:
            await asyncio.sleep(self._settings.commit_interval_seconds)
            try:
                await self._commit(set(self._workers))
            except Exception as error:  # never let the commits stop: the next round tries again
                log.error("%s: committing offsets failed", self.name, exc_info=error, extra={"consumer": self.name})

    def _dispatch(self, tp: TopicPartition, records: list[ReceivedRecord]) -> None:
        worker = self._workers.get(tp)
        if worker is None:
            worker = self._workers[tp] = PartitionWorker(tp, self.consumer.process_batch, self._settings.batch_size,
                                                         self._resume)
        worker.submit(records)
        if worker.backlog >= 4 * self._settings.batch_size and self._kafka is not None:
            self._kafka.pause(tp)  # fetched-ahead records are dropped and fetched again on resume

    def _resume(self, tp: TopicPartition) -> None:
        if self._kafka is not None and tp in self._kafka.paused():
            self._kafka.resume(tp)

    def _check_workers(self) -> None:
        for worker in self._workers.values():
            if worker.crashed is not None:
                raise RuntimeError(f"partition {worker.tp} worker failed: {describe(worker.crashed)}") from worker.crashed

    async def _commit(self, partitions: object) -> None:
        assert self._kafka is not None
        offsets = {tp: w.settled for tp, w in list(self._workers.items())
                   if tp in partitions and w.settled is not None and w.settled != self._committed.get(tp)}  # type: ignore[operator]
        if offsets:
            try:
                await self._kafka.commit(offsets)  # type: ignore[arg-type]
                self._committed.update(offsets)  # type: ignore[arg-type]
                self.broker.up()
            except KafkaError as error:  # rebalancing or broker away: the next round commits
                self.broker.down(f"offset commit failed: {describe(error)}")
        self._export_lag()

    def _export_lag(self) -> None:
        for tp, lag in self.lag().items():
            CONSUMER_LAG.labels(self.consumer.service, self.name, tp.topic, str(tp.partition)).set(lag)

    async def release(self, partitions: set[TopicPartition]) -> None:
        """Partitions revoked (rebalance) or the consumer stops: settle, commit, forget them."""
        workers = [self._workers[tp] for tp in partitions if tp in self._workers]
        await asyncio.gather(*(w.finish(self._settings.shutdown_grace_seconds) for w in workers))
        if self._kafka is not None and workers:
            await self._commit({w.tp for w in workers})
        for worker in workers:
            self._workers.pop(worker.tp, None)

    def assigned(self, partitions: set[TopicPartition]) -> None:
        for tp in partitions:
            self._committed.pop(tp, None)

    async def _close(self) -> None:
        kafka = self._kafka
        if kafka is None:
            return
        await self.release(set(self._workers))
        self._kafka = None
        try:
            await asyncio.wait_for(kafka.stop(), timeout=self._settings.shutdown_grace_seconds)
        except Exception as error:  # a broker that is away cannot be left politely
            log.debug("%s: stopping the Kafka consumer: %r", self.name, error)


class _Rebalance(ConsumerRebalanceListener):
    def __init__(self, engine: KafkaConsumerEngine) -> None:
        self._engine = engine

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        await self._engine.release(set(revoked))

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        self._engine.assigned(set(assigned))
