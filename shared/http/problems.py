"""One error format for the whole platform: Problem Details (RFC 9457), as the NL GOV
API Design Rules require (/core/problem-details).

Every error any service answers goes through here: domain errors, refused tokens,
request validation, database refusals, size limits and the unexpected. The body is
``application/problem+json`` with ``status``, ``title`` and ``detail`` (plus ``type``
and ``instance`` where useful); request validation adds the ADR's ``errors`` member,
one entry per invalid field. Texts are short, never echo unbounded input and never
carry database or stack-trace text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from shared.auth.principal import AccessDenied
from shared.db.errors import is_bad_value, is_conflict
from shared.errors import InvalidInput, NotFound, RuleViolation

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://weerbaar.nl/problems/"  # stable identifiers; the pages describe each type
MAX_DETAIL = 500  # characters of a detail: enough to explain, never an echo of a large input
MAX_FIELD_ERRORS = 20
RULE_ERRORS = {"value_error", "assertion_error"}  # raised by a model's own checks, not by its schema
FORBIDDEN_DETAIL = "dit token geeft geen toegang tot deze handeling"

TITLES: Mapping[int, str] = {
    400: "Ongeldige invoer",
    401: "Niet aangemeld",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Formaat niet beschikbaar",
    409: "Conflict met de huidige toestand",
    413: "Verzoek te groot",
    415: "Formaat niet ondersteund",
    422: "Verzoek niet uitvoerbaar",
    428: "Voorwaarde ontbreekt",
    429: "Te veel verzoeken",
    500: "Interne fout",
    503: "Tijdelijk niet beschikbaar",
}


class FieldError(BaseModel):
    """One invalid part of a request (ADR invalid-input member)."""

    model_config = {"extra": "forbid"}

    in_: str = Field(alias="in", description="where the value was: body, query, path or header")
    location: str = Field(description="JSON pointer into the body (#/name) or the parameter's name")
    code: str = Field(description="machine-readable reason, e.g. missing, string_too_long")
    detail: str = Field(description="what is wrong, for people")


class Problem(BaseModel):
    """Problem Details (RFC 9457)."""

    type: str | None = Field(None, description="URI identifying the kind of problem")
    title: str = Field(description="short summary of the kind of problem")
    status: int = Field(description="the HTTP status code")
    detail: str = Field(description="what went wrong in this case")
    instance: str | None = Field(None, description="the request path the problem occurred on")


class InvalidInputProblem(Problem):
    """Problem Details of a request that failed validation, one entry per invalid field."""

    errors: list[FieldError] = Field(default_factory=list)


def problem(
    status: int,
    detail: str,
    *,
    instance: str | None = None,
    kind: str | None = None,
    errors: Sequence[Mapping[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> JSONResponse:
    """The response for a problem; ``kind`` becomes the ``type`` URI."""
    body: dict[str, Any] = {
        "type": f"{TYPE_BASE}{kind}" if kind else "about:blank",
        "title": TITLES.get(status, "Fout"),
        "status": status,
        "detail": _bounded(detail),
    }
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = list(errors)[:MAX_FIELD_ERRORS]
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=dict(headers or {}))


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declaration of the problem answers an operation can give:
    ``@router.get(..., responses=responses(401, 403, 404))``."""
    declared: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        model = InvalidInputProblem if status == 400 else Problem
        declared[status] = {"model": model, "description": TITLES.get(status, "Fout"), "content": {MEDIA_TYPE: {}}}
    return declared


def install(app: FastAPI) -> None:
    """Make every error of ``app`` a problem+json answer."""
    answers = {NotFound: (404, "not-found"), RuleViolation: (409, "conflict"), InvalidInput: (422, "unprocessable")}
    for error_class, (status, kind) in answers.items():
        app.add_exception_handler(error_class, _domain_error(status, kind))
    app.add_exception_handler(AccessDenied, _access_denied)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DBAPIError, _database_refused)
    app.add_exception_handler(Exception, _unexpected)


def _domain_error(status: int, kind: str):  # type: ignore[no-untyped-def]
    async def handler(request: Request, error: Exception) -> JSONResponse:
        return problem(status, str(error), instance=request.url.path, kind=kind)

    return handler


async def _access_denied(request: Request, error: Exception) -> JSONResponse:
    """Every refusal reads the same: the reason (which may name an object of another scope)
    goes to the log only, never to the caller."""
    log.info("refused %s %s: %s", request.method, request.url.path, error)
    return problem(403, FORBIDDEN_DETAIL, instance=request.url.path, kind="forbidden")


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    detail = error.detail if isinstance(error.detail, str) else TITLES.get(error.status_code, "Fout")
    headers = dict(error.headers or {})
    if error.status_code == 405:  # every method of the path, not only those of the first route matched
        headers["Allow"] = ", ".join(allowed_methods(request))
    return problem(error.status_code, detail, instance=request.url.path, headers=headers)


def allowed_methods(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in getattr(request.app, "routes", []):
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match is not Match.NONE and getattr(route, "methods", None):
            methods |= set(route.methods)
    return sorted(methods)


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    """400 when the request does not match the documented schema (a type, a required field, a
    pattern, a limit); 422 when it does and a rule across its fields refuses it (a model's own
    check), as for the domain's InvalidInput. Both name every field in ``errors``."""
    errors = error.errors() if isinstance(error, RequestValidationError) else []
    fields = [field_error(e) for e in errors]
    detail = "; ".join(f"{f['location']}: {f['detail']}" for f in fields[:3]) or "de invoer is ongeldig"
    status = 422 if errors and all(e.get("type") in RULE_ERRORS for e in errors) else 400
    return problem(status, detail, instance=request.url.path, kind="invalid-input", errors=fields)


def field_error(error: Mapping[str, Any]) -> dict[str, str]:
    """A pydantic/FastAPI error entry as an ADR ``errors`` member (message only, no input echo)."""
    loc = [str(part) for part in error.get("loc", ())]
    where = loc[0] if loc and loc[0] in ("body", "query", "path", "header", "cookie") else "body"
    rest = loc[1:] if loc and loc[0] == where else loc
    location = "#/" + "/".join(rest) if where == "body" else (rest[0] if rest else "")
    return {"in": where, "location": _bounded(location, 200), "code": str(error.get("type", "invalid")),
            "detail": _bounded(str(error.get("msg", "ongeldige waarde")), 200)}


async def _database_refused(request: Request, error: Exception) -> JSONResponse:
    """The transaction is rolled back either way; say whose fault it was, never in the
    database's own words. A value the database cannot hold (a NUL character, too long) is
    the caller's (422); a constraint hit, as by two concurrent creates, is a conflict (409)."""
    if is_bad_value(error):
        return problem(422, "een waarde kan niet worden opgeslagen (ongeldig teken of te lang)",
                       instance=request.url.path, kind="unstorable-value")
    if is_conflict(error):
        return problem(409, "het verzoek botst met bestaande gegevens; probeer het opnieuw",
                       instance=request.url.path, kind="conflict")
    return await _unexpected(request, error)


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem(500, "er ging iets mis aan onze kant; probeer het later opnieuw", instance=request.url.path)


def _bounded(text: str, limit: int = MAX_DETAIL) -> str:
    text = text.replace("\x00", "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def problems_of(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Field errors of a pydantic ValidationError raised inside a handler."""
    return [field_error(e) for e in errors]
