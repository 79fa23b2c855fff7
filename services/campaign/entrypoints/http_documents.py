"""HTTP: printable toolkit material (a local version as an A4 PDF) and the activity
calendar as an iCalendar feed per region."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from shared.auth.http import CurrentPrincipal
from shared.http.deps import Reference, RegionCodePath, unit_of_work
from services.campaign.adapters.print_documents import calendar_ics, poster_html, poster_pdf
from services.campaign.adapters.unit_of_work import CampaignUnitOfWork
from services.campaign.handlers.documents import printable_local_version, region_calendar

router = APIRouter(tags=["documents"])
UnitOfWork = Annotated[CampaignUnitOfWork, Depends(unit_of_work)]


@router.get("/local-versions/{local_id}/poster.pdf", response_class=Response)
async def local_version_pdf(local_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference) -> Response:
    """The local version, print-ready: an A4 poster in the campaign's uniform message with the gemeente's
    noodsteunpunten (and the flyer text on a second page)."""
    printable = await printable_local_version(local_id, actor, uow, reference)
    body = await poster_pdf(poster_html(printable))
    return Response(body, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{printable.local.municipality_code}-{local_id.hex[:8]}.pdf"'})


@router.get("/regions/{region_code}/activities.ics", response_class=Response)
async def activities_ics(region_code: RegionCodePath, actor: CurrentPrincipal, uow: UnitOfWork,
                         reference: Reference) -> Response:
    """The region's and the national activities as an iCalendar (RFC 5545) feed."""
    activities = await region_calendar(region_code, actor, uow)
    body = calendar_ics(region_code, reference.regions[region_code].name, activities, datetime.now(timezone.utc))
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="weerbaar-{region_code}.ics"'})
