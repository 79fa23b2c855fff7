"""ASGI middleware in front of every service: a request size limit, and the headers every
answer carries (API-Version, security headers, no caching of authenticated answers).

Plain ASGI, not BaseHTTPMiddleware: the size limit must refuse a body while it streams
in, before anything parses it, and the headers must not buffer streamed answers.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.http.headers import request_headers
from shared.http.problems import MEDIA_TYPE, TITLES

CSV_TYPES = ("text/csv", "multipart/form-data")


class BodyTooLarge(Exception):
    pass


class BodySizeLimit:
    """Refuses a request body over the limit with 413: at once when Content-Length says so,
    else as soon as the streamed body passes it. CSV uploads have their own, larger limit."""

    def __init__(self, app: ASGIApp, max_json_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_json_bytes = max_json_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = request_headers(scope)
        limit = self.max_upload_bytes if headers.get("content-type", "").startswith(CSV_TYPES) else self.max_json_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _too_large(scope, send, limit)
            return
        received = 0
        too_large = started = False

        async def counting_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    too_large = True
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if too_large:
                # The app may have caught the refusal while reading (FastAPI turns any error reading
                # a body into 400): whatever it answers instead, the answer is 413.
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await _too_large(scope, send, limit)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _too_large(scope, send, limit)


class ResponseHeaders:
    """Adds the headers every answer carries: ``API-Version`` (ADR /core/version-header),
    security headers, and ``Cache-Control: no-store`` where the request was authenticated."""

    def __init__(self, app: ASGIApp, api_version: str) -> None:
        self.app = app
        self.api_version = api_version.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = request_headers(scope)
        authenticated = "authorization" in headers or "cookie" in headers

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = self._added(list(message.get("headers", [])), authenticated)
            await send(message)

        await self.app(scope, receive, with_headers)

    def _added(self, headers: list[tuple[bytes, bytes]], authenticated: bool) -> list[tuple[bytes, bytes]]:
        present = {name.lower() for name, _ in headers}
        content_type = next((v for n, v in headers if n.lower() == b"content-type"), b"")
        wanted: list[tuple[bytes, bytes]] = [
            (b"api-version", self.api_version),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"content-security-policy", _csp(content_type)),
        ]
        if authenticated:
            wanted.append((b"cache-control", b"no-store"))
        return headers + [(name, value) for name, value in wanted if name not in present]


def _csp(content_type: bytes) -> bytes:
    if content_type.startswith(b"text/html"):
        # Pages are served with their assets from the same origin; nothing from elsewhere.
        return b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    return b"default-src 'none'; frame-ancestors 'none'"


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES[413],
        "status": 413,
        "detail": f"het verzoek is groter dan {limit} bytes",
        "instance": scope.get("path", ""),
    }
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", MEDIA_TYPE.encode()), (b"content-length", str(len(payload)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": payload})
