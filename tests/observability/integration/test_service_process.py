"""A service as it runs in production (``python -m services.inventory serve``): every line it
writes on standard error is JSON, the request's trace and correlation ids are on its lines,
uvicorn's lines included, it says when it starts and stops, and with an OTLP endpoint
configured its spans reach the collector (here a real gRPC collector endpoint in the test)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from concurrent import futures
from pathlib import Path
from typing import Any
from uuid import UUID

import grpc
import httpx
import pytest
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc

from tests.observability.running import fresh_database
from tests.observability.integration.support import OSS, REGISTER, REGISTER_ROUTE
from tests.support import tokens
from tests.support.polling import eventually
from tests.support.running import free_port

pytestmark = pytest.mark.asyncio(loop_scope="session")

ROOT = Path(__file__).resolve().parents[3]
TRACE_ID = "0af7651916cd43dd8448eb211c80319c"


class Collector(trace_service_pb2_grpc.TraceServiceServicer):
    def __init__(self) -> None:
        self.received: list[Any] = []

    def Export(self, request: Any, context: Any) -> Any:  # noqa: N802 (the gRPC method's name)
        self.received.append(request)
        return trace_service_pb2.ExportTraceServiceResponse()

    def spans(self) -> list[tuple[str, Any]]:
        """(service.name of the resource, span) for every span received."""
        found = []
        for request in self.received:
            for resource_spans in request.resource_spans:
                attributes = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
                found += [(attributes.get("service.name"), span)
                          for scope in resource_spans.scope_spans for span in scope.spans]
        return found


@pytest.fixture
def collector():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    servicer = Collector()
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield servicer, port
    server.stop(grace=None)


def environment(database_url: str, kafka_settings: Any, collector_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "WEERBAAR_"))}
    for name, value in kafka_settings.model_dump().items():
        if value is not None:
            secret = getattr(value, "get_secret_value", None)
            env[f"WEERBAAR_KAFKA__{name.upper()}"] = secret() if secret else str(value)
    env.update(WEERBAAR_DB__URL=database_url, WEERBAAR_KAFKA__GROUP_PREFIX="test-observability-process",
               WEERBAAR_TELEMETRY__OTLP_ENDPOINT=f"http://127.0.0.1:{collector_port}", PYTHONUNBUFFERED="1")
    return env


async def test_a_service_process_logs_json_with_trace_and_correlation_and_exports_its_spans(
    postgres, kafka_settings, collector, tmp_path
):
    servicer, collector_port = collector
    url = await fresh_database(postgres, "observability_process", "inventory")
    port = free_port()
    stderr = tmp_path / "stderr.log"
    with open(stderr, "wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "services.inventory", "serve", "--port", str(port)], cwd=ROOT,
                                   env=environment(url, kafka_settings, collector_port), stdout=subprocess.DEVNULL, stderr=err)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            HTTPXClientInstrumentor.uninstrument_client(client)  # this client sends no trace context of its own

            async def ready() -> bool:
                try:
                    return (await client.get("/health/ready")).status_code == 200
                except httpx.TransportError:
                    return process.poll() is not None  # stop waiting: it died
            await eventually(ready, 60, what="the inventory process ready")
            assert process.poll() is None, stderr.read_text()[-3000:]

            created = await client.post(f"/v1{REGISTER}", json={"name": "Brandweerpost Berghem"},
                                        headers={**tokens.municipality(OSS), "traceparent": f"00-{TRACE_ID}-b7ad6b7169203331-01"})
            assert created.status_code == 201, created.text
            assert created.headers["x-correlation-id"] == str(UUID(TRACE_ID)), "the caller's trace is the correlation"
            landing = await client.get("/v1/")
            own_trace = UUID(landing.headers["x-correlation-id"]).hex  # no traceparent: the service's own trace
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)  # uvicorn re-raises the signal it stopped on

    text = stderr.read_text()
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]  # every line is JSON, or this fails
    assert all({"timestamp", "level", "service", "logger", "message"} <= line.keys() for line in lines)
    assert {line["service"] for line in lines} == {"inventory"}
    lifecycle = [line["lifecycle"] for line in lines if "lifecycle" in line]
    assert lifecycle == ["started", "stopping", "stopped"]
    assert any(line["logger"] == "uvicorn.error" and "startup complete" in line["message"] for line in lines)

    (post,) = [line for line in lines if line["logger"] == "uvicorn.access" and line.get("method") == "POST"]
    assert (post["path"], post["status"]) == (f"/v1{REGISTER}", 201)
    assert post["trace_id"] == TRACE_ID and post["correlation_id"] == str(UUID(TRACE_ID))
    (get,) = [line for line in lines if line["logger"] == "uvicorn.access" and line.get("path") == "/v1/"]
    assert get["trace_id"] == own_trace, "the SDK is installed: a request without traceparent still has a trace"

    exported = servicer.spans()
    assert {service for service, _ in exported} == {"weerbaar-inventory"}
    request_spans = [span for _, span in exported if span.trace_id.hex() == TRACE_ID]
    assert f"POST {REGISTER_ROUTE}" in {span.name for span in request_spans}
    # The registration and its outbox row are one statement (WITH ... INSERT ... INSERT INTO outbox).
    sql = [span for span in request_spans if span.name.split()[0] in ("INSERT", "WITH")]
    assert any("INSERT INTO inventory.noodsteunpunten" in str(span.attributes) for span in sql), "its SQL is in the trace too"
