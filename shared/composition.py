"""Assembles a service from its parts; each service's ``bootstrap.py`` calls it.

Nothing here runs at import time: engines, brokers and clients are built when a
composition root asks, from the settings it passes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from fastapi import APIRouter

from shared.auth.tokens import TokenVerifier
from shared.contract.envelope import IntegrationEvent
from shared.contract.topics import dead_letter_topic
from shared.db.engine import create_engine, create_session_factory
from shared.messaging.broker import create_broker, declare_publishers, subscribe
from shared.messaging.consumer import EventConsumer, Handler
from shared.messaging.dead_letters import DeadLetterSink
from shared.messaging.kafka_clients import create_producer
from shared.messaging.relay import OutboxRelay, PublishedCallback
from shared.messaging.tables import MessagingTables
from shared.messaging.unit_of_work import UnitOfWork
from shared.refdata import load_reference_data
from shared.service import Service
from shared.settings import Settings


@dataclass(frozen=True)
class Subscription:
    """One consumer group: the topics it reads and the handler per event type."""

    consumer: str
    topics: Sequence[str]
    handlers: Mapping[str, Handler]


def assemble(
    name: str,
    settings: Settings,
    tables: MessagingTables,
    uow_class: type[UnitOfWork],
    emits: Iterable[type[IntegrationEvent]],
    routers: Iterable[APIRouter],
    subscriptions: Callable[[Service], Iterable[Subscription]] = lambda _: (),
    on_published: PublishedCallback | None = None,
) -> Service:
    engine = create_engine(settings.db)
    session_factory = create_session_factory(engine)
    producer_factory = partial(create_producer, settings.kafka, f"weerbaar-{name}")
    relay = OutboxRelay(engine, tables, producer_factory, settings.outbox, name, on_published)
    source = f"/weerbaar/{name}"
    uow_factory: Callable[[], Any] = partial(uow_class, session_factory, tables, source, relay.wake)
    reference = load_reference_data()
    broker = create_broker(settings.kafka, name)
    service = Service(
        name=name,
        settings=settings,
        engine=engine,
        session_factory=session_factory,
        tables=tables,
        broker=broker,
        relay=relay,
        reference=reference,
        token_verifier=TokenVerifier(settings.auth, reference),
        uow_factory=uow_factory,
        routers=list(routers),
        emits=list(emits),
    )
    declare_publishers(broker, service.emits)
    sink = DeadLetterSink(dead_letter_topic(name), producer_factory, settings.consumer.max_backoff_seconds)
    service.dead_letters.append(sink)
    for spec in subscriptions(service):
        consumer = EventConsumer(f"{name}.{spec.consumer}", spec.topics, spec.handlers, uow_factory, sink, settings.consumer)
        subscribe(broker, consumer, spec.topics, settings.kafka)
        service.consumers.append(consumer)
    return service
