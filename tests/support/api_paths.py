"""Paths of the HTTP API that tests and benchmarks drive, named once: the API is moving
to ``/v1/...`` prefixes, and whichever the running service serves is used."""

from __future__ import annotations

from typing import Any

REGISTER_NOODSTEUNPUNT = ("/v1/municipalities/{municipality_code}/noodsteunpunten",
                          "/municipalities/{municipality_code}/noodsteunpunten")  # preferred first


def register_noodsteunpunt(openapi: dict[str, Any]) -> str:
    """The registering path template the service's OpenAPI document lists (``/v1`` when it has it)."""
    paths = openapi.get("paths", {})
    for candidate in REGISTER_NOODSTEUNPUNT:
        if "post" in paths.get(candidate, {}):
            return candidate
    raise LookupError("the service's OpenAPI document lists no POST to register a noodsteunpunt")
