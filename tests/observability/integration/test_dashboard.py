"""The Grafana dashboard and the Prometheus scrape configuration fit the services: every
series the dashboard queries is in a scrape of the running services' /metrics, with the
labels it groups and filters by."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from shared.contract.topics import SERVICES
from shared.observability import metrics

ROOT = Path(__file__).resolve().parents[3]
DASHBOARD = ROOT / "deploy" / "grafana" / "dashboards" / "weerbaar.json"
PROMETHEUS = ROOT / "deploy" / "prometheus" / "prometheus.yml"
# Used where deploy/prometheus/prometheus.yml is not in this tree (it comes with the compose stack).
OWN_SCRAPE_CONFIG = {"scrape_configs": [{"job_name": "weerbaar", "metrics_path": "/metrics", "static_configs": [
    {"targets": [f"{service}:8000" for service in SERVICES]}]}]}
# Series Prometheus makes itself for every target, not the services.
PROMETHEUS_OWN = {"up": {"job", "instance"}}
METRIC = re.compile(r"\b(weerbaar_[a-z0-9_]+|up)\b")
GROUPING = re.compile(r"\b(?:by|without)\s*\(([^)]*)\)")
MATCHER = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)\s*\"")
TEMPLATE_LABEL = re.compile(r"label_values\(\s*[a-z0-9_]+\s*,\s*([a-z_]+)\s*\)")


def dashboard() -> dict[str, Any]:
    return json.loads(DASHBOARD.read_text())


def scrape_config() -> dict[str, Any]:
    return yaml.safe_load(PROMETHEUS.read_text()) if PROMETHEUS.exists() else OWN_SCRAPE_CONFIG


def queries(board: dict[str, Any]) -> list[str]:
    found = [target["expr"] for panel in board["panels"] for target in panel.get("targets", [])]
    return found + [variable["definition"] for variable in board["templating"]["list"]]


def declared_labels() -> dict[str, set[str]]:
    """Sample name -> label names, for every metric declared in shared.observability.metrics."""
    names: dict[str, set[str]] = {}
    for value in vars(metrics).values():
        if isinstance(value, metrics.MetricWrapperBase):
            labels = set(value._labelnames)
            for family in value.describe():
                for suffix in {"counter": ["_total"], "histogram": ["_bucket", "_sum", "_count"]}.get(family.type, [""]):
                    names[family.name + suffix] = labels | ({"le"} if suffix == "_bucket" else set())
    return names


def sample_names(scraped: str) -> set[str]:
    names = set()
    for family in text_string_to_metric_families(scraped):
        suffixes = {"counter": ["_total"], "histogram": ["_bucket", "_sum", "_count"]}.get(family.type, [""])
        names |= {family.name + suffix for suffix in suffixes}
    return names


def test_the_dashboard_is_valid_grafana_json_on_the_provisioned_data_source():
    board = dashboard()
    assert board["uid"] and board["title"] and board["schemaVersion"] >= 36
    ids = [panel["id"] for panel in board["panels"]]
    assert len(ids) == len(set(ids)), "panel ids are unique"
    for panel in board["panels"]:
        assert {"x", "y", "w", "h"} <= panel["gridPos"].keys() and panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24
        if panel["type"] != "row":
            assert panel["datasource"] == {"type": "prometheus", "uid": "prometheus"}, panel["title"]
            assert panel["targets"] and all(t["expr"].strip() for t in panel["targets"]), panel["title"]
    titles = " ".join(panel["title"].lower() for panel in board["panels"])
    for subject in ("backlog", "lag", "dead letters", "deliveries", "requests per second", "latency"):
        assert subject in titles, f"the dashboard shows {subject}"


def test_prometheus_scrapes_every_service_at_its_metrics_path():
    (job,) = [job for job in scrape_config()["scrape_configs"] if job["job_name"] == "weerbaar"]
    assert job.get("metrics_path", "/metrics") == "/metrics"
    targets = {t.split(":")[0] for group in job["static_configs"] for t in group["targets"]}
    assert targets == {*SERVICES, "portal"}  # the portal is scraped too (its upstream latency)
    panels_job = {m for q in queries(dashboard()) for m in re.findall(r'job="([^"]+)"', q)}
    assert panels_job <= {job["job_name"]}, "the dashboard's job label is the scrape job's name"


@pytest.mark.asyncio(loop_scope="session")
async def test_every_series_the_dashboard_queries_is_in_a_scrape_of_the_running_services(inventory, notify):
    (job,) = [job for job in scrape_config()["scrape_configs"] if job["job_name"] == "weerbaar"]
    path = job.get("metrics_path", "/metrics")
    scraped = [sample_names((await running.root.get(path)).text) for running in (inventory, notify)]
    labels = {**declared_labels(), **PROMETHEUS_OWN}
    used = set()
    for query in queries(dashboard()):
        names = set(METRIC.findall(query))
        assert names, f"no metric in {query!r}"
        used |= names
        wanted = {label.strip() for group in GROUPING.findall(query) for label in group.split(",") if label.strip()}
        wanted |= set(MATCHER.findall(query)) | set(TEMPLATE_LABEL.findall(query))
        available = set().union(*(labels[name] for name in names if name in labels))
        assert wanted <= available, f"{query!r} uses labels {wanted - available} its metrics do not have"
    for name in used - PROMETHEUS_OWN.keys():
        assert name in labels, f"{name} is not declared in shared/observability/metrics.py"
        for service_names in scraped:
            assert name in service_names, f"{name} is not in the services' {path}"
    # A histogram is shown by its buckets (quantiles); its _sum and _count need no panel of their own.
    histogram_totals = {n for n in labels if n.endswith(("_sum", "_count"))
                        and n.rsplit("_", 1)[0] + "_bucket" in labels}
    assert used - PROMETHEUS_OWN.keys() == set(labels) - PROMETHEUS_OWN.keys() - histogram_totals, \
        "every declared metric is on the dashboard"
