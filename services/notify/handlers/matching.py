"""Which subscriptions an event reaches, decided from memory.

The active subscriptions are kept in memory and every event is matched against
them without a query. The copy is reloaded after this process changed a
subscription, and at the latest ``max_age`` seconds after it was loaded, so a
change made through another replica counts within that time. A subscription that
ended meanwhile may still be matched by an older copy: its queued messages are
cancelled before they are sent (``DeliveryRepository.cancel_for_ended_subscriptions``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any
from uuid import UUID

from services.notify.domain.event_view import EventView
from services.notify.domain.subscription import Subscription
from services.notify.domain.visibility import about_noodsteunpunt, needs_public_flag, public_flag


class SubscriptionIndex:
    def __init__(self, max_age: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._max_age, self._monotonic = max_age, monotonic
        self._subscriptions: list[Subscription] | None = None
        self._loaded_at = 0.0
        self._generation = 0
        self._lock = asyncio.Lock()
        self.loads = 0  # how often the database was asked: for tests and the status page

    def invalidate(self) -> None:
        """A subscription changed (committed): the next event reads the list again."""
        self._generation += 1
        self._subscriptions = None

    async def current(self, uow: Any) -> list[Subscription]:
        if self._fresh():
            return self._subscriptions  # type: ignore[return-value]
        async with self._lock:  # one reload, however many consumers ask at once
            if self._fresh():
                return self._subscriptions  # type: ignore[return-value]
            generation = self._generation
            loaded = await uow.subscriptions.active()
            self.loads += 1
            if generation == self._generation:  # no change was committed while it loaded
                self._subscriptions, self._loaded_at = loaded, self._monotonic()
            return loaded

    def _fresh(self) -> bool:
        return self._subscriptions is not None and self._monotonic() - self._loaded_at < self._max_age


async def reached_by(view: EventView, index: SubscriptionIndex, uow: Any) -> list[Subscription]:
    """The subscriptions that want ``view`` and whose owners may see it."""
    flag = public_flag(view)
    noodsteunpunt = _noodsteunpunt_id(view)
    if flag is not None and noodsteunpunt:  # remembered for its later events, which do not carry it
        await uow.subscriptions.remember_public_flag(noodsteunpunt, flag, view.time)
    reached, public = [], flag
    for subscription in await index.current(uow):
        if not subscription.matches(view.type, view.region_code, view.municipality_code):
            continue
        if public is None and needs_public_flag(subscription.owner.scope, view):
            public = await _known_public(view, uow)
        if subscription.wants(view, bool(public)):
            reached.append(subscription)
    return reached


async def _known_public(view: EventView, uow: Any) -> bool:
    noodsteunpunt = _noodsteunpunt_id(view)
    return bool(noodsteunpunt) and await uow.subscriptions.public_flag(noodsteunpunt)


def _noodsteunpunt_id(view: EventView) -> UUID | None:
    """Read tolerantly: a noodsteunpunt event without a readable id counts as not public."""
    if not about_noodsteunpunt(view):
        return None
    try:
        return UUID(str(view.data.get("noodsteunpunt_id")))
    except ValueError:
        return None
