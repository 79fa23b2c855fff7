"""A gemeente's spending proposals (funding's joint decisions): the proposals of its region that it
is asked to vote on, open and decided, and the form to vote on an open one."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from shared.refdata import Municipality
from services.portal.adapters import paths
from services.portal.adapters.api import ApiError
from services.portal.adapters.paths import FUNDING
from services.portal.domain import labels
from services.portal.domain.forms import Form, in_dutch
from services.portal.domain.user import User
from services.portal.entrypoints import scope
from services.portal.entrypoints.deps import PortalParts, SignedIn, render

router = APIRouter()
FIELDS = ("vote", "remark")  # named after the vote's JSON body (#/vote, #/remark)


@router.get("/gemeenten/{gm}/voorstellen")
async def proposals(request: Request, gm: str, user: SignedIn, parts: PortalParts) -> Response:
    municipality = scope.municipality(parts, gm)
    user.require_municipality(gm, municipality.region_code)
    return await _page(request, user, parts, municipality)


@router.post("/gemeenten/{gm}/voorstellen/{proposal_id}/stem")
async def vote(request: Request, gm: str, proposal_id: UUID, user: SignedIn, parts: PortalParts) -> Response:
    """A malformed id in the address is the 404 page (no request reaches funding)."""
    municipality = scope.municipality(parts, gm)
    user.require_municipality(gm, municipality.region_code, manage=True)
    data = await request.form()
    form = Form(values={"vote": str(data.get("vote", "")), "remark": str(data.get("remark", "")).strip()})
    if form.values["vote"] not in labels.VOTE:
        form.add("vote", "Kies voor of tegen.")
        return await _page(request, user, parts, municipality, str(proposal_id), form, status_code=400)
    try:
        await parts.api.send("POST", FUNDING, paths.proposal_votes(proposal_id), user.token,
                             json={"vote": form.values["vote"], "remark": form.values["remark"] or None})
    except ApiError as error:
        if error.status not in (400, 409, 422):
            raise  # 403: a proposal it is not asked about (the 'Geen toegang' page)
        form.add_api_errors(error.errors, FIELDS, in_dutch(error.detail))
        return await _page(request, user, parts, municipality, str(proposal_id), form,
                           status_code=error.status if error.status in (409, 422) else 400)
    return RedirectResponse(f"/gemeenten/{gm}/voorstellen?melding=gestemd&voorstel={proposal_id}", status_code=303)


async def _page(request: Request, user: User, parts: PortalParts, municipality: Municipality,
                failed: str | None = None, form: Form | None = None, status_code: int = 200) -> Response:
    """The page; after a refused vote, with the form of ``failed`` as typed and its errors."""
    found, rule = await asyncio.gather(
        parts.api.items(FUNDING, paths.municipality_proposals(municipality.code), user.token),
        parts.api.get(FUNDING, paths.decision_rule(municipality.region_code), user.token),
    )
    return render(request, "gemeente/proposals.html", status_code=status_code, municipality=municipality,
                  open_proposals=[p for p in found if p.status == "open"],
                  decided=[p for p in found if p.status != "open"], rule=rule.rule,
                  manage=user.principal.can_manage_municipality(municipality.code),
                  failed=failed, form=form or Form(), melding=request.query_params.get("melding"),
                  voted=_voted(found, request.query_params.get("voorstel")))


def _voted(found: list[Any], proposal_id: str | None) -> Any:
    """The proposal just voted on, to confirm the vote with its purpose."""
    return next((p for p in found if str(p.id) == proposal_id), None) if proposal_id else None
