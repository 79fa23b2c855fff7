"""Sends the invitations and reminders whose moment has come, to the activity's audience."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from services.notify.domain.delivery import Channel, Delivery
from services.notify.domain.reminders import Activity, ReminderKind, reminder_text
from services.notify.handlers.context import NotifyContext


async def send_due_reminders(uow_factory: Callable[[], Any], context: NotifyContext, limit: int = 50) -> int:
    sent = 0
    while sent < limit:
        async with uow_factory() as uow:
            row = await uow.reminders.claim_due(context.clock())
            if row is None:
                return sent
            await _queue_for_audience(row, uow, context)
            await uow.reminders.mark_sent(row.id, context.clock())
            await uow.commit()
        sent += 1
    return sent


async def _queue_for_audience(row: Any, uow: Any, context: NotifyContext) -> None:
    activity = _activity(row.activity)
    kind = ReminderKind(row.kind)
    now = context.clock()
    recipients: dict[str, Any] = {}
    for subscription in await uow.subscriptions.active():
        if subscription.in_audience(activity.audience, activity.region_code) and subscription.email:
            # One message per person, even if they hold several subscriptions.
            recipients.setdefault(subscription.email.lower(), subscription)
    for email, subscription in recipients.items():
        subject, body = reminder_text(kind, activity, subscription.name, context.link(activity.subject))
        await uow.deliveries.queue(Delivery(
            id=uuid4(), dedupe_key=f"reminder:{activity.activity_id}:{kind.value}:{email}", channel=Channel.EMAIL,
            recipient=subscription.email, subject=subject, body=body, region_code=activity.region_code,
            next_attempt_at=now, subscription_id=subscription.id,
        ), now)


def _activity(stored: dict[str, Any]) -> Activity:
    return Activity(**{**stored, "activity_id": UUID(stored["activity_id"]),
                       "starts_at": datetime.fromisoformat(stored["starts_at"])})
