"""Every log line is one JSON object with the fields an operator filters on."""

from __future__ import annotations

import io
import json
import logging
from datetime import datetime

import pytest
import structlog
from opentelemetry import trace
from opentelemetry.trace import format_trace_id

from shared.observability.logs import UVICORN_LOGGERS, configure_logging, json_formatter, log_context


@pytest.fixture
def lines():
    """Logging configured into a buffer; the process's logging put back afterwards."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, {
        name: (list(logging.getLogger(name).handlers), logging.getLogger(name).propagate, logging.getLogger(name).level)
        for name in UVICORN_LOGGERS
    })
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)  # as an in-process uvicorn leaves it
    buffer = io.StringIO()
    configure_logging("inventory", "INFO", stream=buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    root.handlers, level, uvicorn = saved[0], saved[1], saved[2]
    root.setLevel(level)
    for name, (handlers, propagate, uvicorn_level) in uvicorn.items():
        logging.getLogger(name).handlers = handlers
        logging.getLogger(name).propagate = propagate
        logging.getLogger(name).setLevel(uvicorn_level)
    structlog.reset_defaults()


def test_a_line_has_time_level_service_logger_message_trace_and_bound_ids(lines, spans):
    log = logging.getLogger("shared.messaging.consumer")
    with trace.get_tracer("test").start_as_current_span("apply") as span:
        with log_context(correlation_id="c0ffee00-0000-4000-8000-000000000001", event_id="e-1"):
            log.warning("dead-lettered %s", "inventory.events[2]@7", extra={"consumer": "notify.feed", "partition": 2})
    (line,) = lines()
    assert line["message"] == "dead-lettered inventory.events[2]@7"
    assert line["level"] == "warning"
    assert line["service"] == "inventory"
    assert line["logger"] == "shared.messaging.consumer"
    assert datetime.fromisoformat(line["timestamp"].replace("Z", "+00:00")).utcoffset().total_seconds() == 0
    assert line["trace_id"] == format_trace_id(span.get_span_context().trace_id)
    assert line["correlation_id"] == "c0ffee00-0000-4000-8000-000000000001" and line["event_id"] == "e-1"
    assert line["consumer"] == "notify.feed" and line["partition"] == 2


def test_bound_fields_end_with_their_block_and_exceptions_are_rendered(lines):
    log = logging.getLogger("x")
    with log_context(event_id="e-2"):
        pass
    try:
        raise ValueError("kapot")
    except ValueError:
        log.exception("relay failed")
    (line,) = lines()
    assert "event_id" not in line and "trace_id" not in line  # nothing bound, no span in hand
    assert line["level"] == "error" and "ValueError: kapot" in line["exception"]


def test_uvicorns_access_and_error_lines_are_json_too(lines):
    logging.getLogger("uvicorn.access").info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5123", "POST", "/v1/x?y=1", "1.1", 201)
    logging.getLogger("uvicorn.error").info("Started server process [%d]", 42, extra={"color_message": "\x1b[1m42\x1b[0m"})
    access, error = lines()
    assert access["logger"] == "uvicorn.access" and access["message"] == '127.0.0.1:5123 - "POST /v1/x?y=1 HTTP/1.1" 201'
    assert (access["method"], access["path"], access["status"]) == ("POST", "/v1/x?y=1", 201)
    assert error["logger"] == "uvicorn.error" and error["message"] == "Started server process [42]"
    assert "color_message" not in error


def test_answered_probes_and_scrapes_are_not_logged_failed_ones_are(lines):
    access = logging.getLogger("uvicorn.access")
    for path, status in (("/health/ready", 200), ("/metrics", 200), ("/health/ready", 503), ("/v1/feed", 200)):
        access.info('%s - "%s %s HTTP/%s" %d', "10.0.0.9:80", "GET", path, "1.1", status)
    assert [(line["path"], line["status"]) for line in lines()] == [("/health/ready", 503), ("/v1/feed", 200)]


def test_structlog_loggers_write_the_same_lines(lines):
    structlog.get_logger("weerbaar.demo").info("memo generated", region="VR21")
    (line,) = lines()
    assert (line["message"], line["region"], line["service"], line["level"]) == ("memo generated", "VR21", "inventory", "info")


def test_the_access_line_is_built_directly_with_the_chains_fields_in_its_order(spans):
    """uvicorn's access line (one per request) skips the processor chain; it must not differ."""
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5123", "POST", "/v1/x?y=1", "1.1", 201), None)
    formatter = json_formatter("inventory")
    with trace.get_tracer("test").start_as_current_span("request"), log_context(correlation_id="c-1"):
        direct = json.loads(formatter.format(record))
        chain = json.loads(structlog.stdlib.ProcessorFormatter.format(formatter, record))
    assert direct.pop("timestamp").endswith("Z") and chain.pop("timestamp").endswith("Z")
    assert list(direct.items()) == list(chain.items())
    assert direct["correlation_id"] == "c-1" and direct["status"] == 201 and "trace_id" in direct
