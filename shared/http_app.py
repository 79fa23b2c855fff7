"""The FastAPI app every service serves: its API, liveness, readiness, and its
AsyncAPI document; its lifespan starts and stops the broker, relay and consumers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from faststream.asgi import make_asyncapi_asgi, make_ping_asgi
from faststream.specification import AsyncAPI

from shared.auth.principal import AccessDenied
from shared.errors import InvalidInput, NotFound, RuleViolation
from shared.service import Service

ASYNCAPI_VERSION = "3.0.0"


def asyncapi_document(service: Service) -> dict[str, Any]:
    spec = AsyncAPI(
        service.broker,
        title=f"Weerbaar {service.name} service",
        version="1.0.0",
        description=f"Events the {service.name} service publishes and consumes. Wire format: CloudEvents 1.0, "
        "Kafka protocol binding, binary mode (ce_* headers, JSON value); key = region code.",
        schema_version=ASYNCAPI_VERSION,
    )
    return spec.to_specification().to_jsonable()


def create_app(service: Service) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await service.start()
        try:
            yield
        finally:
            await service.stop()

    app = FastAPI(title=f"Weerbaar {service.name}", version="1.0.0", lifespan=lifespan)
    app.state.service = service
    app.state.token_verifier = service.token_verifier
    for router in service.routers:
        app.include_router(router)
    _add_health(app, service)
    _add_asyncapi(app, service)
    _add_error_handlers(app)
    return app


def _add_health(app: FastAPI, service: Service) -> None:
    @app.get("/health/live", tags=["health"])
    async def live() -> dict[str, str]:
        return {"status": "alive", "service": service.name}

    @app.get("/health/ready", tags=["health"])
    async def ready() -> JSONResponse:
        ok, checks = await service.readiness()
        return JSONResponse({"status": "ready" if ok else "not ready", "checks": checks}, status_code=200 if ok else 503)

    app.mount("/health/kafka", make_ping_asgi(service.broker, timeout=2.0))


def _add_asyncapi(app: FastAPI, service: Service) -> None:
    @app.get("/asyncapi.json", tags=["docs"])
    async def asyncapi_json() -> dict[str, Any]:
        return asyncapi_document(service)

    spec = AsyncAPI(service.broker, title=f"Weerbaar {service.name} service", schema_version=ASYNCAPI_VERSION)
    app.mount("/asyncapi", make_asyncapi_asgi(spec))


def _add_error_handlers(app: FastAPI) -> None:
    answers = {AccessDenied: 403, NotFound: 404, RuleViolation: 409, InvalidInput: 422}
    for error_class, status_code in answers.items():
        app.add_exception_handler(error_class, _answer(status_code))


def _answer(status_code: int):  # type: ignore[no-untyped-def]
    async def handler(request: Request, error: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=status_code)

    return handler
