"""HTTP API of the notify service: the scoped event feed and the personal feed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from shared.auth.http import CurrentPrincipal
from shared.http_deps import unit_of_work
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.entrypoints.schemas import FeedItemOut, PersonalFeedItemOut
from services.notify.handlers.feed import read_feed
from services.notify.handlers.subscriptions import personal_feed

router = APIRouter(tags=["feed"])
UnitOfWork = Annotated[NotifyUnitOfWork, Depends(unit_of_work)]
Limit = Annotated[int, Query(ge=1, le=500)]


@router.get("/feed", response_model=list[FeedItemOut])
async def feed(actor: CurrentPrincipal, uow: UnitOfWork, limit: Limit = 50) -> list[FeedItemOut]:
    """The newest feed items within the token's scope (national: all; region: its region; municipality: its own)."""
    return [FeedItemOut.model_validate(item) for item in await read_feed(actor, uow, limit)]


@router.get("/me/feed", response_model=list[PersonalFeedItemOut])
async def my_feed(actor: CurrentPrincipal, uow: UnitOfWork, limit: Limit = 50) -> list[PersonalFeedItemOut]:
    """The caller's in-app feed: what their own subscriptions matched, newest first."""
    return [PersonalFeedItemOut.model_validate(row) for row in await personal_feed(actor, uow, limit)]
