"""The event contract: naming, the CloudEvents binding, and clear reasons for bad messages."""

from __future__ import annotations

import json
from uuid import uuid4

import pytest

from shared.contract.catalogue import CATALOGUE
from shared.contract.cloudevents import from_kafka, to_kafka
from shared.contract.envelope import TYPE_PATTERN, IntegrationEvent
from shared.contract.errors import InvalidEvent, UnreadableMessage
from shared.contract.inventory import NoodsteunpuntRegistered
from shared.contract.topics import DOMAINS


def registered(**overrides) -> NoodsteunpuntRegistered:
    fields = dict(
        source="/weerbaar/inventory",
        subject="noodsteunpunt/1",
        region_code="VR21",
        municipality_code="GM0828",
        noodsteunpunt_id=uuid4(),
        name="Brandweerkazerne Oss",
        layer="regional",
        correlation_id=uuid4(),
    )
    return NoodsteunpuntRegistered(**{**fields, **overrides})


def test_event_survives_the_wire_unchanged():
    event = registered()
    record = to_kafka(event)
    assert from_kafka(record.value, record.headers) == event


def test_binary_mode_puts_envelope_in_headers_and_data_in_value():
    event = registered()
    record = to_kafka(event)
    headers = dict(record.headers)
    assert headers["ce_specversion"] == b"1.0"
    assert headers["ce_type"] == b"inventory.noodsteunpunt.registered.v1"
    assert headers["ce_id"] == str(event.id).encode()
    assert headers["ce_regioncode"] == b"VR21"
    assert headers["content-type"] == b"application/json"
    assert record.key == b"VR21"
    assert record.topic == "weerbaar.inventory.events"
    value = json.loads(record.value)
    assert value["name"] == "Brandweerkazerne Oss"
    assert "id" not in value and "region_code" not in value


def test_every_catalogued_type_is_versioned_and_on_its_domains_topic():
    assert CATALOGUE, "the catalogue is empty"
    for type_name, cls in CATALOGUE.items():
        assert TYPE_PATTERN.match(type_name), type_name
        assert cls.domain() in DOMAINS
        assert cls.__module__ == f"shared.contract.{cls.domain()}", f"{type_name} defined outside its domain module"


def test_a_type_name_off_the_pattern_is_refused_at_definition():
    with pytest.raises(TypeError, match="domain"):

        class Wrong(IntegrationEvent):
            TYPE = "NoodsteunpuntRegistered"


def test_an_event_without_source_cannot_go_out():
    with pytest.raises(ValueError, match="source"):
        to_kafka(registered(source=""))


@pytest.mark.parametrize(
    ("value", "drop_header", "reason"),
    [
        (b"{not json", None, "not JSON"),
        (b"[1, 2]", None, "expected an object"),
        (b"", None, "empty"),
        (None, "ce_type", r"missing header\(s\) ce_type"),
    ],
)
def test_unreadable_messages_say_why(value, drop_header, reason):
    record = to_kafka(registered())
    headers = [(k, v) for k, v in record.headers if k != drop_header]
    with pytest.raises(UnreadableMessage, match=reason):
        from_kafka(value if value is not None else record.value, headers)


def test_schema_invalid_data_names_the_field():
    record = to_kafka(registered())
    data = json.loads(record.value)
    del data["name"]
    with pytest.raises(InvalidEvent, match="name"):
        from_kafka(json.dumps(data).encode(), record.headers)


def test_unknown_type_is_invalid():
    record = to_kafka(registered())
    headers = [(k, b"inventory.thing.happened.v9" if k == "ce_type" else v) for k, v in record.headers]
    with pytest.raises(InvalidEvent, match="unknown event type"):
        from_kafka(record.value, headers)


def test_region_codes_are_checked():
    with pytest.raises(ValueError):
        registered(region_code="VR26")


def test_unknown_fields_are_refused_from_producers_and_ignored_by_tolerant_readers():
    record = to_kafka(registered())
    value = record.value.replace(b"{", b'{"added_later":1,', 1)
    with pytest.raises(InvalidEvent, match="added_later"):
        from_kafka(value, record.headers)
    assert from_kafka(value, record.headers, tolerant=True).name == registered().name


def test_only_cloudevents_attributes_are_read_and_must_be_utf8():
    event = registered()
    record = to_kafka(event)
    other = record.headers + [("x-vendor-trace", b"\xff\xfe")]
    assert from_kafka(record.value, other, tolerant=True) == event, "a header it does not read is not decoded"
    broken = [(k, b"\xff" if k == "ce_subject" else v) for k, v in record.headers]
    with pytest.raises(UnreadableMessage, match="ce_subject"):
        from_kafka(record.value, broken)
