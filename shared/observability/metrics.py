"""Every Prometheus metric the platform exposes, declared in one place.

Each service serves them on ``/metrics``. Several services can run in one process
(the tests do), so every metric carries a ``service`` label instead of relying on
one registry per process. Names follow Prometheus conventions: ``_total`` for
counters, base units (seconds, bytes) in the name.

Code that counts something imports the metric from here; nothing else declares
metrics, so the Grafana dashboard and its test can rely on this list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from prometheus_client import Counter, Gauge, Histogram
from prometheus_client.metrics import MetricWrapperBase

# HTTP edge ----------------------------------------------------------------------
HTTP_REQUESTS = Counter(
    "weerbaar_http_requests_total",
    "HTTP requests answered, by route template and status code",
    ["service", "method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "weerbaar_http_request_duration_seconds",
    "Time from request received to response sent, by route template",
    ["service", "method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

# Outbox and relay ---------------------------------------------------------------
OUTBOX_BACKLOG = Gauge(
    "weerbaar_outbox_backlog",
    "Outbox rows committed but not yet acknowledged by Kafka",
    ["service"],
)
OUTBOX_OLDEST_AGE = Gauge(
    "weerbaar_outbox_oldest_unpublished_age_seconds",
    "Age of the oldest outbox row not yet acknowledged by Kafka (0 when none waits)",
    ["service"],
)
RELAY_PUBLISHED = Counter(
    "weerbaar_relay_published_total",
    "Events the outbox relay published and Kafka acknowledged",
    ["service"],
)
RELAY_FAILURES = Counter(
    "weerbaar_relay_failures_total",
    "Relay rounds that failed (broker unreachable, send refused); rows stay in the outbox",
    ["service"],
)

# Consumers ----------------------------------------------------------------------
CONSUMER_RECORDS = Counter(
    "weerbaar_consumer_records_total",
    "Records a consumer finished with, by outcome (applied, duplicate, ignored, dead_lettered)",
    ["service", "consumer", "outcome"],
)
CONSUMER_LAG = Gauge(
    "weerbaar_consumer_lag",
    "Records in a partition after the consumer group's committed offset",
    ["service", "consumer", "topic", "partition"],
)
CONSUMER_STALLED = Gauge(
    "weerbaar_consumer_stalled",
    "1 while a consumer waits for its infrastructure (database, broker) to come back",
    ["service", "consumer"],
)
DEAD_LETTERS = Counter(
    "weerbaar_dead_letters_total",
    "Records a consumer parked on its dead-letter topic, by reason class",
    ["service", "consumer", "reason"],
)

# Notify -------------------------------------------------------------------------
DELIVERIES = Counter(
    "weerbaar_deliveries_total",
    "Webhook and e-mail delivery attempts, by channel and outcome (delivered, retry, failed)",
    ["service", "channel", "outcome"],
)
MEMOS_GENERATED = Counter(
    "weerbaar_memos_generated_total",
    "Board memos generated, by trigger (request, schedule) and outcome",
    ["service", "trigger", "outcome"],
)

# Portal -------------------------------------------------------------------------
UPSTREAM_DURATION = Histogram(
    "weerbaar_upstream_request_duration_seconds",
    "Time a front end waited for one call to a service's API, by upstream service and status class",
    ["service", "upstream", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

# Documents (shared/documents) ----------------------------------------------------------
DOCUMENT_RENDER_SECONDS = Histogram(
    "weerbaar_document_render_seconds",
    "Time to render a human-facing document to PDF, by document kind (memo, proposal, local_version)",
    ["service", "document"],
    buckets=(0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0),
)

# Helpers ------------------------------------------------------------------------
@contextmanager
def memo_generation(service: str, trigger: str) -> Iterator[None]:
    """Counts one board memo generation in ``MEMOS_GENERATED``: outcome ``generated`` when
    the block completes, ``failed`` when it raises (the error goes on)::

        with memo_generation("notify", trigger="request"):
            memo = render_memo(...)
    """
    try:
        yield
    except BaseException:
        MEMOS_GENERATED.labels(service, trigger, "failed").inc()
        raise
    MEMOS_GENERATED.labels(service, trigger, "generated").inc()


def declare_service(service: str, consumers: Iterable[str]) -> None:
    """Creates the series a service always has, at zero, so dashboards and alerts see 0
    from the start instead of no data until the first event."""
    for gauge in (OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE):
        gauge.labels(service)
    for counter in (RELAY_PUBLISHED, RELAY_FAILURES):
        counter.labels(service)
    for consumer in consumers:
        CONSUMER_STALLED.labels(service, consumer)


def samples(metric: MetricWrapperBase, **match: str) -> list[tuple[dict[str, str], float]]:
    """The current value of each series of ``metric`` whose labels include ``match``
    (counters: their ``_total``; histograms are not meant here)."""
    found = []
    for family in metric.collect():
        for sample in family.samples:
            if sample.name.endswith(("_created", "_bucket", "_count", "_sum")):
                continue
            if all(sample.labels.get(name) == value for name, value in match.items()):
                found.append((dict(sample.labels), sample.value))
    return found
