"""OpenTelemetry traces, set up in one place.

A service process installs one SDK tracer provider (``configure_tracing``) with its
service name as resource; spans are exported over OTLP/gRPC when an endpoint is
configured (``WEERBAAR_TELEMETRY__OTLP_ENDPOINT`` or the standard
``OTEL_EXPORTER_OTLP_ENDPOINT``) and nowhere otherwise. The provider is installed either
way, so every request and message has a real trace id for the logs and the events.

The official instrumentations make the spans: FastAPI (one server span per request,
named after its route template by ``shared.observability.http_metrics``), SQLAlchemy (one
span per statement, per engine) and httpx (client spans, ``traceparent`` sent along).
The messaging layer adds the producer and consumer spans with the OpenTelemetry API and
carries the context through the outbox and Kafka with the W3C propagator.
"""

from __future__ import annotations

import os
import weakref

from fastapi import FastAPI
from opentelemetry import metrics, trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.settings import TelemetrySettings

# Probes and scrapes come every few seconds and say nothing about a request's path.
UNTRACED_URLS = "/health/,/metrics$,/asyncapi"
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


def configure_tracing(telemetry: TelemetrySettings, service: str) -> TracerProvider:
    """Once per process, before the service starts."""
    provider = TracerProvider(resource=resource(service))
    exporter = span_exporter(telemetry)
    if exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(exporter))
    install(provider)
    return provider


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
    per-message ``receive``/``send`` spans, which would only repeat the request's."""
    FastAPIInstrumentor.instrument_app(app, excluded_urls=UNTRACED_URLS, exclude_spans=["receive", "send"])


def instrument_engine(engine: AsyncEngine) -> None:
    """A span per SQL statement of ``engine``, child of the request or message in hand.

    Per engine with the instrumentation's ``EngineTracer``: ``SQLAlchemyInstrumentor`` is a
    process-wide singleton that instruments only the first engine it is given, and tests run
    several services (engines) in one process.
    """
    sync_engine = engine.sync_engine
    if sync_engine in _traced_engines:
        return
    tracer = trace.get_tracer("opentelemetry.instrumentation.sqlalchemy")
    usage = metrics.get_meter("opentelemetry.instrumentation.sqlalchemy").create_up_down_counter(
        "db.client.connections.usage", unit="connections"
    )
    EngineTracer(tracer, sync_engine, usage)
    _traced_engines.add(sync_engine)
