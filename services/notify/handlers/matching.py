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
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any
from uuid import UUID

from services.notify.domain.event_view import EventView
from services.notify.domain.subscription import Subscription
from services.notify.domain.visibility import PublicFlags, about_noodsteunpunt, needs_public_flag, public_flag


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


async def reached_by(views: list[EventView], index: SubscriptionIndex, uow: Any) -> tuple[list[list[Subscription]], PublicFlags]:
    """Per event of a run (in order), the subscriptions that want it and whose owners may
    see it; and the public flags the run carries (the last per noodsteunpunt), which the
    caller remembers for later events, which do not carry it. An event of the run sees the
    flag an earlier one carried, as if they had been applied one at a time; a flag looked up
    here is as it was before the run. The whole run is matched against one copy of the
    subscriptions (a change shows from the next run on)."""
    subscriptions = await index.current(uow)
    carried: PublicFlags = {}  # as of the event at hand
    reached = []
    for view in views:
        flag, noodsteunpunt = public_flag(view), _noodsteunpunt_id(view)
        if flag is not None and noodsteunpunt:
            carried[noodsteunpunt] = (flag, view.time)
        reached.append(await _reaching(view, subscriptions, flag, partial(_public_as_of, view, carried, uow)))
    return reached, carried


async def _reaching(view: EventView, subscriptions: list[Subscription], flag: bool | None,
                    known_public: Callable[[], Awaitable[bool]]) -> list[Subscription]:
    """Matched from memory; the remembered public flag is read only when a subscriber's scope needs it."""
    reached, public = [], flag
    for subscription in subscriptions:
        if not subscription.matches(view.type, view.region_code, view.municipality_code):
            continue
        if public is None and needs_public_flag(subscription.owner.scope, view):
            public = await known_public()
        if subscription.wants(view, bool(public)):
            reached.append(subscription)
    return reached


async def _public_as_of(view: EventView, carried: PublicFlags, uow: Any) -> bool:
    noodsteunpunt = _noodsteunpunt_id(view)
    if noodsteunpunt in carried:
        return carried[noodsteunpunt][0]
    return await _known_public(view, uow)


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
