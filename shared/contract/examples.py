"""An example record of every event type, for the AsyncAPI documents and the integrator guide.

Built from the event's own schema (so it follows the schema as the schema changes), with
plausible values for Brabant-Noord (VR21) and Oss (GM0828), then validated by the event
class and encoded exactly as the relay puts it on Kafka: a wrong example cannot be made.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import cache
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from shared.contract.cloudevents import to_kafka
from shared.contract.compatibility import resolve_refs
from shared.contract.envelope import IntegrationEvent
from shared.contract.snapshots import data_schema
from shared.contract.topics import NATIONAL_KEY

REGION = "VR21"
MUNICIPALITY = "GM0828"
WHEN = datetime(2025, 11, 3, 9, 30, tzinfo=timezone.utc)
# A W3C trace context as OpenTelemetry's propagator writes it (version-traceid-spanid-flags).
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
TEXT_HINTS = {
    "name": "Brandweerkazerne Oss", "title": "Webinar noodsteunpunten", "purpose": "Pilot noodsteunpunt Oss",
    "reason": "Aanvulling na besluit algemeen bestuur", "place": "Oss", "address": "Kantstraat 2, Oss",
    "line": "noodsteunpunten", "owner": "Nationaal Crisiscentrum", "description": "Noodpakketten",
}
NATIONAL_SUBJECTS = {"standard", "budget", "campaign", "toolkit"}


@cache
def example_event(cls: type[IntegrationEvent]) -> IntegrationEvent:
    schema = data_schema(cls)
    data = _value(resolve_refs(schema, schema), cls.TYPE, "")
    subject = cls.TYPE.split(".")[1]
    region = NATIONAL_KEY if subject in NATIONAL_SUBJECTS else REGION
    envelope: dict[str, Any] = {
        "id": _uuid(cls.TYPE, "id"),
        "time": WHEN,
        "source": f"/weerbaar/{cls.domain()}",
        "subject": f"{subject}/{_uuid(cls.TYPE, 'subject')}",
        "region_code": region,
        "correlation_id": UUID(TRACEPARENT.split("-")[1]),
        "causation_id": _uuid(cls.TYPE, "cause"),
    }
    if "municipality_code" in cls.model_fields and region != NATIONAL_KEY:
        envelope["municipality_code"] = MUNICIPALITY
    return cls.model_validate({**data, **envelope})


def example_record(cls: type[IntegrationEvent]) -> dict[str, Any]:
    """The example as an integrator sees it on Kafka: key, headers (text), value (JSON)."""
    record = to_kafka(example_event(cls))
    headers = {name: value.decode() for name, value in record.headers}
    headers.setdefault("traceparent", TRACEPARENT)
    headers.setdefault("ce_traceparent", TRACEPARENT)
    return {"key": record.key.decode(), "headers": headers, "payload": example_event(cls).data()}


def _uuid(event_type: str, field: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"https://weerbaar.nl/examples/{event_type}/{field}")


def _value(schema: dict[str, Any], event_type: str, field: str) -> Any:
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            branches = [b for b in schema[keyword] if b.get("type") != "null"]
            return _value(branches[0], event_type, field)
    kind = schema.get("type")
    if kind == "object":
        return _object(schema, event_type, field)
    if kind == "array":
        return [_value(schema.get("items", {}), event_type, field)]
    if kind == "integer":
        return _integer(schema, field)
    if kind == "number":
        return {"latitude": 51.765, "longitude": 5.518}.get(field, 12.5)
    if kind == "boolean":
        return True
    return _string(schema, event_type, field)


def _object(schema: dict[str, Any], event_type: str, field: str) -> dict[str, Any]:
    if "properties" in schema:
        return {name: _value(sub, event_type, name) for name, sub in schema["properties"].items()}
    names = schema.get("propertyNames", {}).get("enum", ["worked"])
    values = schema.get("additionalProperties")
    return {names[0]: _value(values, event_type, names[0]) if isinstance(values, dict) else "ja"}


def _integer(schema: dict[str, Any], field: str) -> int:
    low = schema.get("minimum", schema.get("exclusiveMinimum", -1) + 1)
    wanted = 120_000_00 if field.endswith("_cents") else 2025 if "year" in field else 3
    return min(max(wanted, low), schema.get("maximum", wanted))


def _string(schema: dict[str, Any], event_type: str, field: str) -> str:
    form = schema.get("format")
    if form == "uuid":
        return str(_uuid(event_type, field))
    if form == "date":
        return WHEN.date().isoformat()
    if form == "date-time":
        return WHEN.isoformat().replace("+00:00", "Z")
    if "GM" in schema.get("pattern", "") or "municipalit" in field:
        return MUNICIPALITY
    if "region" in field:
        return REGION
    return TEXT_HINTS.get(field, field.replace("_", " ") or "voorbeeld")
