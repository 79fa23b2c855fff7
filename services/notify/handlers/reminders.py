"""Sends the invitations and reminders whose moment has come, to the activity's audience."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from services.notify.domain.reminders import Activity, ReminderKind, reminder_text
from services.notify.handlers.context import NotifyContext
from services.notify.handlers.deliveries import Document, enqueue_document


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
    """One message per person of the audience, even if they hold several subscriptions."""
    activity = _activity(row.activity)
    kind = ReminderKind(row.kind)
    link = context.link(activity.subject)
    audience = [s for s in await context.subscriptions.current(uow) if s.in_audience(activity.audience, activity.region_code)]
    subject, _ = reminder_text(kind, activity, None, link)
    document = Document(key=f"reminder:{activity.activity_id}:{kind.value}", region_code=activity.region_code,
                        subject=subject, body=lambda subscription: reminder_text(kind, activity, subscription.name, link)[1])
    await enqueue_document(document, audience, uow, context.clock())


def _activity(stored: dict[str, Any]) -> Activity:
    return Activity(**{**stored, "activity_id": UUID(stored["activity_id"]),
                       "starts_at": datetime.fromisoformat(stored["starts_at"])})
