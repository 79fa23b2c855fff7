"""Signing in and out: OpenID Connect against the platform's issuer, and, on a developer's
machine only, a page to sign in as any role with a token minted by the local key."""

from __future__ import annotations

import secrets
from datetime import timedelta

import httpx
from authlib.common.errors import AuthlibBaseError
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from shared.auth.principal import Principal, Role
from shared.auth.tokens import InvalidToken, check_scope, mint
from services.portal.domain import labels
from services.portal.domain.forms import Form
from services.portal.entrypoints.deps import PortalParts, current_user, render
from services.portal.entrypoints.errors import error_page

router = APIRouter()
DEV_ROLES = (Role.MUNICIPALITY, Role.REGION, Role.NATIONAL)


@router.get("/")
async def home(request: Request) -> Response:
    user = current_user(request)
    if user is not None:
        return RedirectResponse(user.home, status_code=303)
    return render(request, "home.html")


@router.get("/aanmelden")
async def sign_in_page(request: Request, parts: PortalParts, volgende: str = "/") -> Response:
    return _sign_in_page(request, parts, Form(values={"role": "municipality"}), volgende)


@router.post("/aanmelden/ontwikkeling")
async def dev_sign_in(request: Request, parts: PortalParts) -> Response:
    if not parts.settings.dev_sign_in:
        return error_page(request, 403, "Aanmelden zonder inlogdienst kan alleen in een ontwikkelomgeving.")
    data = await request.form()
    form = Form(values={k: str(v) for k, v in data.items() if isinstance(v, str)})
    principal = _dev_principal(form, parts)
    if principal is None:
        return _sign_in_page(request, parts, form, form.value("volgende", "/"), status_code=400)
    token = mint(parts.auth, principal, timedelta(hours=parts.settings.session_hours))
    scope = parts.reference.municipalities.get(principal.municipality_code or "") or parts.reference.regions.get(
        principal.region_code or "")
    name = f"Ontwikkelaar ({labels.label('role', principal.role.value)}{' ' + scope.name if scope else ''})"
    return _start_session(request, token, name, form.value("volgende", "/"))


@router.get("/aanmelden/oidc")
async def oidc_start(request: Request, parts: PortalParts, volgende: str = "/") -> Response:
    if parts.oidc is None:
        return error_page(request, 404)
    request.session["volgende"] = _local(volgende)
    base = parts.settings.public_base_url or str(request.base_url)
    return await parts.oidc.authorize_redirect(request, f"{base.rstrip('/')}/aanmelden/terug")


@router.get("/aanmelden/terug")
async def oidc_callback(request: Request, parts: PortalParts) -> Response:
    if parts.oidc is None:
        return error_page(request, 404)
    try:
        answer = await parts.oidc.authorize_access_token(request)
        parts.verifier.verify(answer["access_token"])
    except (AuthlibBaseError, InvalidToken, KeyError, httpx.HTTPError) as error:
        return error_page(request, 403, f"Aanmelden is niet gelukt ({type(error).__name__}).")
    info = answer.get("userinfo") or {}
    name = str(info.get("name") or info.get("preferred_username") or info.get("sub") or "")
    return _start_session(request, answer["access_token"], name, request.session.get("volgende", "/"))


@router.post("/afmelden")
async def sign_out(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/?afgemeld=1", status_code=303)


def _sign_in_page(request: Request, parts: PortalParts, form: Form, target: str, status_code: int = 200) -> Response:
    regions = [(r.code, r.name) for r in sorted(parts.reference.regions.values(), key=lambda r: r.name)]
    municipalities = [(m.code, m.name) for m in
                      sorted(parts.reference.municipalities.values(), key=lambda m: m.name.lstrip("'").casefold())]
    return render(request, "sign_in.html", status_code=status_code, form=form, volgende=_local(target),
                  dev=parts.settings.dev_sign_in, oidc=parts.oidc is not None, roles=DEV_ROLES, regions=regions,
                  municipalities=municipalities)


def _dev_principal(form: Form, parts: PortalParts) -> Principal | None:
    role = form.value("role")
    if role not in {r.value for r in DEV_ROLES}:
        form.add("role", "Kies een rol.")
        return None
    region, municipality = form.value("region") or None, form.value("municipality") or None
    if role == Role.MUNICIPALITY.value:
        found = parts.reference.municipalities.get(municipality or "")
        if found is None:
            form.add("municipality", "Kies een gemeente.")
            return None
        region = found.region_code
    elif role == Role.REGION.value:
        municipality = None
        if region not in parts.reference.regions:
            form.add("region", "Kies een veiligheidsregio.")
            return None
    else:
        region = municipality = None
    principal = Principal(f"dev-{role}-{municipality or region or 'nl'}", Role(role), region, municipality)
    try:
        check_scope(principal, parts.reference)
    except InvalidToken:
        form.add("role", "Deze combinatie van rol, regio en gemeente bestaat niet.")
        return None
    return principal


def _start_session(request: Request, token: str, name: str, target: str) -> Response:
    request.session.clear()  # a new session on sign-in: nothing from before carries over
    request.session.update(token=token, name=name, csrf=secrets.token_urlsafe(32))
    return RedirectResponse(_local(target) if target not in ("", "/") else "/", status_code=303)


def _local(target: str) -> str:
    """Only a path on this site (no open redirect to another host)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
