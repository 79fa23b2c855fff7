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
from shared.messaging.broker import create_broker, declare_consumer, declare_publishers
from shared.messaging.consumer import EventConsumer, Handler
from shared.messaging.dead_letters import DeadLetterSink
from shared.messaging.kafka_clients import create_consumer, create_producer, quiet_client_logs
from shared.messaging.kafka_consumer import KafkaConsumerEngine
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
    for spec in subscriptions(service):
        service.consumers.append(_consumer(service, spec, producer_factory))
    quiet_client_logs()
    return service


def _consumer(service: Service, spec: Subscription, producer_factory: Callable[[], Any]) -> KafkaConsumerEngine:
    settings = service.settings
    if not service.dead_letters:
        service.dead_letters.append(DeadLetterSink(
            dead_letter_topic(service.name), producer_factory,
            settings.consumer.dead_letter_max_bytes, settings.consumer.dead_letter_keep_bytes,
        ))
    name = f"{service.name}.{spec.consumer}"
    consumer = EventConsumer(name, spec.topics, spec.handlers, service.uow_factory, service.dead_letters[0],
                             settings.consumer, service.name, service.database_answers)
    group_id = f"{settings.kafka.group_prefix}.{name}"
    declare_consumer(service.broker, consumer, group_id)
    factory = partial(create_consumer, settings.kafka, group_id, f"weerbaar-{name}", settings.consumer.max_record_bytes)
    return KafkaConsumerEngine(consumer, group_id, factory, settings.consumer)
