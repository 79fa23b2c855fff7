"""JSON Schemas of what travels beside an event's data: the Kafka headers (the CloudEvents
envelope, trace context, dead-letter reasons) and the Kafka key. Header values are UTF-8 text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

REGION_PATTERN = r"^(VR(0[1-9]|1[0-9]|2[0-5])|NL)$"
UUID_FORMAT = {"type": "string", "format": "uuid"}
TRACEPARENT = {
    "type": "string",
    "pattern": "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$",
    "description": "W3C trace context: version-traceid-parentid-flags",
}

ENVELOPE_HEADERS: dict[str, dict[str, Any]] = {
    "ce_specversion": {"type": "string", "const": "1.0", "description": "CloudEvents spec version"},
    "ce_id": {**UUID_FORMAT, "description": "Unique per event; deduplicate on it (a record may arrive twice)"},
    "ce_source": {"type": "string", "pattern": "^/weerbaar/[a-z]+$", "description": "Producing service"},
    "ce_type": {"type": "string", "pattern": r"^[a-z]+\.[a-z_]+\.[a-z_]+\.v[0-9]+$",
                "description": "Versioned type; decide by it before decoding the value"},
    "ce_time": {"type": "string", "format": "date-time", "description": "When it happened (RFC 3339)"},
    "ce_subject": {"type": "string", "description": "The object it is about, e.g. noodsteunpunt/<uuid>"},
    "ce_regioncode": {"type": "string", "pattern": REGION_PATTERN,
                      "description": "Veiligheidsregio VR01..VR25, or NL for national events; equals the key"},
    "ce_municipalitycode": {"type": "string", "pattern": "^GM[0-9]{4}$", "description": "CBS gemeente code"},
    "ce_correlationid": {**UUID_FORMAT, "description": "The request or first event of the chain"},
    "ce_causationid": {**UUID_FORMAT, "description": "The event that caused this one"},
    "ce_traceparent": {**TRACEPARENT, "description": "CloudEvents distributed-tracing extension (W3C trace context)"},
    "traceparent": {**TRACEPARENT, "description": "Plain W3C trace context, as OpenTelemetry's Kafka instrumentations read it"},
    "tracestate": {"type": "string", "description": "W3C trace state, when the trace has one"},
    "content-type": {"type": "string", "const": "application/json", "description": "Media type of the value"},
}
ALWAYS_PRESENT = ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject", "ce_regioncode",
                  "content-type"]

DEAD_LETTER_HEADERS: dict[str, dict[str, Any]] = {
    "dlq_reason": {"type": "string", "description": "Why the consumer gave up (at most 2,000 characters)"},
    "dlq_reason_class": {"type": "string", "description": "Kind of failure (e.g. unreadable, invalid, rule, exhausted)"},
    "dlq_origin_topic": {"type": "string", "description": "Topic of the original record"},
    "dlq_origin_partition": {"type": "string", "pattern": "^[0-9]+$", "description": "Its partition"},
    "dlq_origin_offset": {"type": "string", "pattern": "^[0-9]+$", "description": "Its offset"},
    "dlq_consumer": {"type": "string", "description": "The consumer that gave up, e.g. notify.feed"},
    "dlq_failed_at": {"type": "string", "format": "date-time", "description": "When"},
    "dlq_attempts": {"type": "string", "pattern": "^[0-9]+$", "description": "Attempts made"},
    "dlq_truncated": {"type": "string", "description": "Present when only a truncated copy of the value is kept"},
    "dlq_original_bytes": {"type": "string", "pattern": "^[0-9]+$", "description": "Size of the original value"},
    "dlq_original_sha256": {"type": "string", "description": "SHA-256 of the original value"},
    "dlq_replay_for": {"type": "string", "description": "On a replayed record: the only consumer that applies it"},
}
DEAD_LETTER_ALWAYS = ["dlq_reason", "dlq_origin_topic", "dlq_origin_partition", "dlq_origin_offset", "dlq_consumer",
                      "dlq_failed_at", "dlq_attempts"]


def event_headers_schema(event_type: str) -> dict[str, Any]:
    properties = {**ENVELOPE_HEADERS, "ce_type": {**ENVELOPE_HEADERS["ce_type"], "const": event_type}}
    return {
        "type": "object",
        "description": "CloudEvents 1.0 attributes (Kafka binary mode) and trace context. Other headers may be "
        "added within the major version: ignore what you do not know.",
        "required": ALWAYS_PRESENT,
        "properties": properties,
    }


def dead_letter_headers_schema(names: Iterable[str]) -> dict[str, Any]:
    """The original record's headers (any, possibly not a CloudEvent at all) plus the dead-letter ones."""
    names = set(names)
    unknown = names - set(DEAD_LETTER_HEADERS)
    if unknown:
        raise ValueError(f"dead-letter headers without a description here: {sorted(unknown)}")
    return {
        "type": "object",
        "description": "The original headers, kept as they were, plus these dlq_* headers.",
        "required": [name for name in DEAD_LETTER_ALWAYS if name in names],
        "properties": {name: schema for name, schema in DEAD_LETTER_HEADERS.items() if name in names},
    }


def region_key_schema() -> dict[str, Any]:
    return {"type": "string", "pattern": REGION_PATTERN,
            "description": "Region code: all events of one region are on one partition, in order"}
