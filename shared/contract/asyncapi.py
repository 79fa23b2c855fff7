"""Each service's AsyncAPI 3.0 document, generated from the contract itself.

What a consumer generator needs is all here: one channel per topic (with its Kafka
partitions and retention), every message's payload schema, its ``ce_*`` headers schema,
its Kafka key (the region code), the correlation id's location and an example; the
service's consumer groups with the types they apply; its dead-letter topic with the
``dlq_*`` headers; servers per environment with the SASL/SCRAM security scheme.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from shared.contract.catalogue import CATALOGUE
from shared.contract.envelope import IntegrationEvent
from shared.contract.examples import example_record
from shared.contract.headers import dead_letter_headers_schema, event_headers_schema, region_key_schema
from shared.contract.snapshots import data_schema
from shared.contract.topics import TopicSpec, all_topics, event_topic

ASYNCAPI_VERSION = "3.0.0"
KAFKA_BINDING_VERSION = "0.5.0"
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
            "messages": {**{t: _message(CATALOGUE[t]) for t in messages}, "DeadLetter": _dead_letter(service)},
            "schemas": _schemas(messages),
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
            "summary": _summary(cls),
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


def _summary(cls: type[IntegrationEvent]) -> str:
    return (cls.__doc__ or "").strip().split("\n")[0] or cls.TYPE


def _message(cls: type[IntegrationEvent]) -> dict[str, Any]:
    example = example_record(cls)
    return {
        "name": cls.TYPE,
        "title": cls.TYPE,
        "summary": _summary(cls),
        "contentType": "application/json",
        "headers": event_headers_schema(cls.TYPE),
        "payload": {"$ref": f"#/components/schemas/{cls.TYPE}"},
        "correlationId": {"$ref": "#/components/correlationIds/correlationId"},
        "tags": [{"name": cls.domain()}],
        "bindings": {"kafka": {"key": region_key_schema(), "bindingVersion": KAFKA_BINDING_VERSION}},
        "examples": [{"name": "example", "summary": f"{cls.TYPE} in Brabant-Noord",
                      "headers": example["headers"], "payload": example["payload"]}],
    }


def _dead_letter(service: ServiceInfo) -> dict[str, Any]:
    return {
        "name": "DeadLetter",
        "title": f"Dead letter of {service.name}",
        "summary": "The original record (key, bytes, headers) with why, where from and who gave up.",
        "contentType": "application/octet-stream",
        "headers": dead_letter_headers_schema(service.dead_letter_headers),
        "payload": {"type": "string", "description": "The original value, byte for byte (usually JSON)."},
        "bindings": {"kafka": {"key": region_key_schema(), "bindingVersion": KAFKA_BINDING_VERSION}},
        "examples": [{
            "name": "unreadable",
            "summary": "A record whose value is not JSON",
            "headers": {"ce_specversion": "1.0", "ce_type": "inventory.pilot.started.v1",
                        "dlq_reason": "UnreadableMessage: value is not JSON",
                        "dlq_origin_topic": "weerbaar.inventory.events", "dlq_origin_partition": "3",
                        "dlq_origin_offset": "42", "dlq_consumer": f"{service.name}.example",
                        "dlq_failed_at": "2025-11-03T09:30:00+00:00", "dlq_attempts": "1"},
            "payload": "{not json",
        }],
    }


def _schemas(types: Iterable[str]) -> dict[str, Any]:
    """Each message's payload, its nested models as their own schemas (refs rewritten)."""
    schemas: dict[str, Any] = {}
    for event_type in types:
        schema = data_schema(CATALOGUE[event_type])
        for name, nested in schema.pop("$defs", {}).items():
            nested = _tolerant(_rewrite_refs(nested))
            if schemas.setdefault(name, nested) != nested:
                raise ValueError(f"two different nested models are called {name}")
        schemas[event_type] = _tolerant(_rewrite_refs(schema))
    return dict(sorted(schemas.items()))


def _rewrite_refs(schema: Any) -> Any:
    if isinstance(schema, list):
        return [_rewrite_refs(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    return {
        key: value.replace("#/$defs/", "#/components/schemas/") if key == "$ref" else _rewrite_refs(value)
        for key, value in schema.items()
    }


def _tolerant(schema: dict[str, Any]) -> dict[str, Any]:
    """Readers must accept fields added within the major version: never publish 'no other fields'."""
    if schema.get("additionalProperties") is False:
        schema = {k: v for k, v in schema.items() if k != "additionalProperties"}
    return schema


def pre_parsed(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as the official parser hands it to renderers: ``$ref``s replaced by what
    they point at, ids stamped, marked parsed. The AsyncAPI React component renders this
    without parsing it again in the browser, where its validator would need ``eval`` (which
    the pages' Content-Security-Policy forbids). The tests validate ``doc`` with the parser."""
    stamped = json.loads(json.dumps(doc))
    for section in ("channels", "operations"):
        for key, item in stamped.get(section, {}).items():
            item["x-parser-unique-object-id"] = key
    for key, message in stamped["components"].get("messages", {}).items():
        message["x-parser-unique-object-id"] = key
    for key, schema in stamped["components"].get("schemas", {}).items():
        schema["x-parser-schema-id"] = key
    resolved = _dereference(stamped, stamped)
    anonymous = itertools.count(1)
    for message in resolved["components"].get("messages", {}).values():
        for part in (message.get("payload"), message.get("headers"), message.get("bindings", {}).get("kafka", {}).get("key")):
            _stamp_schema_ids(part, anonymous)
    return {**resolved, "x-parser-spec-parsed": True, "x-parser-api-version": 3}


def _dereference(node: Any, root: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_dereference(item, root) for item in node]
    if not isinstance(node, dict):
        return node
    if set(node) == {"$ref"}:
        target: Any = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        return _dereference(target, root)
    return {key: _dereference(value, root) for key, value in node.items()}


def _stamp_schema_ids(schema: Any, counter: Iterator[int]) -> None:
    if not isinstance(schema, dict):
        return
    schema.setdefault("x-parser-schema-id", f"<anonymous-schema-{next(counter)}>")
    children = list(schema.get("properties", {}).values()) + list(schema.get("anyOf", []))
    for keyword in ("items", "additionalProperties", "propertyNames"):
        children.append(schema.get(keyword))
    for child in children:
        _stamp_schema_ids(child, counter)
