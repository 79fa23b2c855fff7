"""Paths of the HTTP API that fault tests and benchmarks drive, named once."""

from __future__ import annotations

REGISTER_NOODSTEUNPUNT = "/v1/municipalities/{municipality_code}/noodsteunpunten"
