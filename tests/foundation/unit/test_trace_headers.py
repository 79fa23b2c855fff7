"""The trace context a consumed record carries, read from its Kafka headers."""

from __future__ import annotations

from opentelemetry import baggage, trace

from shared.messaging.tracing import context_from_headers

PLAIN = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
COPY = "00-11111111111111111111111111111111-2222222222222222-01"


def trace_id(headers: list[tuple[str, bytes]]) -> str:
    return format(trace.get_current_span(context_from_headers(headers)).get_span_context().trace_id, "032x")


def test_the_plain_traceparent_wins_over_the_cloudevents_copy_in_either_order() -> None:
    assert trace_id([("ce_traceparent", COPY.encode()), ("traceparent", PLAIN.encode())]) == PLAIN[3:35]
    assert trace_id([("traceparent", PLAIN.encode()), ("ce_traceparent", COPY.encode())]) == PLAIN[3:35]


def test_the_cloudevents_copy_serves_when_the_plain_header_is_missing() -> None:
    assert trace_id([("ce_id", b"x"), ("ce_traceparent", COPY.encode())]) == COPY[3:35]


def test_other_headers_are_not_read_and_no_context_comes_of_them() -> None:
    context = context_from_headers([("ce_id", b"\xff\xfe"), ("ce_type", b"inventory.x.v1"), ("content-type", b"json")])
    assert not trace.get_current_span(context).get_span_context().is_valid


def test_baggage_is_carried_along() -> None:
    context = context_from_headers([("traceparent", PLAIN.encode()), ("baggage", b"region=VR21")])
    assert baggage.get_baggage("region", context) == "region=VR21".split("=")[1]
