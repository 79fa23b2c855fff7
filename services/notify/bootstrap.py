"""Composition root of the notify service."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from shared.composition import Subscription, assemble
from shared.net import AddressGuard, Resolver, system_resolver
from shared.contract.catalogue import events_of
from shared.service import Service
from shared.settings import Settings
from services.notify.adapters.senders import SmtpSender, WebhookSender
from services.notify.adapters.tables import messaging
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.domain.clock import Clock
from services.notify.domain.messages import TemplateBook
from services.notify.entrypoints.http import router as feed_router
from services.notify.domain.public_alerts import Sender
from services.notify.entrypoints.http_memos import router as memo_router
from services.notify.entrypoints.http_public import router as public_router
from services.notify.entrypoints.http_subscriptions import router as subscription_router
from services.notify.entrypoints.http_reminders import router as reminder_router
from services.notify.entrypoints.kafka import subscriptions
from services.notify.entrypoints.memo_schedule import MemoScheduler
from services.notify.entrypoints.scheduler import DeliveryWorker, NotifyWorkers, Scheduler
from services.notify.handlers.context import NotifyContext
from services.notify.handlers.deliveries import DeliveryOptions, Senders
from services.notify.handlers.matching import SubscriptionIndex
from services.notify.settings import NotifySettings

NAME = "notify"
TEMPLATES = Path(__file__).parent / "templates"


def bootstrap(settings: Settings | None = None, notify_settings: NotifySettings | None = None,
              clock: Clock | None = None, resolver: Resolver = system_resolver) -> Service:
    own = notify_settings or NotifySettings()
    guard = AddressGuard(own.outbound_policy(), resolver)

    def consumers(service: Service) -> list[Subscription]:
        # Built here so the context shares the reference data assemble already loaded.
        context = NotifyContext(
            TemplateBook.load(TEMPLATES), service.reference, own.link_base_url, clock or Clock(), own.retry_policy(),
            subscriptions=SubscriptionIndex(own.subscription_cache_seconds), guard=guard,
            confirmation_valid_for=timedelta(days=own.confirmation_days),
            max_pending_confirmations=own.max_pending_confirmations,
        )
        service.extras.update(context=context, clock=context.clock)
        return subscriptions(service, context=context, sender=Sender(own.cap_sender, own.link_base_url))

    service = assemble(
        NAME,
        settings or Settings(service_name=NAME),
        messaging,
        NotifyUnitOfWork,
        emits=events_of(NAME),
        routers=[feed_router, subscription_router, memo_router, reminder_router, public_router],
        subscriptions=consumers,
    )
    context: NotifyContext = service.extras["context"]
    senders = Senders(
        SmtpSender(own.smtp_host, own.smtp_port, own.smtp_sender, own.smtp_timeout_seconds),
        WebhookSender(guard, own.webhook_timeout_seconds, own.concurrency),
    )
    longest_send = timedelta(seconds=2 * max(own.webhook_timeout_seconds, own.smtp_timeout_seconds))
    options = DeliveryOptions(own.batch_size, own.concurrency, own.smtp_connections,
                              timedelta(seconds=own.claim_lease_seconds), longest_send)
    scheduler = Scheduler(service.uow_factory, context, own.poll_interval_seconds, own.batch_size)
    delivery = DeliveryWorker(service.uow_factory, context, senders, own.poll_interval_seconds, options,
                              grace=2 * own.webhook_timeout_seconds + 1)
    memo_schedule = MemoScheduler(service.uow_factory, context, own.memo_schedule())
    service.workers += [scheduler, delivery, memo_schedule]
    # The loops' state (running, last round, last error, queue depth) for readiness and status pages.
    service.extras["worker"] = NotifyWorkers(scheduler, delivery)
    service.extras["memo_schedule"] = memo_schedule
    return service
