"""Joint campaigns: a region asks to take part, the owner agrees or declines, a region
leaves; and the campaign's figures rolled up over the regions that take part."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from shared.auth.principal import Principal, Role
from services.campaign.adapters.unit_of_work import CampaignUnitOfWork
from services.campaign.domain.campaign import Campaign
from services.campaign.domain.rollup import CampaignRollup, roll_up
from services.campaign.handlers.access import can_manage_scope
from services.campaign.handlers.campaigns import get_campaign_in


async def ask_to_join(campaign_id: UUID, actor: Principal, uow: CampaignUnitOfWork) -> tuple[Campaign, bool]:
    """The caller's region asks to take part; True when it takes part at once (a national campaign)."""
    region = actor.region_code or ""
    joined: list[bool] = []
    campaign = await _change(campaign_id, actor, uow, lambda c: joined.append(c.ask_to_join(region)),
                             lambda _: actor.require(actor.can_manage_region(region), "take part in a campaign"))
    return campaign, joined[0]


async def admit(campaign_id: UUID, region_code: str, actor: Principal, uow: CampaignUnitOfWork) -> Campaign:
    return await _change(campaign_id, actor, uow, lambda c: c.admit(region_code), _owner(actor, "admit regions"))


async def decline(campaign_id: UUID, region_code: str, actor: Principal, uow: CampaignUnitOfWork) -> Campaign:
    return await _change(campaign_id, actor, uow, lambda c: c.decline(region_code), _owner(actor, "decline regions"))


async def leave(campaign_id: UUID, region_code: str, actor: Principal, uow: CampaignUnitOfWork) -> Campaign:
    return await _change(campaign_id, actor, uow, lambda c: c.leave(region_code),
                         lambda _: actor.require(actor.can_manage_region(region_code), "take a region out of a campaign"))


async def rollup(campaign_id: UUID, actor: Principal, uow: CampaignUnitOfWork) -> CampaignRollup:
    """National users and integrators (non-personal figures), and the regions that run or take part in it."""
    async with uow:
        campaign = await get_campaign_in(uow, campaign_id, actor)
        allowed = actor.reads_open_data or (actor.role is Role.REGION and (
            campaign.includes_region(actor.region_code or "") or campaign.region_code == actor.region_code))
        actor.require(allowed, "read the figures of a campaign the region does not take part in")
        return roll_up(campaign, await uow.waves.of_campaign(campaign_id), await uow.surveys.of_campaign(campaign_id))


def _owner(actor: Principal, what: str) -> Callable[[Campaign], None]:
    return lambda campaign: actor.require(can_manage_scope(actor, campaign.region_code), what)


async def _change(
    campaign_id: UUID, actor: Principal, uow: CampaignUnitOfWork, change: Callable[[Campaign], object],
    check: Callable[[Campaign], None] = lambda _: None,
) -> Campaign:
    async with uow:
        campaign = await get_campaign_in(uow, campaign_id, for_update=True)  # a write: 403 unless ``check`` lets it
        check(campaign)
        change(campaign)
        await uow.campaigns.save_participation(campaign)
        await uow.commit()
    return campaign
