"""The correlation id of an HTTP request, decided once at the edge.

An explicit ``X-Correlation-ID`` (a UUID) wins; else the request's trace id (the server
span's, which continues the caller's ``traceparent`` when one came); else a new one. It is
bound to every log line of the request, answered in the ``X-Correlation-ID`` header, and
kept in the request's state, where the unit of work takes it for the events it emits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID, uuid4

from opentelemetry import trace
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.http.headers import request_headers
from shared.observability.logs import log_context

HEADER = "x-correlation-id"
_w3c = TraceContextTextMapPropagator()


def correlation_id(headers: Mapping[str, str]) -> UUID:
    explicit = _uuid(headers.get(HEADER))
    if explicit is not None:
        return explicit
    span = trace.get_current_span().get_span_context()
    if not span.is_valid:  # not traced (no SDK, or an untraced path): the caller's traceparent still counts
        span = trace.get_current_span(_w3c.extract(headers)).get_span_context()
    return UUID(int=span.trace_id) if span.is_valid else uuid4()


def request_correlation_id(scope: Mapping[str, Any]) -> UUID:
    """The id ``RequestContext`` decided for this request (a new one outside of it)."""
    return scope.get("state", {}).get("correlation_id") or uuid4()


class RequestContext:
    """Pure ASGI middleware: decides the correlation id and binds it for the request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cid = correlation_id(request_headers(scope))
        scope.setdefault("state", {})["correlation_id"] = cid

        async def answer_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (HEADER.encode(), str(cid).encode())]
            await send(message)

        with log_context(correlation_id=str(cid)):
            await self.app(scope, receive, answer_with_id)


def _uuid(value: str | None) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError:
        return None
