"""The compose stack, checked without a Docker engine: parsed, every secret taken from the
operator's .env (each one listed in .env.example, none committed), every service wired
to what an operator watches it with, every mounted file present."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from shared.contract.topics import SERVICES
from shared.runtime.kafka_local import security_settings

ROOT = Path(__file__).resolve().parents[2]
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")
SECRET_NAMES = re.compile(r"PASSWORD|SECRET|SIGNING_KEY|TOKEN")


@pytest.fixture(scope="module")
def compose_text() -> str:
    return (ROOT / "docker-compose.yml").read_text()


@pytest.fixture(scope="module")
def compose(compose_text: str) -> dict[str, Any]:
    return yaml.safe_load(compose_text)


@pytest.fixture(scope="module")
def env_example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    pairs = [line.split("=", 1) for line in lines if line.strip() and not line.startswith("#")]
    return {key.strip(): value.strip() for key, value in pairs}


def environment(service: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in (service.get("environment") or {}).items()}


def test_every_variable_the_compose_file_uses_is_in_the_example_env_and_no_value_is_committed(
    compose_text: str, env_example: dict[str, str]
) -> None:
    used = {match.group(1) for match in VARIABLE.finditer(compose_text)}

    assert used, "the compose file takes its secrets from .env"
    assert used == set(env_example), "every ${VAR} is documented in .env.example, and nothing else is"
    assert all(value == "" for value in env_example.values()), ".env.example holds no secret"


def test_secrets_are_required_or_empty_never_defaulted(compose_text: str) -> None:
    for match in VARIABLE.finditer(compose_text):
        name, operator, default = match.groups()
        if operator in (":-", "-"):
            assert default == "", f"${{{name}}} must not default to a value"
        else:
            assert operator == ":?", f"${{{name}}} must be required (:?) or explicitly empty (:-)"


def test_no_secret_is_written_into_the_compose_file(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        for key, value in environment(service).items():
            if SECRET_NAMES.search(key):
                assert value.startswith("${"), f"{name}: {key} is not taken from .env"
            if key == "WEERBAAR_DB__URL":
                assert "${POSTGRES_PASSWORD" in value, f"{name}: the database password comes from .env"


def test_the_services_run_in_production_mode_each_as_its_own_kafka_principal(compose: dict[str, Any]) -> None:
    for name in SERVICES:
        env = environment(compose["services"][name])
        assert env["WEERBAAR_ENVIRONMENT"] == "production"
        assert env["WEERBAAR_SERVICE_NAME"] == name
        assert env["WEERBAAR_KAFKA__SECURITY_PROTOCOL"] == "SASL_PLAINTEXT"
        assert env["WEERBAAR_KAFKA__SASL_MECHANISM"] == "SCRAM-SHA-512"
        assert env["WEERBAAR_KAFKA__SASL_USERNAME"] == name
        assert env["WEERBAAR_KAFKA__SASL_PASSWORD"].startswith(f"${{KAFKA_{name.upper()}_PASSWORD:?")
        assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://jaeger:4317"
        assert compose["services"][name]["depends_on"]["kafka-init"]["condition"] == "service_completed_successfully"


def test_notify_sends_mail_to_mailpit(compose: dict[str, Any]) -> None:
    env = environment(compose["services"]["notify"])

    assert env["WEERBAAR_NOTIFY_SMTP_HOST"] == "mailpit"
    assert env["WEERBAAR_NOTIFY_SMTP_PORT"] == "1025"
    assert "127.0.0.1:8025:8025" in compose["services"]["mailpit"]["ports"]


def test_kafka_is_provisioned_by_the_admin_with_every_principals_password(compose: dict[str, Any]) -> None:
    init = compose["services"]["kafka-init"]
    env = environment(init)

    assert init["command"] == ["python", "-m", "shared.ops.kafka_access", "provision"]
    assert env["WEERBAAR_KAFKA__SASL_USERNAME"] == "admin"
    for principal in (*SERVICES, "integrator"):
        assert f"KAFKA_{principal.upper()}_PASSWORD" in env


def test_every_published_port_is_bound_to_loopback(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond this machine"


def test_every_mounted_file_exists_and_every_named_volume_is_declared(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("./"):
                assert (ROOT / source).exists(), f"{name} mounts {source}, which is missing"
            else:
                assert source in compose["volumes"], f"{name} uses the undeclared volume {source}"


def test_prometheus_scrapes_the_four_services_metrics(compose: dict[str, Any]) -> None:
    config = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
    targets = {
        target
        for job in config["scrape_configs"]
        if job.get("metrics_path", "/metrics") == "/metrics"
        for static in job["static_configs"]
        for target in static["targets"]
    }

    assert targets == {f"{name}:8000" for name in (*SERVICES, "portal")}
    assert all(target.split(":")[0] in compose["services"] for target in targets)


def test_grafana_gets_prometheus_as_its_data_source_and_the_dashboards_folder(compose: dict[str, Any]) -> None:
    provisioning = ROOT / "deploy" / "grafana" / "provisioning"
    (source,) = yaml.safe_load((provisioning / "datasources" / "prometheus.yml").read_text())["datasources"]
    (provider,) = yaml.safe_load((provisioning / "dashboards" / "weerbaar.yml").read_text())["providers"]
    grafana = compose["services"]["grafana"]

    assert source["type"] == "prometheus" and source["url"] == "http://prometheus:9090"
    assert "prometheus" in compose["services"]
    assert f"./deploy/grafana/dashboards:{provider['options']['path']}:ro" in grafana["volumes"]
    assert environment(grafana)["GF_SECURITY_ADMIN_PASSWORD"].startswith("${GRAFANA_ADMIN_PASSWORD:?")


def test_the_compose_broker_has_the_local_brokers_security() -> None:
    lines = (ROOT / "deploy" / "kafka" / "server.properties").read_text().splitlines()
    compose_broker = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    local = {k: v for k, v in security_settings("unused").items() if not k.startswith("listener.name.")}

    assert {key: compose_broker.get(key) for key in local} == local
    assert set(compose_broker["listener.security.protocol.map"].split(",")) == {
        "INTERNAL:SASL_PLAINTEXT", "HOST:SASL_PLAINTEXT", "CONTROLLER:SASL_PLAINTEXT"
    }


def test_the_operators_env_file_is_never_committed_or_copied_into_the_image() -> None:
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in (ROOT / ".dockerignore").read_text().splitlines()
