"""Every failure becomes a Dutch page with the right status, never a stack trace."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.portal.adapters.api import ApiError, ServiceUnavailable
from services.portal.domain.user import AccessDenied
from services.portal.entrypoints.deps import CsrfFailed, SignInRequired, render

log = logging.getLogger(__name__)

PAGES = {
    400: ("Ongeldig verzoek", "Het verzoek kon niet worden verwerkt."),
    403: ("Geen toegang", "U heeft geen toegang tot deze pagina."),
    404: ("Pagina niet gevonden", "Deze pagina bestaat niet, of u heeft er geen toegang toe."),
    405: ("Niet toegestaan", "Deze handeling is hier niet mogelijk."),
    409: ("Niet mogelijk", "Dit kan nu niet, door de huidige stand van zaken."),
    413: ("Bestand te groot", "Het bestand of formulier is te groot."),
    500: ("Er ging iets mis", "Er ging iets mis aan onze kant. Probeer het later opnieuw."),
    503: ("Tijdelijk niet beschikbaar", "Een onderdeel van Weerbaar antwoordt nu niet. Probeer het over enkele minuten opnieuw."),
}


def error_page(request: Request, status: int, detail: str | None = None) -> Response:
    title, text = PAGES.get(status, PAGES[400] if status < 500 else PAGES[500])
    return render(request, "error.html", status_code=status, title=title, text=text, detail=detail, status=status)


def install(app: FastAPI) -> None:
    app.add_exception_handler(SignInRequired, _sign_in)
    app.add_exception_handler(AccessDenied, _denied)
    app.add_exception_handler(CsrfFailed, _csrf)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _not_found)
    app.add_exception_handler(Exception, _unexpected)


async def _sign_in(request: Request, _: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/aanmelden?volgende={quote(target, safe='')}", status_code=303)


async def _denied(request: Request, error: Exception) -> Response:
    return error_page(request, 403, str(error).capitalize() + ".")


async def _csrf(request: Request, _: Exception) -> Response:
    return error_page(request, 400, "Het formulier is verlopen. Ga terug, laad de pagina opnieuw en probeer het nog eens.")


async def _api_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiError)
    if isinstance(error, ServiceUnavailable):
        log.warning("upstream unavailable on %s: %s", request.url.path, error)
        return error_page(request, 503)
    if error.status == 401:
        request.session.pop("token", None)
        return await _sign_in(request, error)
    if error.status in (403, 404):
        return error_page(request, error.status)
    if request.method == "GET" and error.status in (400, 422):
        return error_page(request, 404)  # a malformed id or code in the address: no such page
    return error_page(request, error.status if error.status in PAGES else 400)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    return error_page(request, error.status_code)


async def _not_found(request: Request, _: Exception) -> Response:
    # Only path parameters are validated by FastAPI here (forms are read by hand): a malformed code or id.
    return error_page(request, 404)


async def _unexpected(request: Request, error: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return error_page(request, 500)
