"""A request's headers, decoded once per request.

Several middlewares read the request's headers (size limit, response headers, correlation
id, idempotency key, trace context). Each used to decode the whole ASGI header list into a
dict of its own; ``request_headers`` decodes it once and keeps the dict in the scope,
together with the list it was made from, so a middleware that replaced ``scope["headers"]``
gets a fresh decoding rather than a stale one.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

_KEY = "weerbaar.headers"


def request_headers(scope: MutableMapping[str, Any]) -> Mapping[str, str]:
    """Lower-case names to latin-1 values (the last one of a repeated name), as ASGI sends them."""
    raw = scope.get("headers") or ()
    cached = scope.get(_KEY)
    if cached is not None and cached[0] is raw:
        return cached[1]
    decoded = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in raw}
    scope[_KEY] = (raw, decoded)
    return decoded
