"""OpenTelemetry traces, set up in one place.

A service process installs one SDK tracer provider (``configure_tracing``) with its
service name as resource; spans are exported over OTLP/gRPC when an endpoint is
configured (``WEERBAAR_TELEMETRY__OTLP_ENDPOINT`` or the standard
``OTEL_EXPORTER_OTLP_ENDPOINT``) and nowhere otherwise. The provider is installed either
way, so every request and message has a real trace id for the logs and the events.

When spans are exported, the official instrumentations make them: FastAPI (one server
span per request, named after its route template by ``shared.observability.http_metrics``),
SQLAlchemy (one span per statement, per engine) and httpx (client spans, ``traceparent``
sent along). The messaging layer adds the producer and consumer spans with the
OpenTelemetry API and carries the context through the outbox and Kafka with the W3C
propagator.

When nothing exports, nothing is recorded: the provider's sampler (``IDS_ONLY``) makes
every span a non-recording one that still has its trace and span id, HTTP requests get
a ``TraceContext`` middleware (the caller's ``traceparent`` continued, else a new trace)
instead of the FastAPI instrumentation, and SQL statements get no spans. Trace ids in the
logs, correlation ids and the ``traceparent`` of events stay as they were; the sampled
flag of that ``traceparent`` is off, as nothing was recorded.
"""

from __future__ import annotations

import os
import re
import weakref
from collections.abc import Sequence

from fastapi import FastAPI
from opentelemetry import context, metrics, propagate, trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import Decision, Sampler, SamplingResult
from opentelemetry.trace import Link, SpanKind
from opentelemetry.util.types import Attributes
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.http.headers import request_headers
from shared.settings import TelemetrySettings

# Probes and scrapes come every few seconds and say nothing about a request's path.
UNTRACED_URLS = "/health/,/metrics$,/asyncapi"
_UNTRACED = re.compile("|".join(UNTRACED_URLS.split(",")))
# FastAPI's own telemetry (on by default since 0.142 once a provider is installed) would
# add a second server span per mounted app; the OpenTelemetry instrumentation makes them.
FASTAPI_NATIVE_TELEMETRY_OFF = {"tracing": False, "metrics": False, "logs": False}

_traced_engines: weakref.WeakSet[object] = weakref.WeakSet()


def resource(service: str) -> Resource:
    """``OTEL_SERVICE_NAME`` when the deployment sets one, else ``weerbaar-<service>``."""
    return Resource.create({SERVICE_NAME: os.environ.get("OTEL_SERVICE_NAME") or f"weerbaar-{service}"})


def otlp_endpoint(telemetry: TelemetrySettings) -> str | None:
    return (
        telemetry.otlp_endpoint
        or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
        or None
    )


def span_exporter(telemetry: TelemetrySettings) -> SpanExporter | None:
    """The OTLP exporter when an endpoint is configured; None means nothing is exported."""
    endpoint = otlp_endpoint(telemetry)
    if endpoint is None:
        return None
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter(endpoint=endpoint)


class IdsOnly(Sampler):
    """Records nothing, keeps the ids: each span gets its trace id (the parent's, else a new
    one) and a span id of its own, so logs, correlation ids and ``traceparent`` have them."""

    def should_sample(self, parent_context: context.Context | None, trace_id: int, name: str,
                      kind: SpanKind | None = None, attributes: Attributes = None,
                      links: Sequence[Link] | None = None, trace_state: trace.TraceState | None = None) -> SamplingResult:
        parent = trace.get_current_span(parent_context).get_span_context()
        return SamplingResult(Decision.DROP, trace_state=parent.trace_state if parent.is_valid else None)

    def get_description(self) -> str:
        return "IdsOnly"


IDS_ONLY = IdsOnly()


def tracer_provider(telemetry: TelemetrySettings, service: str) -> TracerProvider:
    """Exports over OTLP when an endpoint is configured; else records nothing (``IDS_ONLY``)."""
    exporter = span_exporter(telemetry)
    if exporter is None:
        return TracerProvider(resource=resource(service), sampler=IDS_ONLY)
    provider = TracerProvider(resource=resource(service))
    provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def configure_tracing(telemetry: TelemetrySettings, service: str) -> TracerProvider:
    """Once per process, before the service starts."""
    provider = tracer_provider(telemetry, service)
    install(provider)
    return provider


def records_spans(provider: object | None = None) -> bool:
    """False when the (installed) provider keeps ids only; spans are then not worth making
    in detail. Any other provider (the tests' in-memory one, none at all) counts as recording."""
    provider = provider if provider is not None else trace.get_tracer_provider()
    return not (isinstance(provider, TracerProvider) and provider.sampler is IDS_ONLY)


def flush(timeout_seconds: float = 5.0) -> None:
    """Exports the spans still queued. Called when the service stops: uvicorn ends the process
    by re-raising the stop signal, so exit hooks (the SDK's own flush) never run."""
    provider = trace.get_tracer_provider()
    if isinstance(provider, TracerProvider):
        provider.force_flush(int(timeout_seconds * 1000))


def install(provider: TracerProvider) -> None:
    """Makes ``provider`` the process's tracer provider and instruments the HTTP clients.
    (Tests install one with an in-memory exporter.)"""
    trace.set_tracer_provider(provider)
    instrumentor = HTTPXClientInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument()


def instrument_app(app: FastAPI) -> None:
    """Server spans for the app's requests (the API mounted in it included); without the
    per-message ``receive``/``send`` spans, which would only repeat the request's. When
    nothing is recorded, only the trace context (``TraceContext``)."""
    if records_spans():
        FastAPIInstrumentor.instrument_app(app, excluded_urls=UNTRACED_URLS, exclude_spans=["receive", "send"])
    else:
        app.add_middleware(TraceContext)


class TraceContext:
    """Pure ASGI middleware: the request runs in a server span that continues the caller's
    ``traceparent`` (else starts a trace). Made by the ``IDS_ONLY`` sampler it records
    nothing, so it costs an id, not the instrumentation's attributes and timings."""

    def __init__(self, app: ASGIApp, tracer: trace.Tracer | None = None) -> None:
        self.app = app
        self.tracer = tracer or trace.get_tracer(__name__)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _UNTRACED.search(scope["path"]):
            await self.app(scope, receive, send)
            return
        parent = propagate.extract(request_headers(scope))
        span = self.tracer.start_span(scope["method"], context=parent, kind=SpanKind.SERVER)
        token = context.attach(trace.set_span_in_context(span, parent))
        try:
            await self.app(scope, receive, send)
        finally:
            context.detach(token)
            span.end()


def instrument_engine(engine: AsyncEngine) -> None:
    """A span per SQL statement of ``engine``, child of the request or message in hand
    (none when nothing is recorded).

    Per engine with the instrumentation's ``EngineTracer``: ``SQLAlchemyInstrumentor`` is a
    process-wide singleton that instruments only the first engine it is given, and tests run
    several services (engines) in one process.
    """
    sync_engine = engine.sync_engine
    if sync_engine in _traced_engines or not records_spans():
        return
    tracer = trace.get_tracer("opentelemetry.instrumentation.sqlalchemy")
    usage = metrics.get_meter("opentelemetry.instrumentation.sqlalchemy").create_up_down_counter(
        "db.client.connections.usage", unit="connections"
    )
    EngineTracer(tracer, sync_engine, usage)
    _traced_engines.add(sync_engine)
