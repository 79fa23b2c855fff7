"""HTTP: the invitations and reminders notify will send, before they are due."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from shared.auth.http import CurrentPrincipal
from shared.http.deps import RegionCodePath, unit_of_work
from shared.http.paging import Page, Paging, page_of
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.entrypoints.schemas import ReminderOut
from services.notify.handlers.reminders_ahead import upcoming_reminders

router = APIRouter(tags=["reminders"])
UnitOfWork = Annotated[NotifyUnitOfWork, Depends(unit_of_work)]


@router.get("/regions/{region_code}/reminders", response_model=Page[ReminderOut])
async def reminders_ahead(region_code: RegionCodePath, paging: Paging, request: Request, actor: CurrentPrincipal,
                          uow: UnitOfWork) -> Page[ReminderOut]:
    """Invitations and reminders still to be sent for the region's and the national activities, soonest first."""
    rows, total = await upcoming_reminders(region_code, actor, uow, request.app.state.service.extras["clock"](),
                                           paging.offset, paging.page_size)
    return page_of([ReminderOut(**row) for row in rows], total, paging, request)
