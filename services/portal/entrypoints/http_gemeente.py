"""A gemeente's pages: its noodsteunpunten, CSV import, the open inventory round, coverage,
how many proposals wait for its vote (the proposals themselves: http_gemeente_proposals), local
campaign materials and subscriptions."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal.adapters import paths
from services.portal.adapters.api import ApiError
from services.portal.adapters.paths import CAMPAIGN, FUNDING, INVENTORY, NOTIFY
from services.portal.domain.forms import Form, in_dutch
from services.portal.domain.noodsteunpunt_form import DETAILS, IDENTITY, READINESS_AT_REGISTRATION, REGISTER_FIELDS, body_of, values_of
from services.portal.domain.user import User
from services.portal.entrypoints import scope
from services.portal.entrypoints.deps import Portal, PortalParts, SignedIn, render
from services.portal.entrypoints.downloads import download

router = APIRouter()
FEED_ITEMS = 8
MAX_CSV_BYTES = 2_000_000


@router.get("/gemeenten/{gm}")
async def overview(request: Request, gm: str, user: SignedIn, parts: PortalParts) -> Response:
    municipality = scope.municipality(parts, gm)
    user.require_municipality(gm, municipality.region_code)
    api, token, vr = parts.api, user.token, municipality.region_code
    nsps, coverage, rounds, proposals, versions, feed = await asyncio.gather(
        api.items(INVENTORY, paths.municipality_noodsteunpunten(gm), token),
        api.get(INVENTORY, paths.municipality_coverage(gm), token),
        api.items(INVENTORY, paths.region_rounds(vr), token),
        api.items(FUNDING, paths.municipality_proposals(gm), token),
        api.items(CAMPAIGN, paths.local_versions(gm), token),
        api.get(NOTIFY, paths.FEED, token, params={"pageSize": FEED_ITEMS}),
    )
    open_round = next((r for r in reversed(rounds) if r.status == "open"), None)
    return render(request, "gemeente/overview.html", municipality=municipality, nsps=nsps, coverage=coverage,
                  open_round=open_round, submission=_latest_submission(open_round, gm),
                  awaiting_vote=[p for p in proposals if p.status == "open" and not p.has_voted],
                  proposals=proposals, versions=versions,
                  feed=feed.get("items") or [], manage=user.principal.can_manage_municipality(gm),
                  melding=request.query_params.get("melding"))


@router.get("/gemeenten/{gm}/noodsteunpunten/nieuw")
async def register_form(request: Request, gm: str, user: SignedIn, parts: PortalParts) -> Response:
    municipality = _managed(parts, user, gm)
    values = {f.name: f.default for f in REGISTER_FIELDS if f.default is not None}
    return _register_page(request, municipality, Form(values=values))


@router.post("/gemeenten/{gm}/noodsteunpunten/nieuw")
async def register(request: Request, gm: str, user: SignedIn, parts: PortalParts) -> Response:
    municipality = _managed(parts, user, gm)
    data = await request.form()
    form = Form(values=values_of(data, {f.name: data.getlist(f.name) for f in REGISTER_FIELDS}, REGISTER_FIELDS))
    try:
        nsp = await parts.api.send("POST", INVENTORY, paths.municipality_noodsteunpunten(gm), user.token,
                                   json=body_of(form.values, REGISTER_FIELDS, for_update=False))
    except ApiError as error:
        if error.status not in (400, 409, 422):
            raise
        form.add_api_errors(error.errors, [f.name for f in REGISTER_FIELDS], in_dutch(error.detail))
        return _register_page(request, municipality, form, status_code=400)
    return RedirectResponse(f"/noodsteunpunten/{nsp.id}?melding=geregistreerd", status_code=303)


@router.get("/gemeenten/{gm}/import")
async def import_form(request: Request, gm: str, user: SignedIn, parts: PortalParts) -> Response:
    return render(request, "gemeente/import.html", municipality=_managed(parts, user, gm), errors=[], problem=None)


@router.post("/gemeenten/{gm}/import")
async def import_csv(request: Request, gm: str, user: SignedIn, parts: PortalParts) -> Response:
    municipality = _managed(parts, user, gm)
    upload = (await request.form()).get("bestand")
    content = await upload.read(MAX_CSV_BYTES + 1) if upload is not None and hasattr(upload, "read") else b""
    if not content:
        return _import_page(request, municipality, problem="Kies een CSV-bestand om te importeren.")
    if len(content) > MAX_CSV_BYTES:
        return _import_page(request, municipality, problem="Het bestand is groter dan 2 MB.")
    try:
        stored = await parts.api.send("POST", INVENTORY, paths.municipality_import(gm), user.token, content=content,
                                      content_type="text/csv; charset=utf-8")
    except ApiError as error:
        if error.status not in (400, 413, 415, 422):
            raise
        rows = error.body.errors if error.body else []
        return _import_page(request, municipality, errors=[_row_error(e) for e in rows or []],
                            problem="Er is niets opgeslagen. Verbeter de fouten hieronder en importeer het bestand opnieuw.")
    return RedirectResponse(f"/gemeenten/{gm}?melding=geimporteerd-{len(stored or [])}", status_code=303)


@router.post("/gemeenten/{gm}/indienen")
async def submit(request: Request, gm: str, user: SignedIn, parts: PortalParts) -> Response:
    _managed(parts, user, gm)
    data = await request.form()
    remarks = str(data.get("remarks", "")).strip() or None
    await parts.api.send("POST", INVENTORY, paths.submission(str(data.get("round_id", "")), gm), user.token,
                         json={"remarks": remarks})
    return RedirectResponse(f"/gemeenten/{gm}?melding=ingediend", status_code=303)


@router.get("/gemeenten/{gm}/campagne/{local_id}")
async def local_version(request: Request, gm: str, local_id: str, user: SignedIn, parts: PortalParts) -> Response:
    municipality = scope.municipality(parts, gm)
    user.require_municipality(gm, municipality.region_code)
    version = await parts.api.get(CAMPAIGN, paths.local_version(local_id), user.token)
    if version.municipality_code != gm:
        return RedirectResponse(f"/gemeenten/{version.municipality_code}/campagne/{local_id}", status_code=303)
    return render(request, "gemeente/local_version.html", municipality=municipality, version=version)


@router.get("/gemeenten/{gm}/campagne/{local_id}/poster.pdf")
async def local_version_poster(gm: str, local_id: str, user: SignedIn, parts: PortalParts) -> Response:
    municipality = scope.municipality(parts, gm)
    user.require_municipality(gm, municipality.region_code)
    poster = await parts.api.document(CAMPAIGN, paths.local_version_poster(local_id), user.token)
    return download(poster, f"poster-{municipality.name}-{local_id[:8]}.pdf")


def _managed(parts: Portal, user: User, gm: str) -> Any:
    municipality = scope.municipality(parts, gm)
    user.require_municipality(gm, municipality.region_code, manage=True)
    return municipality


def _register_page(request: Request, municipality: Any, form: Form, status_code: int = 200) -> Response:
    return render(request, "gemeente/register.html", status_code=status_code, municipality=municipality, form=form,
                  identity=IDENTITY, readiness_field=READINESS_AT_REGISTRATION, details=DETAILS)


def _import_page(request: Request, municipality: Any, errors: list[dict[str, Any]] | None = None,
                 problem: str | None = None) -> Response:
    return render(request, "gemeente/import.html", status_code=400, municipality=municipality, errors=errors or [],
                  problem=problem)


def _row_error(error: Any) -> dict[str, Any]:
    column = str(error.get("column") or "*")
    return {"row": error.get("row"), "column": "hele rij" if column == "*" else column,
            "message": in_dutch(str(error.get("message") or ""))}


def _latest_submission(round_: Any, gm: str) -> Any:
    if round_ is None:
        return None
    mine = [s for s in round_.submissions or [] if s.municipality_code == gm]
    return mine[-1] if mine else None
