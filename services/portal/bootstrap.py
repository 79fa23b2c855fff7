"""Composition root of the portal: the one place its parts are wired."""

from __future__ import annotations

import secrets
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.templating import Jinja2Templates

from shared.auth.tokens import TokenVerifier
from shared.refdata import load_reference_data
from shared.settings import Settings
from services.portal.adapters.api import ApiClient
from services.portal.adapters.oidc import oidc_client
from services.portal.domain import dutch, labels
from services.portal.entrypoints.deps import CSRF_FIELD, Portal, csrf_token
from services.portal.entrypoints.http import create_app
from services.portal.settings import PortalSettings

NAME = "portal"
TEMPLATES = Path(__file__).resolve().parent / "templates"


class InsecureSettings(Exception):
    """The settings would run the portal with a secret anyone knows."""


def bootstrap(settings: PortalSettings | None = None, shared: Settings | None = None) -> FastAPI:
    settings = settings or PortalSettings()
    shared = shared or Settings(service_name=NAME)
    reference = load_reference_data()
    http = httpx.AsyncClient(
        timeout=settings.request_timeout_seconds,
        limits=httpx.Limits(max_connections=settings.max_connections, max_keepalive_connections=settings.max_connections),
    )
    portal = Portal(
        settings=settings,
        auth=shared.auth,
        api=ApiClient(http, settings.services.model_dump()),
        reference=reference,
        verifier=TokenVerifier(shared.auth, reference),
        templates=templates(reference, reload=settings.dev_sign_in),
        oidc=oidc_client(settings.oidc),
    )
    return create_app(portal, session_secret(settings), http.aclose)


def session_secret(settings: PortalSettings) -> str:
    if settings.session_secret is not None:
        return settings.session_secret.get_secret_value()
    if settings.dev_sign_in:
        return secrets.token_urlsafe(32)  # development only: sessions end when the portal restarts
    raise InsecureSettings("set WEERBAAR_PORTAL_SESSION_SECRET (or, on a developer's machine only, "
                           "WEERBAAR_PORTAL_DEV_SIGN_IN=true)")


def templates(reference, reload: bool) -> Jinja2Templates:  # type: ignore[no-untyped-def]
    found = Jinja2Templates(directory=TEMPLATES)
    env = found.env
    env.auto_reload = reload  # outside development the templates never change while running: no stat per page
    env.filters.update(
        euro=dutch.euro, number=dutch.number, pct=dutch.percentage, decimal=dutch.decimal, day=dutch.day,
        moment=dutch.moment, label=lambda code, group: labels.label(group, code), criterion=labels.criterion,
        gemeente=lambda code: _name(reference.municipalities, code), regio=lambda code: _name(reference.regions, code),
        by_name=lambda codes: sorted(codes or [], key=lambda c: _name(reference.municipalities, c).lstrip("'").casefold()),
    )
    env.globals.update(csrf_token=csrf_token, CSRF_FIELD=CSRF_FIELD, share=dutch.share,
                       options=lambda group: list(labels.GROUPS[group].items()))
    return found


def _name(table, code):  # type: ignore[no-untyped-def]
    if code == "NL":
        return "landelijk"
    found = table.get(code or "")
    return found.name if found else (code or "–")
