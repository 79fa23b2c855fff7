"""The FastAPI app every service serves.

Two layers: the root app has what operators and integrators use regardless of the API
version (health, ``/metrics``, the AsyncAPI document) and runs the service's lifespan
(broker, relay, consumers, workers); the versioned API is its own FastAPI app mounted
at ``/v1`` (NL GOV API Design Rules /core/uri-version), so its OpenAPI document has the
version in its server URL and the paths without it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from faststream.asgi import make_ping_asgi
from sqlalchemy import MetaData

from shared import health
from shared.http import openapi, problems
from shared.http.asyncapi import mount_asyncapi
from shared.http.docs import add_docs
from shared.http.idempotency import IdempotencyKeys, IdempotencyStore, declare_in_openapi, idempotency_table
from shared.http.middleware import BodySizeLimit, ResponseHeaders
from shared.observability import tracing
from shared.observability.exposition import metrics_response
from shared.observability.http_metrics import HttpMetrics
from shared.observability.metrics import declare_service
from shared.observability.request_context import RequestContext
from shared.service import Service

log = logging.getLogger(__name__)

API_PREFIX = "/v1"
API_VERSION = "1.0.0"  # semver of the HTTP API; the major is the /v1 in the path
CONTACT = {"name": "Weerbaar beheer", "url": "https://weerbaar.nl/contact", "email": "beheer@weerbaar.nl"}


def create_app(service: Service) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await service.start()
        log.info("%s started", service.name, extra={"lifecycle": "started"})
        try:
            yield
        finally:
            log.info("%s stopping", service.name, extra={"lifecycle": "stopping"})
            await service.stop()
            log.info("%s stopped", service.name, extra={"lifecycle": "stopped"})
            tracing.flush()

    app = FastAPI(title=f"Weerbaar {service.name}", version=API_VERSION, lifespan=lifespan, openapi_url=None,
                  docs_url=None, redoc_url=None, telemetry=tracing.FASTAPI_NATIVE_TELEMETRY_OFF)
    app.state.service = service
    problems.install(app)
    _add_health(app, service)
    _add_metrics(app, service)
    mount_asyncapi(app, service)
    app.mount(API_PREFIX, create_api(service))

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse(f"{API_PREFIX}/")

    http = service.settings.http
    keys = IdempotencyStore(service.engine, idempotency_table(MetaData(schema=service.name)))
    app.add_middleware(IdempotencyKeys, store=keys, verifier=service.token_verifier)
    app.add_middleware(BodySizeLimit, max_json_bytes=http.max_json_bytes, max_upload_bytes=http.max_upload_bytes)
    app.add_middleware(ResponseHeaders, api_version=API_VERSION)
    app.add_middleware(RequestContext)
    app.add_middleware(HttpMetrics, service=service.name)  # outermost of ours: counts the 413s too
    tracing.instrument_app(app)
    tracing.instrument_engine(service.engine)
    return app


def create_api(service: Service) -> FastAPI:
    """The versioned API: the service's routers, problem+json errors, its OpenAPI document
    (at /v1/openapi.json, readable from any origin) and Swagger UI at /v1/docs."""
    base = service.settings.http.public_base_url
    api = FastAPI(
        title=f"Weerbaar {service.name} API",
        version=API_VERSION,
        description=f"HTTP API of the Weerbaar {service.name} service (NL GOV API Design Rules). "
        "Errors are application/problem+json (RFC 9457); invalid input answers 400 with an `errors` member. "
        "Money is integer euro cents in fields named `*_cents`. Lists are paged (`page`, `pageSize` at most 200).",
        contact=CONTACT,
        servers=[{"url": f"{base.rstrip('/')}{API_PREFIX}" if base else API_PREFIX}],
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        telemetry=tracing.FASTAPI_NATIVE_TELEMETRY_OFF,
    )
    api.state.service = service
    api.state.token_verifier = service.token_verifier
    problems.install(api)
    for router in service.routers:
        _add_routes(api, router)
    _add_landing(api, service)
    _add_openapi(api)
    add_docs(api)
    return api


def _add_routes(api: FastAPI, router: APIRouter) -> None:
    """The router's operations as the API's own routes when the router adds nothing to them
    (no prefix, dependencies, callbacks or responses of its own); else included. FastAPI
    resolves an included router's routes on every request, a cost per request and per level."""
    plain = not (router.prefix or router.dependencies or router.callbacks or router.responses or router.deprecated)
    if plain and all(isinstance(route, APIRoute) for route in router.routes):
        api.router.routes.extend(router.routes)
    else:
        api.include_router(router)


def _add_landing(api: FastAPI, service: Service) -> None:
    @api.get("/", tags=["api"], summary="Landing: where the API's documentation is")
    async def landing() -> dict[str, Any]:
        """Links to this API's OpenAPI document, its documentation and the AsyncAPI document of its events."""
        return {
            "service": service.name,
            "apiVersion": API_VERSION,
            "_links": {
                "self": {"href": f"{API_PREFIX}/"},
                "openapi": {"href": f"{API_PREFIX}/openapi.json"},
                "documentation": {"href": f"{API_PREFIX}/docs"},
                "asyncapi": {"href": "/asyncapi.json"},
            },
        }


def _add_openapi(api: FastAPI) -> None:
    def document() -> dict[str, Any]:
        if api.openapi_schema is None:
            api.openapi_schema = openapi.complete(declare_in_openapi(FastAPI.openapi(api)), API_VERSION)
        return api.openapi_schema

    api.openapi = document  # type: ignore[method-assign]

    @api.get("/openapi.json", tags=["api"], summary="This API's OpenAPI document")
    async def openapi_json() -> JSONResponse:
        """The OpenAPI 3.1 document of this API (ADR /core/publish-openapi), readable from any origin."""
        return JSONResponse(document(), headers={"Access-Control-Allow-Origin": "*"})


def _add_health(app: FastAPI, service: Service) -> None:
    """Liveness, readiness (the database; Kafka reported, not gating) and the operators'
    status; see ``shared.health``."""

    @app.get("/health/live", tags=["health"])
    async def live() -> dict[str, str]:
        return {"status": "alive", "service": service.name}

    @app.get("/health/ready", tags=["health"])
    async def ready() -> JSONResponse:
        ok, checks = await health.readiness(service)
        body = {"status": "ready" if ok else "not ready", "checks": checks}
        return JSONResponse(jsonable_encoder(body), status_code=200 if ok else 503)

    @app.get("/health/status", tags=["health"])
    async def status() -> JSONResponse:
        return JSONResponse(jsonable_encoder(await health.status(service)))

    app.mount("/health/kafka", make_ping_asgi(service.broker, timeout=2.0))


def _add_metrics(app: FastAPI, service: Service) -> None:
    declare_service(service.name, [consumer.name for consumer in service.consumers])

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return await metrics_response(service)
