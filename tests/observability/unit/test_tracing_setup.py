"""Spans leave the process over OTLP only when an endpoint is configured."""

from __future__ import annotations

import pytest
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

from shared.observability.tracing import otlp_endpoint, resource, span_exporter
from shared.settings import Settings, TelemetrySettings

OTEL_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_SERVICE_NAME")


@pytest.fixture(autouse=True)
def no_otel_environment(monkeypatch):
    for name in OTEL_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_nothing_is_exported_when_no_endpoint_is_configured():
    assert span_exporter(TelemetrySettings()) is None


def test_the_weerbaar_setting_configures_otlp(monkeypatch):
    monkeypatch.setenv("WEERBAAR_TELEMETRY__OTLP_ENDPOINT", "http://collector:4317")
    telemetry = Settings().telemetry
    assert otlp_endpoint(telemetry) == "http://collector:4317"
    assert isinstance(span_exporter(telemetry), OTLPSpanExporter)


def test_the_standard_otel_variable_configures_otlp_too(monkeypatch):
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4317")
    assert otlp_endpoint(TelemetrySettings()) == "http://jaeger:4317"
    assert isinstance(span_exporter(TelemetrySettings()), OTLPSpanExporter)


def test_the_service_is_the_resource(monkeypatch):
    assert resource("notify").attributes["service.name"] == "weerbaar-notify"
    monkeypatch.setenv("OTEL_SERVICE_NAME", "notify-eu-west")
    assert resource("notify").attributes["service.name"] == "notify-eu-west"
