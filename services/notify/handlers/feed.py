"""Reads the scoped event feed within the caller's scope."""

from __future__ import annotations

from shared.auth.principal import Principal, Role
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.domain.feed import FeedItem


async def read_feed(actor: Principal, uow: NotifyUnitOfWork, limit: int = 50) -> list[FeedItem]:
    actor.require(actor.role in (Role.NATIONAL, Role.REGION, Role.MUNICIPALITY), "read the feed")
    async with uow:
        if actor.role is Role.NATIONAL:
            return await uow.feed.latest(limit=limit)
        if actor.role is Role.REGION:
            return await uow.feed.latest(region_code=actor.region_code, limit=limit)
        return await uow.feed.latest(municipality_code=actor.municipality_code, limit=limit)
