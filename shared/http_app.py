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
from sqlalchemy.exc import DBAPIError

from shared.auth.principal import AccessDenied
from shared.db.errors import is_bad_value, is_conflict
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
    app.add_exception_handler(DBAPIError, _database_refused)


async def _database_refused(request: Request, error: Exception) -> JSONResponse:
    """The transaction is rolled back either way; say whose fault it was. A value the
    database cannot hold (a NUL character, too long) is the caller's (422); a constraint
    hit, as by two concurrent creates, is a conflict (409); anything else is ours."""
    if is_bad_value(error):
        return JSONResponse({"detail": f"a value cannot be stored: {_first_line(error)}"}, status_code=422)
    if is_conflict(error):
        return JSONResponse({"detail": f"conflicts with existing data: {_first_line(error)}"}, status_code=409)
    raise error


def _first_line(error: Exception) -> str:
    orig = getattr(error, "orig", error)
    return str(orig).splitlines()[0][:300]


def _answer(status_code: int):  # type: ignore[no-untyped-def]
    async def handler(request: Request, error: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=status_code)

    return handler
