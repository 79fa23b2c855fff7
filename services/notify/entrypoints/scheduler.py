"""The delivery worker: a loop that sends due deliveries, queues digests and reminders.

Started by the service after the outbox relay, stopped on shutdown. Each round is
safe to run concurrently with another instance (row locks and unique keys).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from services.notify.handlers.context import NotifyContext
from services.notify.handlers.deliveries import Senders, deliver_due
from services.notify.handlers.digests import send_digests
from services.notify.handlers.reminders import send_due_reminders

log = logging.getLogger(__name__)


class DeliveryWorker:
    def __init__(self, uow_factory: Callable[[], Any], context: NotifyContext, senders: Senders,
                 interval: float, batch_size: int) -> None:
        self._uow_factory, self._context, self._senders = uow_factory, context, senders
        self._interval, self._batch_size = interval, batch_size
        self._task: asyncio.Task[None] | None = None
        self.last_error: str | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="notify-delivery-worker")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def run_once(self) -> None:
        """One round: reminders and digests first, so what they queue goes out in the same round."""
        await send_due_reminders(self._uow_factory, self._context, self._batch_size)
        await send_digests(self._uow_factory, self._context)
        await deliver_due(self._uow_factory, self._context, self._senders, self._batch_size)

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
                self.last_error = None
            except Exception as error:  # keep the loop alive: the database may be back next round
                self.last_error = f"{type(error).__name__}: {error}"
                log.exception("notify delivery round failed")
            await asyncio.sleep(self._interval)
