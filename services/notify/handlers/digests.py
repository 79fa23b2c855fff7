"""Daily and weekly digests: one email per subscriber and window, gathering what is pending."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import uuid4

from services.notify.domain.delivery import Channel, Delivery
from services.notify.domain.digest import DigestLine, digest_text, last_complete_window
from services.notify.domain.subscription import Frequency, Kind, Subscription
from services.notify.handlers.context import NotifyContext


async def send_digests(uow_factory: Callable[[], Any], context: NotifyContext) -> int:
    """Queues the digest of every subscriber whose last whole day or week has pending items; returns how many.

    Subscribers come from memory and one query per frequency finds who has something
    waiting, so a round with nothing to send costs two queries, however many digest
    subscribers there are."""
    now = context.clock()
    subscribers: list[Subscription] = []
    async with uow_factory() as uow:
        active = await context.subscriptions.current(uow)
        for frequency in (Frequency.DAILY, Frequency.WEEKLY):
            candidates = [s for s in active if s.kind is Kind.PERSON and s.frequency is frequency]
            end = last_complete_window(frequency, now).end
            waiting = await uow.deliveries.with_pending_digest([s.id for s in candidates], before=end) if candidates else set()
            subscribers += [s for s in candidates if s.id in waiting]
    queued = 0
    for subscription in subscribers:
        async with uow_factory() as uow:
            if await _queue_digest(subscription, uow, context):
                queued += 1
            await uow.commit()
    return queued


async def _queue_digest(subscription: Subscription, uow: Any, context: NotifyContext) -> bool:
    now = context.clock()
    window = last_complete_window(subscription.frequency, now)
    pending = await uow.deliveries.pending_digest(subscription.id, before=window.end)
    if not pending:
        return False  # nothing happened: no empty digest
    lines = [DigestLine(n.occurred_at, n.title, n.link) for n in pending]
    subject, body = digest_text(subscription.frequency, window, subscription.name, lines)
    delivery = Delivery(
        id=uuid4(), dedupe_key=f"digest:{subscription.id}:{window.start.isoformat()}", channel=Channel.EMAIL,
        recipient=subscription.email or "", subject=subject, body=body,
        region_code=subscription.region_code or "NL", next_attempt_at=now, subscription_id=subscription.id,
    )
    if not await uow.deliveries.queue(delivery, now):
        return False  # this window's digest was already sent; what is left waits for the next one
    await uow.deliveries.mark_digested([n.id for n in pending], delivery.id)
    return True
