"""FastStream wiring: the broker, the subscriptions, and the declared publishers.

Subscriptions use manual acknowledgement: the offset is committed only after
the ``EventConsumer`` has committed the effect (or parked the message as a dead
letter). The body is handed over raw, because decoding belongs to the consumer,
which must dead-letter what it cannot decode instead of failing inside FastStream.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.kafka.subscriber.usecase import LogicSubscriber
from faststream.security import BaseSecurity, SASLScram256, SASLScram512

from shared.contract.envelope import IntegrationEvent
from shared.contract.schema import data_model
from shared.contract.topics import event_topic
from shared.messaging.consumer import EventConsumer
from shared.messaging.records import ReceivedRecord
from shared.settings import KafkaSettings

log = logging.getLogger(__name__)


def broker_security(settings: KafkaSettings) -> BaseSecurity | None:
    """FastStream's form of the SASL settings that client_options gives plain aiokafka clients."""
    if not settings.sasl_mechanism:
        return None
    mechanism = {"SCRAM-SHA-512": SASLScram512, "SCRAM-SHA-256": SASLScram256}[settings.sasl_mechanism.upper()]
    password = settings.sasl_password.get_secret_value() if settings.sasl_password else ""
    return mechanism(settings.sasl_username or "", password, use_ssl=settings.security_protocol == "SASL_SSL")


def create_broker(settings: KafkaSettings, service: str) -> KafkaBroker:
    return KafkaBroker(
        # A list: FastStream would pass "host1:port1,host2:port2" on as one address.
        [server.strip() for server in settings.bootstrap_servers.split(",")],
        security=broker_security(settings),
        # Topics are provisioned by the operator (shared.ops.kafka_access); a service may not create any.
        allow_auto_create_topics=False,
        client_id=f"weerbaar-{service}",
        acks="all",
        enable_idempotence=True,
        graceful_timeout=15.0,  # shutdown waits for the message in hand
        description=f"Weerbaar {service} service",
    )


async def _raw_body(message: object) -> object:
    return getattr(message, "body", None)


def subscribe(
    broker: KafkaBroker,
    consumer: EventConsumer,
    topics: Iterable[str],
    settings: KafkaSettings,
) -> LogicSubscriber:
    handled = ", ".join(sorted(consumer.handlers)) or "nothing yet"

    async def on_message(message: KafkaMessage) -> None:
        try:
            await consumer.process(ReceivedRecord.from_consumer_record(message.raw_message))
        except BaseException:
            # Not applied and not dead-lettered (shutdown, or a bug): rewind, so the
            # next commit cannot move past this record.
            await message.nack()
            raise
        await message.ack()

    on_message.__name__ = f"{consumer.name.replace('.', '_')}_on_message"
    subscriber = broker.subscriber(
        *topics,
        group_id=f"{settings.group_prefix}.{consumer.name}",
        ack_policy=AckPolicy.MANUAL,
        auto_offset_reset=settings.auto_offset_reset,  # type: ignore[arg-type]
        decoder=_raw_body,
        title=f"{consumer.name}",
        description=f"Consumer {consumer.name}; applies: {handled}. Others are acknowledged and skipped.",
    )
    subscriber(on_message)
    return subscriber


def declare_publishers(broker: KafkaBroker, events: Iterable[type[IntegrationEvent]]) -> None:
    """Declare each event type the service emits, so the AsyncAPI document lists it.
    (The outbox relay does the actual publishing.)"""
    for cls in events:
        broker.publisher(
            event_topic(cls.domain()),
            title=cls.TYPE,
            description=(cls.__doc__ or "").strip(),
            schema=data_model(cls),
        )
