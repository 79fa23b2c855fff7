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

import logging
import sys
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
    return structlog.stdlib.ProcessorFormatter(
        pass_foreign_args=True,  # uvicorn's access line comes as arguments (see uvicorn_fields)
        foreign_pre_chain=[structlog.stdlib.ExtraAdder(), *_shared_processors(service)],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.EventRenamer("message"),
            structlog.processors.JSONRenderer(default=str),
        ],
    )


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
    if record is not None and record.name == "uvicorn.access" and isinstance(args, tuple) and len(args) == 5:
        client, method, path, _, status = args
        event.update(client=client, method=method, path=path, status=status)
    return event
