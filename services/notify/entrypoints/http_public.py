"""The public CAP feed: noodsteunpunten opened for real, for warning channels and
aggregators. No token: everything in it is meant for the public."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from shared.errors import NotFound
from shared.http.deps import unit_of_work
from shared.http.problems import responses
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.domain.alert_feed import CAP_MEDIA_TYPE, atom_feed

router = APIRouter(tags=["public alerts"])
UnitOfWork = Annotated[NotifyUnitOfWork, Depends(unit_of_work)]
FEED_TITLE = "Weerbaar: noodsteunpunten geopend (CAP 1.2)"


@router.get("/public/cap.atom", response_class=Response, responses={
    200: {"content": {"application/atom+xml": {}}, "description": "Atom feed of CAP 1.2 messages, newest first"},
    **responses(400)})
async def cap_feed(
    request: Request, uow: UnitOfWork,
    region: Annotated[str | None, Query(pattern=r"^VR(0[1-9]|1[0-9]|2[0-5])$", description="only this region")] = None,
) -> Response:
    """The newest 100 public CAP messages: real openings, status changes and closings of
    public noodsteunpunten (never exercises)."""
    async with uow:
        alerts = await uow.public_alerts.newest(region)
    base = str(request.url.replace(query="")).removesuffix("/cap.atom")
    feed = atom_feed(alerts, str(request.url), f"{base}/cap/{{identifier}}/alert.xml", FEED_TITLE)
    return Response(feed, media_type="application/atom+xml")


@router.get("/public/cap/{identifier}/alert.xml", response_class=Response, responses={
    200: {"content": {CAP_MEDIA_TYPE: {}}, "description": "One CAP 1.2 message"}, **responses(400, 404)})
async def cap_message(identifier: Annotated[str, Path(pattern=r"^weerbaar-[0-9a-f-]{36}$")], uow: UnitOfWork) -> Response:
    """One CAP 1.2 message of the public feed, as its own document."""
    async with uow:
        alert = await uow.public_alerts.get(identifier)
    if alert is None:
        raise NotFound("no such CAP message")
    return Response(alert.xml, media_type=CAP_MEDIA_TYPE)
