"""Requests and latency are counted per route template, also inside the API mounted at /v1,
and the server span is named after the same template."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry.trace import SpanKind

from shared.observability import tracing
from shared.observability.http_metrics import UNMATCHED, HttpMetrics
from shared.observability.metrics import HTTP_DURATION, HTTP_REQUESTS, samples

pytestmark = pytest.mark.asyncio(loop_scope="session")


def build(service: str) -> FastAPI:
    api = FastAPI(telemetry=tracing.FASTAPI_NATIVE_TELEMETRY_OFF)

    @api.get("/regions/{region_code}/rounds")
    async def rounds(region_code: str) -> dict[str, str]:
        return {"region": region_code}

    @api.get("/boom")
    async def boom() -> None:
        raise RuntimeError("bug")

    root = FastAPI(telemetry=tracing.FASTAPI_NATIVE_TELEMETRY_OFF)

    @root.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "alive"}

    root.mount("/v1", api)
    root.add_middleware(HttpMetrics, service=service)
    tracing.instrument_app(root)
    return root


def requests(service: str) -> dict[tuple[str, str, str], float]:
    return {(l["method"], l["route"], l["status"]): v for l, v in samples(HTTP_REQUESTS, service=service)}


def observed(service: str, route: str) -> float:
    for family in HTTP_DURATION.collect():
        for sample in family.samples:
            if sample.name.endswith("_count") and sample.labels["service"] == service and sample.labels["route"] == route:
                return sample.value
    return 0.0


async def get_all(app: FastAPI, *paths: str) -> list[int]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return [(await client.get(path)).status_code for path in paths]


async def test_one_series_per_route_template_not_per_path():
    app = build("unit-http-templates")
    statuses = await get_all(app, "/v1/regions/VR21/rounds", "/v1/regions/VR01/rounds", "/health/live")
    assert statuses == [200, 200, 200]
    assert requests("unit-http-templates") == {
        ("GET", "/v1/regions/{region_code}/rounds", "200"): 2,
        ("GET", "/health/live", "200"): 1,
    }
    assert observed("unit-http-templates", "/v1/regions/{region_code}/rounds") == 2


async def test_unknown_paths_and_failures_are_counted_with_bounded_labels():
    app = build("unit-http-errors")
    statuses = await get_all(app, "/v1/nothing/here", "/nowhere/42", "/v1/boom")
    assert statuses == [404, 404, 500]
    assert requests("unit-http-errors") == {
        ("GET", "/v1", "404"): 1,  # inside the API, no route: the mount, not the path
        ("GET", UNMATCHED, "404"): 1,
        ("GET", "/v1/boom", "500"): 1,  # the handler raised: counted as the 500 it became
    }


async def test_the_server_span_is_named_after_the_route_template(spans):
    app = build("unit-http-spans")
    spans.clear()
    await get_all(app, "/v1/regions/VR21/rounds", "/health/live")
    servers = [s for s in spans.get_finished_spans() if s.kind is SpanKind.SERVER]
    assert [s.name for s in servers] == ["GET /v1/regions/{region_code}/rounds"], "health probes are not traced"
    assert servers[0].attributes["http.route"] == "/v1/regions/{region_code}/rounds"
