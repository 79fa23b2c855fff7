"""HTTP API of the notify service."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict

from shared.auth.http import CurrentPrincipal
from shared.http_deps import unit_of_work
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.handlers.feed import read_feed

router = APIRouter(tags=["feed"])
UnitOfWork = Annotated[NotifyUnitOfWork, Depends(unit_of_work)]


class FeedItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    event_id: UUID
    event_type: str
    region_code: str
    municipality_code: str | None
    subject: str
    title: str
    occurred_at: datetime


@router.get("/feed", response_model=list[FeedItemOut])
async def feed(actor: CurrentPrincipal, uow: UnitOfWork, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[FeedItemOut]:
    """The newest feed items within the token's scope (national: all; region: its region; municipality: its own)."""
    return [FeedItemOut.model_validate(item) for item in await read_feed(actor, uow, limit)]
