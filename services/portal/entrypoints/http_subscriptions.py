"""Subscriptions: what a signed-in user hears about, by e-mail and in the feed (notify)."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal.adapters import paths
from services.portal.adapters.api import ApiError
from services.portal.adapters.paths import NOTIFY
from services.portal.domain.forms import Form, in_dutch
from services.portal.domain.user import User
from services.portal.entrypoints.deps import PortalParts, SignedIn, render

router = APIRouter()
# Only to say it next to the field at once; notify checks every address itself.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
FIELDS = ("name", "email", "role", "event_types", "frequency")


@router.get("/abonnementen")
async def subscriptions(request: Request, user: SignedIn, parts: PortalParts) -> Response:
    form = Form(values={"frequency": "immediate", "event_types": ["inventory.*"], "role": _default_role(user)})
    return await _page(request, user, parts, form)


@router.post("/abonnementen")
async def subscribe(request: Request, user: SignedIn, parts: PortalParts) -> Response:
    data = await request.form()
    form = Form(values={"name": str(data.get("name", "")).strip(), "email": str(data.get("email", "")).strip(),
                        "role": str(data.get("role", "")), "frequency": str(data.get("frequency", "")),
                        "event_types": [str(v) for v in data.getlist("event_types")]})
    if not EMAIL.match(form.values["email"]):
        form.add("email", "Vul een geldig e-mailadres in, zoals naam@gemeente.nl.")
        return await _page(request, user, parts, form, status_code=400)
    body = {**form.values, "municipality_code": user.municipality_code}
    try:
        await parts.api.send("POST", NOTIFY, paths.SUBSCRIPTIONS, user.token, json=body)
    except ApiError as error:
        if error.status not in (400, 409, 422):
            raise
        form.add_api_errors(error.errors, FIELDS, in_dutch(error.detail))
        return await _page(request, user, parts, form, status_code=400)
    return RedirectResponse("/abonnementen?melding=aangemeld", status_code=303)


@router.post("/abonnementen/{subscription_id}/opzeggen")
async def unsubscribe(subscription_id: str, user: SignedIn, parts: PortalParts) -> Response:
    await parts.api.send("DELETE", NOTIFY, paths.subscription(subscription_id), user.token)
    return RedirectResponse("/abonnementen?melding=opgezegd", status_code=303)


async def _page(request: Request, user: User, parts: PortalParts, form: Form, status_code: int = 200) -> Response:
    found = await parts.api.items(NOTIFY, paths.SUBSCRIPTIONS, user.token)
    return render(request, "subscriptions.html", status_code=status_code, subscriptions=found, form=form,
                  melding=request.query_params.get("melding"))


def _default_role(user: User) -> str:
    return {"national": "national_coordinator", "region": "programme_team"}.get(user.role, "iv")
