"""CloudEvents 1.0 Kafka protocol binding, binary content mode.

Attributes travel as ``ce_*`` headers, the data as the JSON value, the partition
key as the Kafka key. Extension attribute names are lower-case alphanumerics only
(CloudEvents naming rule), so ``region_code`` becomes ``ce_regioncode``.

Producers write exactly the schema (the models forbid extra fields). Consumers read
tolerantly (``tolerant=True``): they look at ``ce_type`` before anything else (see
``event_type``), and ignore fields a newer producer added within the same major version.
The trace context headers are added by the unit of work (``shared.messaging.tracing``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable

from pydantic import ValidationError
from pydantic_core import from_json

from shared.contract.catalogue import event_class
from shared.contract.envelope import IntegrationEvent
from shared.contract.errors import InvalidEvent, UnreadableMessage
from shared.contract.topics import event_topic

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"

# envelope field -> CloudEvents attribute; the four first are CloudEvents' own.
ATTRIBUTES = {
    "id": "id",
    "source": "source",
    "time": "time",
    "subject": "subject",
    "region_code": "regioncode",
    "municipality_code": "municipalitycode",
    "correlation_id": "correlationid",
    "causation_id": "causationid",
}
REQUIRED_HEADERS = ("ce_specversion", "ce_id", "ce_type", "ce_source")
# The headers a reader decodes (CloudEvents attributes): header -> envelope field, if any.
_ENVELOPE_HEADERS = {f"ce_{attribute}": field for field, attribute in ATTRIBUTES.items()}
_READ_HEADERS = frozenset(REQUIRED_HEADERS) | frozenset(_ENVELOPE_HEADERS)

Headers = list[tuple[str, bytes]]


@dataclass(frozen=True)
class KafkaRecord:
    topic: str
    key: bytes
    value: bytes
    headers: Headers


def to_kafka(event: IntegrationEvent) -> KafkaRecord:
    if not event.source:
        raise ValueError(f"{event.TYPE} {event.id} has no source; the unit of work sets it before the outbox")
    envelope = event.model_dump(mode="json", include=set(ATTRIBUTES))
    headers: Headers = [
        ("ce_specversion", SPEC_VERSION.encode()),
        ("ce_type", event.TYPE.encode()),
        ("content-type", CONTENT_TYPE.encode()),
    ]
    for field, attribute in ATTRIBUTES.items():
        value = envelope.get(field)
        if value is not None:
            headers.append((f"ce_{attribute}", str(value).encode()))
    value = json.dumps(event.data(), separators=(",", ":"), sort_keys=True).encode()
    return KafkaRecord(event_topic(event.domain()), event.key.encode(), value, headers)


def header_map(headers: Iterable[tuple[str, bytes | None]]) -> dict[str, str]:
    """Headers as text; undecodable bytes make the message unreadable, not a crash."""
    result: dict[str, str] = {}
    for name, raw in headers:
        try:
            result[name] = (raw or b"").decode("utf-8")
        except UnicodeDecodeError as error:
            raise UnreadableMessage(f"header {name!r} is not UTF-8") from error
    return result


def event_type(headers: Iterable[tuple[str, bytes | None]]) -> str:
    """The record's ``ce_type``, read without touching the value: a consumer decides by it
    whether the record is its business at all."""
    for name, raw in headers:
        if name == "ce_type":
            try:
                value = (raw or b"").decode("utf-8")
            except UnicodeDecodeError as error:
                raise UnreadableMessage("header 'ce_type' is not UTF-8") from error
            if value:
                return value
    raise UnreadableMessage("not a binary-mode CloudEvent: missing header(s) ce_type")


def from_kafka(value: bytes | None, headers: Iterable[tuple[str, bytes | None]], tolerant: bool = False) -> IntegrationEvent:
    """Decode a record. ``tolerant``: ignore unknown fields (how consumers read). Only the
    CloudEvents attributes are decoded (they must be UTF-8); other headers are not read."""
    attributes = _attributes(headers)
    missing = [name for name in REQUIRED_HEADERS if not attributes.get(name)]
    if missing:
        raise UnreadableMessage(f"not a binary-mode CloudEvent: missing header(s) {', '.join(missing)}")
    if attributes["ce_specversion"] != SPEC_VERSION:
        raise UnreadableMessage(f"unsupported CloudEvents specversion {attributes['ce_specversion']!r}")
    data = _decode_json(value)
    cls = event_class(attributes["ce_type"])
    data.update((field, attributes[header]) for header, field in _ENVELOPE_HEADERS.items() if header in attributes)
    try:
        return cls.model_validate(data, extra="ignore" if tolerant else None)
    except ValidationError as error:
        raise InvalidEvent(f"{cls.TYPE} fails its schema: {_summarise(error)}") from error


def _attributes(headers: Iterable[tuple[str, bytes | None]]) -> dict[str, str]:
    """The CloudEvents headers as text (the last of a repeated name, as ``header_map``)."""
    found: dict[str, str] = {}
    for name, raw in headers:
        if name in _READ_HEADERS:
            try:
                found[name] = (raw or b"").decode("utf-8")
            except UnicodeDecodeError as error:
                raise UnreadableMessage(f"header {name!r} is not UTF-8") from error
    return found


def _decode_json(value: bytes | None) -> dict:
    if not value:
        raise UnreadableMessage("empty message value")
    try:
        data = from_json(value)  # pydantic's parser: the same values as json.loads, a few times faster
    except ValueError as error:
        raise UnreadableMessage(f"value is not JSON: {error}") from error
    if not isinstance(data, dict):
        raise UnreadableMessage(f"value is JSON {type(data).__name__}, expected an object")
    return data


def _summarise(error: ValidationError) -> str:
    parts = [f"{'.'.join(str(p) for p in e['loc']) or '<root>'}: {e['msg']}" for e in error.errors()[:5]]
    return "; ".join(parts)
