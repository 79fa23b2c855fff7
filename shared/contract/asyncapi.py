"""Each service's AsyncAPI 3.0 document, generated from the contract itself.

What a consumer generator needs is all here: one channel per topic (with its Kafka
partitions and retention), every message's payload schema, its ``ce_*`` headers schema,
its Kafka key (the region code), the correlation id's location and an example; the
service's consumer groups with the types they apply; its dead-letter topic with the
``dlq_*`` headers; servers per environment with the SASL/SCRAM security scheme.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from shared.contract.catalogue import CATALOGUE
from shared.contract.envelope import IntegrationEvent
from shared.contract.asyncapi_messages import KAFKA_BINDING_VERSION, dead_letter_message, event_message, payload_schemas, summary
from shared.contract.topics import TopicSpec, all_topics, event_topic

ASYNCAPI_VERSION = "3.0.0"
DOCUMENT_VERSION = "1.0.0"
CONTACT = {"name": "Weerbaar beheer", "url": "https://weerbaar.nl/contact", "email": "beheer@weerbaar.nl"}
SECURITY = [{"$ref": "#/components/securitySchemes/scramSha512"}]
SERVERS: dict[str, Any] = {
    "local": {
        "host": "127.0.0.1:19092", "protocol": "kafka", "title": "make up",
        "description": "A developer's machine (`make up`): SASL_PLAINTEXT on loopback.",
        "security": SECURITY,
    },
    "compose": {
        "host": "kafka:9092", "protocol": "kafka", "title": "docker compose",
        "description": "Inside the compose network; from the host the same broker is `127.0.0.1:19092`. SASL_PLAINTEXT.",
        "security": SECURITY,
    },
    "production": {
        "host": "{bootstrap}", "protocol": "kafka-secure", "title": "production",
        "description": "SASL_SSL: TLS, then SCRAM-SHA-512. The operator publishes the real bootstrap address.",
        "variables": {"bootstrap": {"default": "kafka.weerbaar.example:9093",
                                    "description": "Bootstrap address (placeholder)"}},
        "security": SECURITY,
    },
}
SECURITY_SCHEMES = {
    "scramSha512": {
        "type": "scramSha512",
        "description": "SASL/SCRAM-SHA-512 with a principal per client: each service its own, and one per "
        "integrator (read-only on the event topics, consumer groups named `<principal>.*`), "
        "created by an operator (docs/operations.md).",
    }
}
TOLERANT_READER = (
    "Consumers dispatch on `ce_type` before decoding: a type they do not apply is acknowledged unread, "
    "and fields added within the same major version are ignored."
)


@dataclass(frozen=True)
class ConsumerInfo:
    name: str  # e.g. notify.feed
    group_id: str
    topics: Sequence[str]
    handles: Sequence[str]  # event types it applies


@dataclass(frozen=True)
class ServiceInfo:
    name: str
    emits: Sequence[type[IntegrationEvent]]
    consumers: Sequence[ConsumerInfo]
    dead_letter_topic: str
    dead_letter_headers: Iterable[str]


def document(service: ServiceInfo) -> dict[str, Any]:
    topics = {spec.name: spec for spec in all_topics()}
    messages = _message_types(service)
    channels = _event_channels(service, topics)
    channels[service.dead_letter_topic] = _channel(topics[service.dead_letter_topic], {"DeadLetter": _ref_message("DeadLetter")})
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "id": f"urn:weerbaar:{service.name}",
        "info": _info(service),
        "defaultContentType": "application/json",
        "servers": SERVERS,
        "channels": channels,
        "operations": _operations(service),
        "components": {
            "messages": {**{t: event_message(CATALOGUE[t]) for t in messages},
                         "DeadLetter": dead_letter_message(service.name, service.dead_letter_headers)},
            "schemas": payload_schemas(messages),
            "securitySchemes": SECURITY_SCHEMES,
            "correlationIds": {
                "correlationId": {
                    "description": "The request or first event of a chain; every event it causes carries the same.",
                    "location": "$message.header#/ce_correlationid",
                }
            },
        },
    }


def _info(service: ServiceInfo) -> dict[str, Any]:
    return {
        "title": f"Weerbaar {service.name} service",
        "version": DOCUMENT_VERSION,
        "description": (
            f"Events the {service.name} service publishes and consumes. Wire format: CloudEvents 1.0, Kafka "
            "protocol binding, binary mode: the envelope as `ce_*` headers, the data as the JSON value, the Kafka "
            "key the region code (`VR01`..`VR25`, `NL` for national events), so one region's events are in order. "
            "Type names `{domain}.{subject}.{action}.v{major}`; within a major version events change only "
            "additively (docs/events.md). Topics keep their whole history: replay from offset 0. "
            + TOLERANT_READER
        ),
        "contact": CONTACT,
        "tags": [{"name": "weerbaar"}, {"name": service.name}],
    }


def _message_types(service: ServiceInfo) -> list[str]:
    emitted = {cls.TYPE for cls in service.emits}
    consumed = {t for consumer in service.consumers for t in consumer.handles if t in CATALOGUE}
    return sorted(emitted | consumed)


def _event_channels(service: ServiceInfo, topics: dict[str, TopicSpec]) -> dict[str, Any]:
    on_topic: dict[str, set[str]] = {}
    for cls in service.emits:
        on_topic.setdefault(topics_of(cls), set()).add(cls.TYPE)
    for consumer in service.consumers:
        for topic in consumer.topics:
            on_topic.setdefault(topic, set()).update(
                t for t in consumer.handles if t in CATALOGUE and topics_of(CATALOGUE[t]) == topic
            )
    return {
        topic: _channel(topics[topic], {t: _ref_message(t) for t in sorted(types)})
        for topic, types in sorted(on_topic.items())
    }


def topics_of(cls: type[IntegrationEvent]) -> str:
    return event_topic(cls.domain())


def _channel(spec: TopicSpec, messages: dict[str, Any]) -> dict[str, Any]:
    dead = spec.name.endswith(".deadletter")
    description = (
        "Dead letters of this service's consumers: the original key, bytes and headers plus `dlq_*` headers."
        if dead else f"All events of the {spec.name.split('.')[1]} domain, keyed by region code."
    )
    configuration: dict[str, Any] = {
        "cleanup.policy": [spec.config["cleanup.policy"]],
        "retention.ms": int(spec.config["retention.ms"]),
        "retention.bytes": int(spec.config["retention.bytes"]),
    }
    return {
        "address": spec.name,
        "title": spec.name,
        "description": description,
        "messages": messages,
        "servers": [{"$ref": f"#/servers/{name}"} for name in SERVERS],
        "bindings": {"kafka": {"topic": spec.name, "partitions": spec.partitions,
                               "topicConfiguration": configuration, "bindingVersion": KAFKA_BINDING_VERSION}},
    }


def _ref_message(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/messages/{name}"}


def _operations(service: ServiceInfo) -> dict[str, Any]:
    operations: dict[str, Any] = {}
    for cls in sorted(service.emits, key=lambda c: c.TYPE):
        operations[f"publish.{cls.TYPE}"] = {
            "action": "send",
            "title": f"Publish {cls.TYPE}",
            "summary": summary(cls),
            "description": "Published through the transactional outbox: at least once, in order per region.",
            "channel": {"$ref": f"#/channels/{topics_of(cls)}"},
            "messages": [{"$ref": f"#/channels/{topics_of(cls)}/messages/{cls.TYPE}"}],
        }
    for consumer in service.consumers:
        operations[f"consume.{consumer.name}"] = _consume(consumer)
    operations[f"deadletter.{service.name}"] = {
        "action": "send",
        "title": "Park a record a consumer cannot apply",
        "summary": "Unreadable, schema-invalid or rule-breaking records, and those still failing after retries.",
        "channel": {"$ref": f"#/channels/{service.dead_letter_topic}"},
        "messages": [{"$ref": f"#/channels/{service.dead_letter_topic}/messages/DeadLetter"}],
    }
    return operations


def _consume(consumer: ConsumerInfo) -> dict[str, Any]:
    (topic, *others) = consumer.topics
    if others:  # one channel per operation in AsyncAPI 3: a consumer reads one topic here
        raise ValueError(f"consumer {consumer.name} reads several topics; declare one consumer per topic")
    handled = [t for t in sorted(consumer.handles) if t in CATALOGUE]
    return {
        "action": "receive",
        "title": f"Consumer {consumer.name}",
        "summary": f"Applies {len(handled)} event type(s) exactly once (inbox on ce_id).",
        "description": TOLERANT_READER,
        "channel": {"$ref": f"#/channels/{topic}"},
        "messages": [{"$ref": f"#/channels/{topic}/messages/{t}"} for t in handled],
        "bindings": {"kafka": {"groupId": {"type": "string", "const": consumer.group_id},
                               "bindingVersion": KAFKA_BINDING_VERSION}},
    }
