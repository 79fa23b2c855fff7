"""What every page handler needs: the portal's parts, the signed-in user, CSRF protection and
rendering. Scope comes from the verified token in the session, checked here and in
``domain.user`` only."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from shared.auth.tokens import InvalidToken, TokenVerifier
from shared.refdata import ReferenceData
from shared.settings import AuthSettings
from services.portal.adapters.api import ApiClient
from services.portal.domain.user import User
from services.portal.settings import PortalSettings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD = "csrf_token"


@dataclass
class Portal:
    """The composition root's parts, as the handlers use them."""

    settings: PortalSettings
    auth: AuthSettings
    api: ApiClient
    reference: ReferenceData
    verifier: TokenVerifier
    templates: Jinja2Templates
    oidc: Any = None  # authlib's client when OIDC is configured


class SignInRequired(Exception):
    """No (valid) session: the user is sent to the sign-in page."""


class CsrfFailed(Exception):
    """A form came without the session's CSRF token."""


def portal(request: Request) -> Portal:
    return request.app.state.portal


def current_user(request: Request) -> User | None:
    """The signed-in user, from the session's token, verified once per request
    (an expired or tampered token signs the user out)."""
    try:
        return request.state.user
    except AttributeError:
        request.state.user = _verified_user(request)
        return request.state.user


def _verified_user(request: Request) -> User | None:
    token = request.session.get("token")
    if not token:
        return None
    try:
        principal = portal(request).verifier.verify(token)
    except InvalidToken:
        request.session.pop("token", None)
        return None
    return User(principal, token, request.session.get("name") or principal.subject)


def signed_in(request: Request) -> User:
    user = current_user(request)
    if user is None:
        raise SignInRequired
    return user


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use; every form carries it."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def check_csrf(request: Request) -> None:
    """Every state-changing request must carry the session's token (synchronizer token
    pattern); the session cookie is also SameSite, so other sites cannot post with it."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get("csrf")
    sent = (await request.form()).get(CSRF_FIELD)
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(expected, sent):
        raise CsrfFailed


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return portal(request).templates.TemplateResponse(
        request, template, {"user": current_user(request), **context}, status_code=status_code
    )


PortalParts = Annotated[Portal, Depends(portal)]
SignedIn = Annotated[User, Depends(signed_in)]
