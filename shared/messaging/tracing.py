"""Trace context through Kafka, with the OpenTelemetry API and its configured propagator
(W3C TraceContext by default).

The unit of work injects the current context into every outbox row, twice: as the plain
``traceparent`` header OpenTelemetry's Kafka instrumentations read, and as CloudEvents'
distributed-tracing extension ``ce_traceparent``. The relay publishes each row in a
PRODUCER span that continues the stored context; a consumer extracts it and applies the
record in a CONSUMER span, so events emitted while applying continue the same trace.

Without a tracer provider (no SDK configured) the API's spans record nothing but still
carry their parent's context, so the headers stay consistent. When no trace is active at
all, the correlation id stands in as the trace id (it already is the caller's trace id
when one came with the request), so the records of one request still share one trace id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, SpanKind, TraceFlags

from shared.observability.tracing import records_spans

TRACE_HEADERS = ("traceparent", "tracestate")
CLOUDEVENTS_PREFIX = "ce_"

tracer = trace.get_tracer("weerbaar.messaging")


def recording() -> bool:
    """Whether spans record anything: a tracer provider is configured and it does not keep ids
    only (``IDS_ONLY``, when nothing exports); else hot paths skip making spans."""
    return not isinstance(getattr(tracer, "_tracer", tracer), trace.NoOpTracer) and records_spans()


def current_trace_headers(correlation_id: UUID | None = None, span_seed: UUID | None = None) -> list[tuple[str, str]]:
    """The current trace context as record headers, plain and as CloudEvents attributes."""
    context = otel_context.get_current()
    if not trace.get_current_span(context).get_span_context().is_valid and correlation_id is not None:
        context = _context_from_correlation(correlation_id, span_seed or correlation_id)
    carrier: dict[str, str] = {}
    propagate.inject(carrier, context=context)
    headers = [(name, value) for name, value in carrier.items()]
    headers += [(CLOUDEVENTS_PREFIX + name, value) for name, value in carrier.items() if name in TRACE_HEADERS]
    return headers


# The headers the propagators read (W3C trace context and baggage), by the carrier name
# each is read under; the CloudEvents copies count only where the plain one is missing.
_PROPAGATED = {name: name for name in (*TRACE_HEADERS, "baggage")}
_CLOUDEVENTS_COPIES = {CLOUDEVENTS_PREFIX + name: name for name in TRACE_HEADERS}


def context_from_headers(headers: Iterable[tuple[str, bytes | str]]) -> otel_context.Context:
    """The trace context a record carries: the plain headers, else the CloudEvents ones.
    Only those few headers are decoded (this runs for every consumed record)."""
    carrier: dict[str, str] = {}
    for name, value in headers:
        plain = _PROPAGATED.get(name)
        copy = None if plain else _CLOUDEVENTS_COPIES.get(name)
        if plain is None and copy is None:
            continue
        text = value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value
        if plain:
            carrier[plain] = text
        else:
            carrier.setdefault(copy, text)  # type: ignore[arg-type]
    return propagate.extract(carrier)


def without_trace_headers(headers: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    names = set(TRACE_HEADERS) | {CLOUDEVENTS_PREFIX + n for n in TRACE_HEADERS}
    return [(name, value) for name, value in headers if name not in names and name != "baggage"]


@contextmanager
def consuming(topic: str, attributes: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
              headers: Iterable[tuple[str, bytes]],
              links: Iterable[Iterable[tuple[str, bytes]]] = ()) -> Iterator[trace.Span]:
    """The span a consumer applies a record in, child of the producer's context; for a run of
    records applied together, child of the first and linked to the others. ``attributes``
    may be given as a function: it is called only when the span is recorded."""
    # Attributes and links only matter to a span that is recorded: without an exporter none is
    # (IDS_ONLY), and the span only carries the trace on.
    recorded = recording()
    linked = [trace.Link(trace.get_current_span(context_from_headers(h)).get_span_context())
              for h in (links if recorded else ())]
    with tracer.start_as_current_span(
        f"process {topic}", context=context_from_headers(headers), kind=SpanKind.CONSUMER,
        attributes=(attributes() if callable(attributes) else attributes) if recorded else None,
        links=[link for link in linked if link.context.is_valid],
    ) as span:
        yield span


def start_publish_span(topic: str, headers: Iterable[tuple[str, Any]], attributes: dict[str, Any]) -> trace.Span:
    """A PRODUCER span for one outbox row, continuing the context stored with it; ended on acknowledgement."""
    return tracer.start_span(f"publish {topic}", context=context_from_headers(headers), kind=SpanKind.PRODUCER,
                             attributes=attributes)


def headers_for_span(span: trace.Span, headers: Iterable[tuple[str, Any]]) -> list[tuple[str, str]]:
    """The stored headers with their trace context replaced by ``span``'s (the consumer's parent)."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier, context=trace.set_span_in_context(span))
    kept = without_trace_headers(headers)
    if not carrier:  # no context at all: keep what was stored
        return list(headers)
    return kept + list(carrier.items()) + [(CLOUDEVENTS_PREFIX + n, v) for n, v in carrier.items() if n in TRACE_HEADERS]


def _context_from_correlation(correlation_id: UUID, span_seed: UUID) -> otel_context.Context:
    span_id = span_seed.int & ((1 << 64) - 1) or 1
    parent = SpanContext(trace_id=correlation_id.int, span_id=span_id, is_remote=True, trace_flags=TraceFlags(TraceFlags.SAMPLED))
    return trace.set_span_in_context(NonRecordingSpan(parent))
