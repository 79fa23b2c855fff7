"""Structured logs: one JSON object per line, from the standard ``logging`` calls everywhere.

Every line has ``timestamp`` (UTC, ISO 8601), ``level``, ``service``, ``logger`` and
``message``; ``trace_id`` and ``span_id`` of the span in hand; whatever the request or
message bound to the context (``correlation_id`` per HTTP request, ``event_id`` and others
per consumed message, via ``log_context``); and the ``extra=`` fields of the call
(``log.warning("...", extra={"consumer": name, "partition": 3})``). Uvicorn's access and
error logs go through the same formatter (the access line also as method, path, status).

Configured by the process's entry point (``shared.cli``), never at import time.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone
from typing import IO, Any

import structlog
from opentelemetry import trace
from opentelemetry.trace import format_span_id, format_trace_id
from structlog.typing import EventDict, Processor, WrappedLogger

UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")
# Load balancers and Prometheus ask every few seconds; their answered requests are no news.
QUIET_PATHS = ("/health/live", "/health/ready", "/metrics")

# Binds fields to every line logged within the block (and the tasks it starts):
#     with log_context(event_id=str(event.id), correlation_id=str(event.correlation_id)): ...
log_context = structlog.contextvars.bound_contextvars


def configure_logging(service: str, level: str = "INFO", stream: IO[str] | None = None) -> logging.Handler:
    """Routes every stdlib and structlog logger through one JSON formatter on ``stream``
    (standard error: standard output stays for what commands print). Returns the handler."""
    shared = _shared_processors(service)
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(json_formatter(service))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    for name in UVICORN_LOGGERS:  # uvicorn's own handlers would print a second, plain line
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
        logger.setLevel(logging.NOTSET)  # the root's level, unless uvicorn is told another
    handler.addFilter(quiet_probes)
    return handler


def quiet_probes(record: logging.LogRecord) -> bool:
    """Drops uvicorn's access line of a successful probe or scrape; failed ones stay."""
    if record.name != "uvicorn.access" or not isinstance(record.args, tuple) or len(record.args) != 5:
        return True
    path, status = str(record.args[2]), record.args[4]
    return not (path.split("?")[0] in QUIET_PATHS and isinstance(status, int) and status < 400)


def json_formatter(service: str) -> logging.Formatter:
    return JsonLines(
        service,
        pass_foreign_args=True,  # uvicorn's access line comes as arguments (see uvicorn_fields)
        foreign_pre_chain=[structlog.stdlib.ExtraAdder(), *_shared_processors(service)],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.EventRenamer("message"),
            structlog.processors.JSONRenderer(default=str),
        ],
    )


class JsonLines(structlog.stdlib.ProcessorFormatter):
    """Every line through the processor chain, except uvicorn's access line: written once per
    request, it is built here with the same fields in the same order. The chain's generic
    steps (copying the record, looking for ``extra`` fields, a call per processor) cost more
    than such a line; ``test_logs`` checks both ways write the same line."""

    def __init__(self, service: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._service = service

    def format(self, record: logging.LogRecord) -> str:
        access = _access_fields(record.name, record.args)
        if access is None or record.exc_info or record.stack_info:
            return super().format(record)
        event: EventDict = {}
        structlog.contextvars.merge_contextvars(None, "", event)
        event.setdefault("level", record.levelname.lower())
        event.setdefault("logger", record.name)
        event["timestamp"] = datetime.now(tz=timezone.utc).isoformat().replace("+00:00", "Z")
        event.setdefault("service", self._service)
        add_trace_context(None, "", event)
        event.update(access)
        event["message"] = record.getMessage()
        return json.dumps(event, default=str)


def _access_fields(logger: str, args: object) -> dict[str, Any] | None:
    """Client, method, path and status of uvicorn's access line (None for any other line)."""
    if logger != "uvicorn.access" or not isinstance(args, tuple) or len(args) != 5:
        return None
    client, method, path, _, status = args
    return {"client": client, "method": method, "path": path, "status": status}


def _shared_processors(service: str) -> list[Processor]:
    def add_service(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
        event.setdefault("service", service)
        return event

    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="timestamp"),
        add_service,
        add_trace_context,
        uvicorn_fields,
    ]


def add_trace_context(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
    """The trace and span of the request or message in hand, as the trace backend shows them."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event.setdefault("trace_id", format_trace_id(context.trace_id))
        event.setdefault("span_id", format_span_id(context.span_id))
    return event


def uvicorn_fields(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
    """Uvicorn's access line also as fields; its terminal colouring dropped. (The arguments
    of other lines are in their message already.)"""
    event.pop("color_message", None)
    args = event.pop("positional_args", None)
    record: Any = event.get("_record")
    access = _access_fields(record.name, args) if record is not None else None
    if access is not None:
        event.update(access)
    return event
