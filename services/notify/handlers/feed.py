"""Turns consumed events into feed items, and reads the feed within the caller's scope."""

from __future__ import annotations

from shared.auth.principal import Principal, Role
from shared.contract.envelope import IntegrationEvent
from shared.refdata import ReferenceData
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.domain.feed import FeedItem, feed_item_for


async def add_to_feed(event: IntegrationEvent, uow: NotifyUnitOfWork, reference: ReferenceData) -> None:
    """Runs inside the consumer's unit of work (inbox claim + effect commit together)."""
    municipality = reference.municipalities.get(event.municipality_code or "")
    item = feed_item_for(event, municipality.name if municipality else None)
    if item is not None:
        await uow.feed.add(item)


async def read_feed(actor: Principal, uow: NotifyUnitOfWork, limit: int = 50) -> list[FeedItem]:
    actor.require(actor.role in (Role.NATIONAL, Role.REGION, Role.MUNICIPALITY), "read the feed")
    async with uow:
        if actor.role is Role.NATIONAL:
            return await uow.feed.latest(limit=limit)
        if actor.role is Role.REGION:
            return await uow.feed.latest(region_code=actor.region_code, limit=limit)
        return await uow.feed.latest(municipality_code=actor.municipality_code, limit=limit)
