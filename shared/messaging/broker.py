"""FastStream as the service's description: the declared publishers and consumers, from
which the AsyncAPI document is generated, and a connection for the Kafka health probe.

FastStream does not consume or publish here. Its subscribers are declared but never
started: consuming is done by ``shared.messaging.kafka_consumer`` (aiokafka directly),
because FastStream's Kafka ack policies either commit before the effect (ACK_FIRST),
commit even when the handler raised (ACK) or re-read a poison record forever
(NACK_ON_ERROR). Publishing is done by the outbox relay.
"""

from __future__ import annotations

from collections.abc import Iterable

from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.security import BaseSecurity, SASLScram256, SASLScram512

from shared.contract.envelope import IntegrationEvent
from shared.contract.schema import data_model
from shared.contract.topics import event_topic
from shared.messaging.consumer import EventConsumer
from shared.settings import KafkaSettings


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
        description=f"Weerbaar {service} service",
    )


def declare_consumer(broker: KafkaBroker, consumer: EventConsumer, group_id: str) -> None:
    """List the consumer in the AsyncAPI document (FastStream never runs it)."""
    handled = ", ".join(consumer.handled_types) or "nothing yet"

    async def described_only(message: KafkaMessage) -> None:
        raise RuntimeError("declared for the AsyncAPI document only; shared.messaging.kafka_consumer consumes")

    described_only.__name__ = f"{consumer.name.replace('.', '_')}_on_message"
    subscriber = broker.subscriber(
        *consumer.topics,
        group_id=group_id,
        title=consumer.name,
        description=f"Consumer {consumer.name}; applies: {handled}. Others are acknowledged and skipped.",
    )
    subscriber(described_only)


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
