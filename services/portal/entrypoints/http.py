"""The portal's web app: pages, static assets, sessions, CSRF, security headers, health."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from uuid import uuid4

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.http.middleware import BodySizeLimit, ResponseHeaders
from services.portal.adapters.api import TRACE_ID
from services.portal.adapters.paths import SERVICES
from services.portal.entrypoints import (
    errors,
    http_auth,
    http_gemeente,
    http_gemeente_proposals,
    http_links,
    http_national,
    http_noodsteunpunt,
    http_public,
    http_region,
    http_subscriptions,
)
from services.portal.entrypoints.deps import Portal, check_csrf

STATIC = Path(__file__).resolve().parents[1] / "static"
PORTAL_VERSION = "1.0.0"
ROUTERS = (http_auth, http_public, http_gemeente, http_gemeente_proposals, http_noodsteunpunt, http_region, http_national, http_subscriptions,
           http_links)


def create_app(portal: Portal, session_secret: str, close: callable) -> FastAPI:  # type: ignore[valid-type]
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await close()

    app = FastAPI(title="Weerbaar portaal", version=PORTAL_VERSION, lifespan=lifespan, openapi_url=None,
                  docs_url=None, redoc_url=None, dependencies=[Depends(check_csrf)])
    app.state.portal = portal
    errors.install(app)
    for module in ROUTERS:
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_health(app, portal)
    settings = portal.settings
    app.add_middleware(SessionMiddleware, secret_key=session_secret, session_cookie="weerbaar_sessie",
                       max_age=int(settings.session_hours * 3600), same_site="lax", https_only=settings.cookie_secure)
    app.add_middleware(BodySizeLimit, max_json_bytes=64 * 1024, max_upload_bytes=settings.max_upload_bytes)
    app.add_middleware(ResponseHeaders, api_version=PORTAL_VERSION)
    app.add_middleware(Traced)
    return app


class Traced:
    """Gives each page request a trace id (the caller's W3C traceparent, else a new one) that the
    API client passes on to every service it calls for that page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"traceparent", b"").decode("latin-1").split("-")
        trace = incoming[1] if len(incoming) == 4 and len(incoming[1]) == 32 else uuid4().hex
        token = TRACE_ID.set(trace)
        try:
            await self.app(scope, receive, send)
        finally:
            TRACE_ID.reset(token)


def _add_health(app: FastAPI, portal: Portal) -> None:
    @app.get("/health/live", include_in_schema=False)
    async def live() -> dict[str, str]:
        return {"status": "alive", "service": "portal"}

    @app.get("/health/ready", include_in_schema=False)
    async def ready() -> JSONResponse:
        """Ready when every service the pages call answers."""
        answers = await asyncio.gather(*(portal.api.alive(name) for name in SERVICES))
        checks = {name: "ok" if ok else "not answering" for name, ok in zip(SERVICES, answers)}
        ok = all(answers)
        return JSONResponse({"status": "ready" if ok else "not ready", "checks": checks}, status_code=200 if ok else 503)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
