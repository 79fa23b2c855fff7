"""Requests and latency per route template (``HTTP_REQUESTS``, ``HTTP_DURATION``).

A pure ASGI middleware on the root app. It reads the route after the request was routed:
Starlette's routers write the matched route into the request's scope, also inside the API
mounted at ``/v1``, and the mount into ``root_path``; so the template is the full one
(``/v1/municipalities/{municipality_code}/noodsteunpunten``), never the raw path, which
would make a series per id. The server span gets the same name and ``http.route``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from opentelemetry import trace
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.observability.metrics import HTTP_DURATION, HTTP_REQUESTS

UNMATCHED = "unmatched"  # no route took the request (404, or refused before routing, e.g. 413)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_template(scope: Mapping[str, Any], root_path: str = "") -> str:
    """The template of the route that handled the request, with the prefix of the mount it
    is in; a mount's prefix when the mounted app has no routes of its own (or none matched)."""
    route = scope.get("route")
    prefix = str(scope.get("root_path", ""))[len(root_path):]
    if route is None or isinstance(route, Mount):
        return prefix or UNMATCHED
    return prefix + str(getattr(route, "path_format", None) or getattr(route, "path", ""))


class HttpMetrics:
    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service
        # The series' children by (method, route, status), looked up once: ``labels()`` costs
        # a lock and a tuple of strings per call. Bounded: routes are templates, never paths.
        self._series: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        root_path = scope.get("root_path", "")
        status = 500  # unless a response starts: an exception becomes a 500 further out
        route = ""
        method = scope["method"] if scope["method"] in METHODS else "OTHER"

        async def noting_status(message: Message) -> None:
            nonlocal status, route
            if message["type"] == "http.response.start":
                status = message["status"]
                # Routed by now; the server span ends with the last body message, so name it here.
                route = route_template(scope, root_path)
                _name_server_span(method, route)
            await send(message)

        try:
            await self.app(scope, receive, noting_status)
        finally:
            requests, duration = self._children(method, route or route_template(scope, root_path), status)
            requests.inc()
            duration.observe(time.perf_counter() - started)

    def _children(self, method: str, route: str, status: int) -> tuple[Any, Any]:
        key = (method, route, status)
        children = self._series.get(key)
        if children is None:
            children = (HTTP_REQUESTS.labels(self.service, method, route, str(status)),
                        HTTP_DURATION.labels(self.service, method, route))
            self._series[key] = children
        return children


def _name_server_span(method: str, route: str) -> None:
    span = trace.get_current_span()
    if span.is_recording() and route != UNMATCHED:
        span.update_name(f"{method} {route}")
        span.set_attribute("http.route", route)
