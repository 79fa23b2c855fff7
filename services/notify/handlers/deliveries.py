"""Sends what is due, one delivery per transaction: the row stays locked while its
attempt runs, so two workers never send the same message, and the attempt, its
answer and the resulting event commit together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shared.contract.notify import NotificationFailed, NotificationSent
from services.notify.adapters.senders import SendFailed, SmtpSender, WebhookSender
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.domain.delivery import Channel, Delivery, EndpointHealth, Status
from services.notify.handlers.context import NotifyContext


@dataclass
class Senders:
    email: SmtpSender
    webhook: WebhookSender


async def deliver_due(uow_factory: Callable[[], Any], context: NotifyContext, senders: Senders, limit: int = 50) -> int:
    """Attempts up to ``limit`` due deliveries; returns how many it attempted or postponed."""
    handled = 0
    while handled < limit:
        async with uow_factory() as uow:
            delivery = await uow.deliveries.claim_due(context.clock())
            if delivery is None:
                return handled
            await _attempt(delivery, uow, context, senders)
            await uow.commit()
        handled += 1
    return handled


async def _attempt(delivery: Delivery, uow: NotifyUnitOfWork, context: NotifyContext, senders: Senders) -> None:
    now = context.clock()
    if delivery.channel is Channel.WEBHOOK and delivery.endpoint_id:
        await _attempt_webhook(delivery, uow, context, senders)
    else:
        try:
            delivery.succeeded(now, await senders.email.send(delivery, now))
        except SendFailed as error:
            delivery.failed(now, str(error), context.policy)
    await uow.deliveries.save(delivery)
    _announce(delivery, uow)


async def _attempt_webhook(delivery: Delivery, uow: NotifyUnitOfWork, context: NotifyContext, senders: Senders) -> None:
    now = context.clock()
    assert delivery.endpoint_id is not None
    endpoint = await uow.endpoints.get_locked(delivery.endpoint_id)
    health = EndpointHealth(endpoint.consecutive_failures, endpoint.paused_until)
    if health.paused(now):
        delivery.wait_until(health.paused_until)  # type: ignore[arg-type]
        return
    try:
        delivery.succeeded(now, await senders.webhook.send(delivery, now, list(endpoint.secrets)))
        health.succeeded()
    except SendFailed as error:
        delivery.failed(now, str(error), context.policy)
        health.failed(now, context.policy)
    await uow.endpoints.save_health(delivery.endpoint_id, health)


def _announce(delivery: Delivery, uow: NotifyUnitOfWork) -> None:
    common: dict[str, Any] = {
        "subject": f"delivery/{delivery.id}", "region_code": delivery.region_code, "delivery_id": delivery.id,
        "kind": delivery.dedupe_key.split(":", 1)[0], "channel": delivery.channel.value,
        "subscription_id": delivery.subscription_id, "attempts": max(delivery.attempts, 1),
    }
    if delivery.status is Status.SENT:
        uow.emit(NotificationSent(**common))
    elif delivery.status is Status.DEAD:
        uow.emit(NotificationFailed(**common, reason=delivery.dead_reason or "unknown"))
