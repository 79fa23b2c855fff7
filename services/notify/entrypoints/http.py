"""HTTP API of the notify service: the scoped event feed and the personal feed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from shared.http.paging import Page, Paging, paginate
from shared.auth.http import CurrentPrincipal
from shared.http.deps import unit_of_work
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.entrypoints.schemas import FeedItemOut, PersonalFeedItemOut
from services.notify.handlers.feed import read_feed
from services.notify.handlers.subscriptions import personal_feed

router = APIRouter(tags=["feed"])
UnitOfWork = Annotated[NotifyUnitOfWork, Depends(unit_of_work)]
# The feed is a window on the newest items; pages are cut from it.
FEED_WINDOW = 1000


@router.get("/feed", response_model=Page[FeedItemOut])
async def feed(paging: Paging, request: Request, actor: CurrentPrincipal, uow: UnitOfWork) -> Page[FeedItemOut]:
    """The newest feed items within the token's scope (national: all; region: its region; municipality: its own)."""
    return paginate([FeedItemOut.model_validate(item) for item in await read_feed(actor, uow, FEED_WINDOW)], paging, request)


@router.get("/me/feed", response_model=Page[PersonalFeedItemOut])
async def my_feed(paging: Paging, request: Request, actor: CurrentPrincipal, uow: UnitOfWork) -> Page[PersonalFeedItemOut]:
    """The caller's in-app feed: what their own subscriptions matched, newest first."""
    return paginate([PersonalFeedItemOut.model_validate(row) for row in await personal_feed(actor, uow, FEED_WINDOW)], paging, request)
