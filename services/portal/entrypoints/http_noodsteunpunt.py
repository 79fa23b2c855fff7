"""One noodsteunpunt: its attributes and compliance, editing, the readiness step and activation."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal.adapters import paths
from services.portal.adapters.api import ApiError
from services.portal.adapters.paths import INVENTORY
from services.portal.domain import labels
from services.portal.domain.forms import Form, in_dutch
from services.portal.domain.noodsteunpunt_form import DETAILS, EDIT_FIELDS, IDENTITY, body_of, values_from_api, values_of
from services.portal.domain.user import User
from services.portal.entrypoints import scope
from services.portal.entrypoints.deps import Portal, PortalParts, SignedIn, render

router = APIRouter()


@router.get("/noodsteunpunten/{nsp_id}")
async def detail(request: Request, nsp_id: str, user: SignedIn, parts: PortalParts) -> Response:
    nsp, compliance = await asyncio.gather(
        parts.api.get(INVENTORY, paths.noodsteunpunt(nsp_id), user.token),
        parts.api.get(INVENTORY, paths.compliance(nsp_id), user.token),
    )
    _check(parts, user, nsp)
    return _page(request, user, nsp, compliance, Form(values=values_from_api(nsp)))


@router.post("/noodsteunpunten/{nsp_id}/bewerken")
async def edit(request: Request, nsp_id: str, user: SignedIn, parts: PortalParts) -> Response:
    nsp = await _managed(parts, user, nsp_id)
    data = await request.form()
    form = Form(values=values_of(data, {f.name: data.getlist(f.name) for f in EDIT_FIELDS}, EDIT_FIELDS))
    try:
        await parts.api.send("PATCH", INVENTORY, paths.noodsteunpunt(nsp_id), user.token,
                             json=body_of(form.values, EDIT_FIELDS, for_update=True))
    except ApiError as error:
        if error.status not in (400, 409, 422):
            raise
        form.add_api_errors(error.errors, [f.name for f in EDIT_FIELDS], in_dutch(error.detail))
        compliance = await parts.api.get(INVENTORY, paths.compliance(nsp_id), user.token)
        return _page(request, user, nsp, compliance, form, status_code=400)
    return RedirectResponse(f"/noodsteunpunten/{nsp_id}?melding=opgeslagen", status_code=303)


@router.post("/noodsteunpunten/{nsp_id}/gereedheid")
async def readiness(request: Request, nsp_id: str, user: SignedIn, parts: PortalParts) -> Response:
    await _managed(parts, user, nsp_id)
    data = await request.form()
    body = {"readiness": str(data.get("readiness", "")), "reason": str(data.get("reason", "")).strip() or None}
    return await _step(parts, user, nsp_id, paths.readiness(nsp_id), body, "gereedheid")


@router.post("/noodsteunpunten/{nsp_id}/activering")
async def activation(request: Request, nsp_id: str, user: SignedIn, parts: PortalParts) -> Response:
    await _managed(parts, user, nsp_id)
    data = await request.form()
    body = {"status": str(data.get("status", "")), "mode": str(data.get("mode", ""))}
    return await _step(parts, user, nsp_id, paths.activation(nsp_id), body, "activering")


async def _step(parts: Portal, user: User, nsp_id: str, path: str, body: dict[str, Any], what: str) -> Response:
    """A readiness or activation step; a refusal by the registry's rules is shown on the page."""
    try:
        await parts.api.send("POST", INVENTORY, path, user.token, json=body)
    except ApiError as error:
        if error.status not in (400, 409, 422):
            raise
        return RedirectResponse(f"/noodsteunpunten/{nsp_id}?melding={what}-geweigerd", status_code=303)
    return RedirectResponse(f"/noodsteunpunten/{nsp_id}?melding={what}-gewijzigd", status_code=303)


def _check(parts: Portal, user: User, nsp: Any, manage: bool = False) -> None:
    municipality = scope.municipality(parts, nsp.municipality_code)
    user.require_municipality(municipality.code, municipality.region_code, manage=manage)


async def _managed(parts: Portal, user: User, nsp_id: str) -> Any:
    nsp = await parts.api.get(INVENTORY, paths.noodsteunpunt(nsp_id), user.token)
    _check(parts, user, nsp, manage=True)
    return nsp


def _page(request: Request, user: User, nsp: Any, compliance: Any, form: Form, status_code: int = 200) -> Response:
    status = nsp.activation_status or "inactive"
    return render(request, "noodsteunpunt.html", status_code=status_code, nsp=nsp, compliance=compliance, form=form,
                  identity=IDENTITY, details=DETAILS, manage=user.principal.can_manage_municipality(nsp.municipality_code),
                  next_readiness=labels.next_readiness(nsp.readiness), readiness_steps=labels.READINESS_ORDER,
                  activation_moves=labels.ACTIVATION_MOVES.get(status, ()), melding=request.query_params.get("melding"))
