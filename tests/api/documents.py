"""The four services' OpenAPI documents, built the way the running services build them."""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Any

from shared.contract.topics import SERVICES
from shared.http.app import create_api
from shared.settings import Settings

METHODS = ("get", "put", "post", "patch", "delete")


@cache
def openapi_document(service: str) -> dict[str, Any]:
    bootstrap = import_module(f"services.{service}.bootstrap").bootstrap
    return create_api(bootstrap(Settings(service_name=service))).openapi()


def operations(service: str) -> list[tuple[str, str]]:
    """(METHOD, path) of every documented operation, paths relative to /v1."""
    paths = openapi_document(service)["paths"]
    return sorted((method.upper(), path) for path, item in paths.items() for method in item if method in METHODS)


def all_services() -> tuple[str, ...]:
    return tuple(SERVICES)
