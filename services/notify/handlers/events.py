"""What happens when notify hears of an event, whatever its type: it joins the feed,
every matching subscriber gets one notification (sent now, or kept for a digest),
and a scheduled campaign activity gets its invitation and reminders planned.

Runs inside the consumer's unit of work (inbox claim and effects commit together).
The unique (event, subscription) notification and the delivery's dedupe key make a
redelivered event a no-op even if it were to pass the inbox.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from typing import Any
from uuid import UUID

from shared.contract.envelope import IntegrationEvent
from shared.messaging.consumer import Batchable
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.domain import reminders
from services.notify.domain.delivery import Channel, Delivery, event_delivery_id, webhook_body
from services.notify.domain.event_view import EventView
from services.notify.domain.feed import feed_item_for
from services.notify.domain.subscription import Frequency, Kind, Subscription
from services.notify.handlers.context import NotifyContext
from services.notify.handlers.matching import reached_by


async def on_events(events: list[IntegrationEvent], uow: NotifyUnitOfWork, context: NotifyContext) -> None:
    """A run of consecutive events (one, when applied alone), with the same rows as one at
    a time: matching from memory, then the feed items and the run's public flags in one
    statement (after matching, which may look a flag up as it was before the run), and the
    per-event work only for an event that reaches someone or schedules an activity, in the
    run's order. Emits no events, as ``Batchable`` asks."""
    views = [EventView.of(event) for event in events]
    reached, public_flags = await reached_by(views, context.subscriptions, uow)
    await uow.feed.add_many([feed_item_for(view, context.title(view)) for view in views], public_flags)
    for event, view, subscriptions in zip(events, views, reached):
        await _reach(event, view, subscriptions, uow, context)


def handler(context: NotifyContext) -> Batchable:
    """What the consumers call for every event type: consecutive events are applied together."""
    return Batchable(partial(on_event, context=context), partial(on_events, context=context))


async def on_event(event: IntegrationEvent, uow: NotifyUnitOfWork, context: NotifyContext) -> None:
    await on_events([event], uow, context)


async def _reach(event: IntegrationEvent, view: EventView, subscriptions: list[Subscription], uow: NotifyUnitOfWork,
                 context: NotifyContext) -> None:
    """The event's subscribers are notified; a scheduled activity gets its reminders planned."""
    for subscription in subscriptions:
        await notify(view, subscription, uow, context, correlation_id=event.correlation_id or event.id)
    if view.type == reminders.ACTIVITY_SCHEDULED:
        await plan_reminders(view, uow, context)


async def notify(view: EventView, subscription: Subscription, uow: NotifyUnitOfWork, context: NotifyContext,
                 correlation_id: UUID | None = None) -> None:
    message = context.message(view, subscription.name)
    now = context.clock()
    immediate = subscription.frequency is Frequency.IMMEDIATE
    fresh = await uow.deliveries.add_notification({
        "event_id": view.id, "subscription_id": subscription.id, "event_type": view.type,
        "region_code": view.region_code, "subject": view.subject, "title": message.title,
        "link": context.link(view.subject), "occurred_at": view.time, "created_at": now,
        "state": "immediate" if immediate else "digest_pending",
    })
    if not fresh or not immediate:
        return
    delivery = Delivery(
        id=event_delivery_id(view.id, subscription.id), dedupe_key=f"event:{view.id}:{subscription.id}",
        channel=Channel.EMAIL, recipient=subscription.email or "", subject=message.title, body=message.body,
        region_code=view.region_code, next_attempt_at=now, subscription_id=subscription.id,
        event_id=view.id, event_type=view.type, correlation_id=correlation_id or view.id, causation_id=view.id,
    )
    if subscription.kind is Kind.ENDPOINT:
        endpoint = await uow.endpoints.get(subscription.endpoint_id)  # type: ignore[arg-type]
        if endpoint is None:
            return  # cannot happen (foreign key); nothing to send to
        delivery.channel, delivery.recipient, delivery.endpoint_id = Channel.WEBHOOK, endpoint.url, endpoint.id
        delivery.body = webhook_body(view.type, view.time, _webhook_data(view, message.title, context))
    await uow.deliveries.queue(delivery, now)


def _webhook_data(view: EventView, title: str, context: NotifyContext) -> dict[str, Any]:
    return {
        "id": str(view.id), "subject": view.subject, "region_code": view.region_code,
        "municipality_code": view.municipality_code, "title": title, "link": context.link(view.subject),
        **view.data,
    }


async def plan_reminders(view: EventView, uow: NotifyUnitOfWork, context: NotifyContext) -> None:
    activity = reminders.Activity.from_event(view)
    if activity is None:
        return  # not enough facts to remind anyone; the feed and subscribers still have the event
    stored = {**asdict(activity), "activity_id": str(activity.activity_id), "starts_at": activity.starts_at.isoformat()}
    now = context.clock()
    # Reminders are planned against notify's clock: an activity announced late skips what has passed.
    for reminder in reminders.plan(activity, max(now, view.time)):
        await uow.reminders.plan(reminder, stored, now)
