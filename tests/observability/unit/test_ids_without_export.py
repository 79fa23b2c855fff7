"""When nothing exports traces, nothing is recorded, yet every request still has a trace:
the caller's ``traceparent`` is continued (else a trace starts), the logs carry its ids, the
correlation id is its trace id, and the events the request emits carry it on."""

from __future__ import annotations

from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider

from shared.messaging.tracing import current_trace_headers
from shared.observability import tracing
from shared.observability.logs import add_trace_context
from shared.observability.request_context import RequestContext
from shared.settings import TelemetrySettings

CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"


@pytest.fixture(autouse=True)
def no_otel_environment(monkeypatch):
    for name in ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)


def test_without_an_endpoint_the_provider_keeps_ids_only():
    provider = tracing.tracer_provider(TelemetrySettings(), "inventory")
    assert provider.sampler is tracing.IDS_ONLY
    assert not tracing.records_spans(provider)
    span = provider.get_tracer("t").start_span("x")
    assert span.get_span_context().is_valid and not span.is_recording()


def test_with_an_endpoint_spans_are_recorded():
    provider = tracing.tracer_provider(TelemetrySettings(otlp_endpoint="http://collector:4317"), "inventory")
    assert tracing.records_spans(provider)
    assert provider.get_tracer("t").start_span("x").is_recording()
    provider.shutdown()


def app_seeing(seen: list[dict]) -> FastAPI:
    app = FastAPI(telemetry=tracing.FASTAPI_NATIVE_TELEMETRY_OFF)

    @app.post("/v1/things")
    async def things() -> dict[str, str]:
        span = trace.get_current_span()
        seen.append({"span": span, "log": add_trace_context(None, "info", {}), "event": dict(current_trace_headers())})
        return {}

    @app.get("/health/live")
    async def live() -> dict[str, str]:
        seen.append({"span": trace.get_current_span()})
        return {}

    app.add_middleware(RequestContext)
    ids_only = TracerProvider(sampler=tracing.IDS_ONLY).get_tracer("test")
    app.add_middleware(tracing.TraceContext, tracer=ids_only)
    return app


async def call(app: FastAPI, method: str, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        return await client.request(method, path, headers=headers)


@pytest.mark.asyncio(loop_scope="session")
async def test_the_callers_trace_is_continued_without_recording():
    seen: list[dict] = []
    answer = await call(app_seeing(seen), "POST", "/v1/things", {"traceparent": f"00-{CALLER_TRACE}-{CALLER_SPAN}-01"})
    (request,) = seen
    context = request["span"].get_span_context()
    assert not request["span"].is_recording()
    assert f"{context.trace_id:032x}" == CALLER_TRACE and f"{context.span_id:016x}" != CALLER_SPAN
    assert answer.headers["x-correlation-id"] == str(UUID(CALLER_TRACE))
    assert request["log"] == {"trace_id": CALLER_TRACE, "span_id": f"{context.span_id:016x}"}
    _, trace_id, parent_id, _ = request["event"]["traceparent"].split("-")
    assert (trace_id, parent_id) == (CALLER_TRACE, f"{context.span_id:016x}")
    assert request["event"]["ce_traceparent"] == request["event"]["traceparent"]


@pytest.mark.asyncio(loop_scope="session")
async def test_a_request_without_traceparent_starts_a_trace_of_its_own():
    seen: list[dict] = []
    app = app_seeing(seen)
    first, second = await call(app, "POST", "/v1/things"), await call(app, "POST", "/v1/things")
    traces = [s["span"].get_span_context().trace_id for s in seen]
    assert all(seen_span["span"].get_span_context().is_valid for seen_span in seen)
    assert traces[0] != traces[1], "a trace per request"
    assert [first.headers["x-correlation-id"], second.headers["x-correlation-id"]] == [str(UUID(int=t)) for t in traces]
    assert seen[0]["log"]["trace_id"] == f"{traces[0]:032x}"


@pytest.mark.asyncio(loop_scope="session")
async def test_probes_are_not_traced():
    seen: list[dict] = []
    await call(app_seeing(seen), "GET", "/health/live", {"traceparent": f"00-{CALLER_TRACE}-{CALLER_SPAN}-01"})
    assert not seen[0]["span"].get_span_context().is_valid
