"""An in-memory span exporter for the observability tests.

The process has one tracer provider (OpenTelemetry allows setting it once), so it is
installed once for the session, the way ``shared.observability.tracing`` installs the
real one, and shut down at the end; tests clear the exporter before they look.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from shared.observability import tracing


@pytest.fixture(scope="session")
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider(resource=tracing.resource("tests"))
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.install(provider)
    assert trace.get_tracer_provider() is provider, "another tracer provider was installed in this process first"
    yield exporter
    provider.shutdown()
