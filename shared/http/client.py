"""An HTTP client for the platform's own APIs (demos, tools, the portal): every POST
carries a fresh ``Idempotency-Key``, and a request whose connection failed is sent
again with the same key, so a retry can never create a second resource."""

from __future__ import annotations

from uuid import uuid4

import httpx

CONNECT_RETRIES = 3


async def _add_idempotency_key(request: httpx.Request) -> None:
    if request.method == "POST" and "idempotency-key" not in request.headers:
        request.headers["Idempotency-Key"] = str(uuid4())


def api_client(base_url: str, timeout: float = 30.0, **options: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=timeout,
        transport=httpx.AsyncHTTPTransport(retries=CONNECT_RETRIES),
        event_hooks={"request": [_add_idempotency_key]},
        **options,  # type: ignore[arg-type]
    )
