"""The memo schedule: a worker that makes each region's board memo once per period.

Every ``check_interval`` it asks which periods have ended for every region that has
events (from the month of its first event on, at most ``catch_up`` periods back) and
makes the memos not made yet. The database's unique index decides what 'made' means,
so a restart, a crash halfway or a second instance never makes a second memo of a
period, and a period that ended while notify was down is made at the next look.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from shared.observability.metrics import MEMOS_GENERATED
from services.notify.domain.memo_schedule import MemoKind, due_periods, following
from services.notify.handlers.context import NotifyContext
from services.notify.handlers.memos import MemoOrder, produce_memo
from services.notify.settings import MemoScheduleSettings

log = logging.getLogger(__name__)


class MemoScheduler:
    def __init__(self, uow_factory: Callable[[], Any], context: NotifyContext, settings: MemoScheduleSettings) -> None:
        self._uow_factory, self._context, self._settings = uow_factory, context, settings
        self._task: asyncio.Task[None] | None = None
        self.last_error: str | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="notify-memo-schedule")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def run_once(self) -> int:
        """Makes every due memo not made yet; returns how many this call made."""
        now = self._context.clock()
        async with self._uow_factory() as uow:
            first_events = await uow.memos.first_events()
            done = await uow.memos.scheduled_periods()
        made = 0
        for region, first in sorted(first_events.items()):
            if region not in self._context.reference.regions:
                continue
            frequency = self._settings.frequency_for(region)
            for period in due_periods(first, now, frequency, self._settings.delay, self._settings.catch_up_periods):
                if (region, *period) not in done:
                    made += await self._make(region, period, following(period, frequency))
        return made

    async def _make(self, region: str, period: tuple[Any, Any], next_period: tuple[Any, Any]) -> int:
        order = MemoOrder(region, period[0], period[1], MemoKind.SCHEDULED, "schedule", next_period)
        result = await produce_memo(order, self._uow_factory(), self._context)
        MEMOS_GENERATED.labels("notify", "schedule", "made" if result else "already_made").inc()
        if result:
            log.info("scheduled memo made", extra={"region": region, "period_start": str(period[0])})
        return 1 if result else 0

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
                self.last_error = None
            except Exception as error:  # keep the schedule alive: the next look makes what is missing
                self.last_error = f"{type(error).__name__}: {error}"
                log.exception("memo schedule round failed")
            await asyncio.sleep(self._settings.check_interval_seconds)
