"""The portal's one client of the four services' HTTP APIs.

One shared ``httpx.AsyncClient`` (connection pool, timeouts) for every request; each call
carries the signed-in user's bearer token, never a token of the portal's own. Answers
come back as tolerant ``Record``s; paged lists are unwrapped to their items. Problem
details (RFC 9457) become ``ApiError``; a service that does not answer becomes
``ServiceUnavailable``, which the pages show as such, never as a stack trace.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpx

from shared.observability.metrics import UPSTREAM_DURATION
from services.portal.adapters import paths
from services.portal.adapters.records import Record, wrap

# The trace of the page request being served (W3C trace id): every API call made for one page
# carries it in ``traceparent``, so the services give the events of one user action one correlation id.
TRACE_ID: ContextVar[str | None] = ContextVar("portal_trace_id", default=None)
PAGE_SIZE = 200  # the APIs' maximum page size
MAX_PAGES = 10  # a list longer than 2,000 items is cut: no page shows that much


@dataclass
class ApiError(Exception):
    """A service refused the request (4xx) with problem details."""

    status: int
    title: str = ""
    detail: str = ""
    errors: list[Record] = field(default_factory=list)
    body: Any = None

    def __str__(self) -> str:
        return f"{self.status} {self.title}: {self.detail}"


class ServiceUnavailable(ApiError):
    """The service did not answer, or answered 5xx."""


@dataclass(frozen=True)
class Document:
    """A file a service made (PDF, CSV, GeoJSON, HTML), passed on to the browser as it is."""

    content: bytes
    media_type: str
    disposition: str | None


class ApiClient:
    def __init__(self, http: httpx.AsyncClient, base_urls: Mapping[str, str]) -> None:
        self._http = http
        self._base = {name: url.rstrip("/") for name, url in base_urls.items()}

    async def get(self, service: str, path: str, token: str | None, params: Mapping[str, Any] | None = None) -> Any:
        return wrap((await self._call("GET", service, path, token, params=params)).json())

    async def items(self, service: str, path: str, token: str | None, params: Mapping[str, Any] | None = None) -> list[Any]:
        """Every item of a paged list (bounded), in the API's order."""
        found: list[Any] = []
        for page in range(1, MAX_PAGES + 1):
            body = (await self._call("GET", service, path, token,
                                     params={**(params or {}), "page": page, "pageSize": PAGE_SIZE})).json()
            if not isinstance(body, dict) or "items" not in body:
                return wrap(body if isinstance(body, list) else [])
            found.extend(body["items"])
            if page >= int(body.get("totalPages") or 1):
                break
        return wrap(found)

    async def items_if_allowed(self, service: str, path: str, token: str | None,
                               params: Mapping[str, Any] | None = None) -> list[Any]:
        """Like ``items``, but a list this user may not read (403), or one the service does not
        offer (yet: 404, 405), is simply empty: for the optional parts of a page."""
        try:
            return await self.items(service, path, token, params)
        except ServiceUnavailable:
            raise
        except ApiError as error:
            if error.status in (403, 404, 405):
                return []
            raise

    async def send(self, method: str, service: str, path: str, token: str | None, json: Any = None,
                   content: bytes | None = None, content_type: str | None = None) -> Any:
        headers = {"Content-Type": content_type} if content_type else None
        response = await self._call(method, service, path, token, json=json, content=content, headers=headers)
        return wrap(response.json()) if response.content else None

    async def document(self, service: str, path: str, token: str | None) -> Document:
        response = await self._call("GET", service, path, token)
        return Document(response.content, response.headers.get("content-type", "application/octet-stream"),
                        response.headers.get("content-disposition"))

    async def alive(self, service: str) -> bool:
        try:
            response = await self._http.get(f"{self._base[service]}{paths.HEALTH_LIVE}", timeout=2.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def _call(self, method: str, service: str, path: str, token: str | None, **kwargs: Any) -> httpx.Response:
        url = f"{self._base[service]}{paths.API_PREFIX}{path}"
        headers = {"Accept": "application/json, application/problem+json;q=0.9, */*;q=0.5",
                   **(kwargs.pop("headers", None) or {})}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        trace = TRACE_ID.get()
        if trace:
            headers["traceparent"] = f"00-{trace}-{secrets.token_hex(8)}-01"
        started = time.perf_counter()
        status = "unreachable"
        try:
            response = await self._http.request(method, url, headers=headers, **kwargs)
            status = f"{response.status_code // 100}xx"
        except httpx.HTTPError as error:
            raise ServiceUnavailable(503, "Tijdelijk niet beschikbaar", f"{service} antwoordt niet") from error
        finally:
            UPSTREAM_DURATION.labels("portal", service, method, status).observe(time.perf_counter() - started)
        if response.status_code >= 400:
            raise _error(service, response)
        return response


def _error(service: str, response: httpx.Response) -> ApiError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    kind = ServiceUnavailable if response.status_code >= 500 else ApiError
    return kind(
        status=response.status_code,
        title=str(body.get("title") or ""),
        detail=str(body.get("detail") or f"{service} antwoordde {response.status_code}"),
        errors=wrap([e for e in body.get("errors") or [] if isinstance(e, dict)]),
        body=wrap(body),
    )
