"""The messages of the AsyncAPI documents: each event type with its headers, payload, Kafka
key, correlation id and example; the dead letter; the payload schemas (nested models as
their own components, never "no other fields": readers accept additive changes)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from shared.contract.catalogue import CATALOGUE
from shared.contract.envelope import IntegrationEvent
from shared.contract.examples import example_record
from shared.contract.headers import dead_letter_headers_schema, event_headers_schema, region_key_schema
from shared.contract.snapshots import data_schema

KAFKA_BINDING_VERSION = "0.5.0"


def summary(cls: type[IntegrationEvent]) -> str:
    return (cls.__doc__ or "").strip().split("\n")[0] or cls.TYPE


def event_message(cls: type[IntegrationEvent]) -> dict[str, Any]:
    example = example_record(cls)
    return {
        "name": cls.TYPE,
        "title": cls.TYPE,
        "summary": summary(cls),
        "contentType": "application/json",
        "headers": event_headers_schema(cls.TYPE),
        "payload": {"$ref": f"#/components/schemas/{cls.TYPE}"},
        "correlationId": {"$ref": "#/components/correlationIds/correlationId"},
        "tags": [{"name": cls.domain()}],
        "bindings": {"kafka": {"key": region_key_schema(), "bindingVersion": KAFKA_BINDING_VERSION}},
        "examples": [{"name": "example", "summary": f"{cls.TYPE} in Brabant-Noord",
                      "headers": example["headers"], "payload": example["payload"]}],
    }


def dead_letter_message(service: str, dlq_headers: Iterable[str]) -> dict[str, Any]:
    return {
        "name": "DeadLetter",
        "title": f"Dead letter of {service}",
        "summary": "The original record (key, bytes, headers) with why, where from and who gave up.",
        "contentType": "application/octet-stream",
        "headers": dead_letter_headers_schema(dlq_headers),
        "payload": {"type": "string", "description": "The original value, byte for byte (usually JSON)."},
        "bindings": {"kafka": {"key": region_key_schema(), "bindingVersion": KAFKA_BINDING_VERSION}},
        "examples": [{
            "name": "unreadable",
            "summary": "A record whose value is not JSON",
            "headers": {"ce_specversion": "1.0", "ce_type": "inventory.pilot.started.v1",
                        "dlq_reason": "UnreadableMessage: value is not JSON",
                        "dlq_origin_topic": "weerbaar.inventory.events", "dlq_origin_partition": "3",
                        "dlq_origin_offset": "42", "dlq_consumer": f"{service}.example",
                        "dlq_failed_at": "2025-11-03T09:30:00+00:00", "dlq_attempts": "1"},
            "payload": "{not json",
        }],
    }


def payload_schemas(types: Iterable[str]) -> dict[str, Any]:
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
