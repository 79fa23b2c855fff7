"""The notify service's background loops, and their state for readiness and status pages.

- ``Scheduler``: queues due invitations/reminders and daily/weekly digests.
- ``DeliveryWorker``: sends due deliveries (``handlers.deliveries.deliver_due``),
  round after round while work is due, otherwise every ``interval``.

Both are started by the service after the outbox relay and stopped on shutdown; a
stop lets the round in hand finish (up to ``grace`` seconds) so no answer that
came back is lost. Each round is safe beside another instance's (claims, unique
keys). ``status()`` tells whether a loop runs, when its last round ended, its last
error and, for the delivery worker, the queue depth.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from services.notify.handlers.context import NotifyContext
from services.notify.handlers.deliveries import DeliveryOptions, Senders, deliver_due
from services.notify.handlers.digests import send_digests
from services.notify.handlers.reminders import send_due_reminders

log = logging.getLogger(__name__)


class Loop:
    """A named loop of rounds with its state; ``run_once`` can also be called directly (tests)."""

    name = "loop"

    def __init__(self, interval: float, grace: float = 5.0) -> None:
        self._interval, self._grace = interval, grace
        self._task: asyncio.Task[None] | None = None
        self._round_lock = asyncio.Lock()  # a direct run_once and the loop's round never overlap
        self._stopping = asyncio.Event()
        self.last_run_at: float | None = None
        self.last_error: str | None = None
        self.last_error_at: float | None = None
        self.rounds = 0

    async def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self._loop(), name=f"notify-{self.name}")
        log.info("notify %s started", self.name, extra={"event": "worker_started", "worker": self.name})

    async def stop(self) -> None:
        if not self._task:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), self._grace)
        except TimeoutError:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        log.info("notify %s stopped", self.name, extra={"event": "worker_stopped", "worker": self.name})

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def run_once(self) -> bool:
        """One round; True when it left work due right away (the loop goes on without waiting)."""
        async with self._round_lock:
            try:
                more = await self._round()
                self.last_error = None
                return more
            except Exception as error:  # keep the loop alive: the database may be back next round
                self.last_error, self.last_error_at = f"{type(error).__name__}: {error}", time.time()
                log.exception("notify %s round failed", self.name, extra={"event": "worker_round_failed",
                                                                          "worker": self.name})
                return False
            finally:
                self.rounds += 1
                self.last_run_at = time.time()

    async def _round(self) -> bool:
        raise NotImplementedError

    async def _loop(self) -> None:
        while not self._stopping.is_set():
            if await self.run_once():
                continue
            try:
                await asyncio.wait_for(self._stopping.wait(), self._interval)
            except TimeoutError:
                pass

    def status(self) -> dict[str, Any]:
        return {"running": self.running, "last_run_at": self.last_run_at, "last_error": self.last_error,
                "last_error_at": self.last_error_at, "rounds": self.rounds}


class Scheduler(Loop):
    name = "scheduler"

    def __init__(self, uow_factory: Callable[[], Any], context: NotifyContext, interval: float, batch_size: int) -> None:
        super().__init__(interval)
        self._uow_factory, self._context, self._batch_size = uow_factory, context, batch_size

    async def _round(self) -> bool:
        await send_due_reminders(self._uow_factory, self._context, self._batch_size)
        await send_digests(self._uow_factory, self._context)
        return False


class DeliveryWorker(Loop):
    name = "delivery_worker"

    def __init__(self, uow_factory: Callable[[], Any], context: NotifyContext, senders: Senders, interval: float,
                 options: DeliveryOptions, grace: float) -> None:
        super().__init__(interval, grace)
        self._uow_factory, self._context, self._senders, self._options = uow_factory, context, senders, options
        self.queue_depth: int | None = None
        self.claimed_total = 0

    async def _round(self) -> bool:
        report = await deliver_due(self._uow_factory, self._context, self._senders, self._options)
        self.claimed_total += report.claimed
        if report.errors:
            self.last_error, self.last_error_at = report.errors[-1], time.time()
        async with self._uow_factory() as uow:
            self.queue_depth = await uow.deliveries.queued()
        return report.claimed >= self._options.batch_size  # a full batch: more may be due

    async def stop(self) -> None:
        await super().stop()
        await self._senders.webhook.aclose()

    def status(self) -> dict[str, Any]:
        return {**super().status(), "queue_depth": self.queue_depth, "claimed": self.claimed_total}


class NotifyWorkers:
    """Both loops as one (``service.extras["worker"]``): ``run_once`` runs a scheduler round,
    then delivery rounds until nothing is due, as the loops would; ``status`` reports both."""

    def __init__(self, scheduler: Scheduler, delivery: DeliveryWorker) -> None:
        self.scheduler, self.delivery = scheduler, delivery

    async def run_once(self) -> None:
        await self.scheduler.run_once()
        await _until_done(self.delivery.run_once)

    def status(self) -> dict[str, Any]:
        return {"scheduler": self.scheduler.status(), "delivery_worker": self.delivery.status()}


async def _until_done(round_: Callable[[], Awaitable[bool]]) -> None:
    while await round_():
        pass
