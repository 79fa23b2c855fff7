"""Creating, listing and seeding campaigns, and drafting and publishing their toolkits."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any
from uuid import UUID, uuid4

from shared.auth.principal import Principal
from shared.errors import InvalidInput, NotFound
from shared.refdata import ReferenceData
from services.campaign.adapters import data_files
from services.campaign.adapters.unit_of_work import CampaignUnitOfWork
from services.campaign.domain.campaign import NATIONAL, Audience, Campaign, Level
from services.campaign.domain.toolkit import Template, ToolkitVersion
from services.campaign.handlers.access import can_manage_scope, require_reader, sees_campaign, sees_toolkit
from services.campaign.handlers.commands import CreateCampaign


async def create_campaign(command: CreateCampaign, uow: CampaignUnitOfWork, reference: ReferenceData) -> Campaign:
    actor = command.actor
    scope = NATIONAL if command.level is Level.NATIONAL else (actor.region_code or "")
    actor.require(can_manage_scope(actor, scope), f"create a {command.level.value} campaign")
    regions = _participants(command, scope, reference)
    async with uow:
        campaign = Campaign.create(
            id=command.id or uuid4(), name=command.name, level=command.level, owner=command.owner, region_code=scope,
            starts_on=command.starts_on, ends_on=command.ends_on, behaviour_goal=command.behaviour_goal,
            audiences=command.audiences, participating_regions=regions,
        )
        await uow.campaigns.add(campaign)
        await uow.commit()
    return campaign


def _participants(command: CreateCampaign, scope: str, reference: ReferenceData) -> list[str]:
    if command.level is Level.NATIONAL and not command.participating_regions:
        return sorted(reference.regions)
    regions = command.participating_regions or [scope]
    unknown = sorted(set(regions) - set(reference.regions))
    if unknown:
        raise InvalidInput(f"unknown regions: {', '.join(unknown)}")
    return regions


async def seed_memo_campaigns(actor: Principal, uow: CampaignUnitOfWork, reference: ReferenceData) -> list[Campaign]:
    """The memo's two campaigns from services/campaign/data, each created once (fixed ids).

    A national user seeds Denk Vooruit; the owning region seeds its regional campaign;
    what the caller may not create, or what exists, is left alone."""
    seeded: list[Campaign] = []
    for entry in data_files.memo_campaigns():
        if not can_manage_scope(actor, entry["region_code"]):
            continue
        async with uow:
            existing = await uow.campaigns.get(UUID(entry["id"]))
        seeded.append(existing or await create_campaign(_seed_command(actor, entry, reference), uow, reference))
    actor.require(bool(seeded), "seed the memo's campaigns")
    return seeded


def _seed_command(actor: Principal, entry: dict[str, Any], reference: ReferenceData) -> CreateCampaign:
    regions = entry["participating_regions"]
    return CreateCampaign(
        actor=actor, id=UUID(entry["id"]), name=entry["name"], level=Level(entry["level"]), owner=entry["owner"],
        starts_on=date.fromisoformat(entry["starts_on"]), ends_on=date.fromisoformat(entry["ends_on"]),
        behaviour_goal=entry["behaviour_goal"], audiences=[Audience(a) for a in entry["audiences"]],
        participating_regions=sorted(reference.regions) if regions == "all" else regions,
    )


async def list_campaigns(actor: Principal, uow: CampaignUnitOfWork) -> list[Campaign]:
    require_reader(actor, "read campaigns")
    async with uow:
        return [c for c in await uow.campaigns.list() if sees_campaign(actor, c)]


async def get_campaign(campaign_id: UUID, actor: Principal, uow: CampaignUnitOfWork) -> Campaign:
    require_reader(actor, "read campaigns")
    async with uow:
        return await get_campaign_in(uow, campaign_id, actor)


async def get_campaign_in(
    uow: CampaignUnitOfWork, campaign_id: UUID, actor: Principal | None = None, for_update: bool = False
) -> Campaign:
    """The campaign; with ``actor``, only one it may see (another region's is absent for it).
    A write addressed to the campaign leaves ``actor`` out and checks the actor's scope next (403)."""
    campaign = await uow.campaigns.get(campaign_id, for_update=for_update)
    if campaign is None or (actor is not None and not sees_campaign(actor, campaign)):
        raise NotFound(f"no campaign {campaign_id}")
    return campaign


async def draft_toolkit(campaign_id: UUID, templates: list[Template], actor: Principal, uow: CampaignUnitOfWork) -> ToolkitVersion:
    async with uow:
        campaign = await get_campaign_in(uow, campaign_id)
        actor.require(can_manage_scope(actor, campaign.region_code), f"manage the toolkit of {campaign.name!r}")
        toolkit = ToolkitVersion.draft(
            id=uuid4(), campaign_id=campaign.id, region_code=campaign.region_code,
            version=await uow.toolkits.next_version(campaign.id), templates=templates,
        )
        await uow.toolkits.add(toolkit)
        await uow.commit()
    return toolkit


async def publish_toolkit(toolkit_id: UUID, actor: Principal, uow: CampaignUnitOfWork) -> ToolkitVersion:
    """Publishing a published version again changes nothing and succeeds (users repeat actions)."""
    async with uow:
        toolkit = await get_toolkit_in(uow, toolkit_id, for_update=True)
        actor.require(can_manage_scope(actor, toolkit.region_code), "publish this toolkit")
        if toolkit.published:
            return toolkit
        toolkit.publish(datetime.now(timezone.utc))
        await uow.toolkits.save(toolkit)
        await uow.commit()
    return toolkit


async def toolkits_of(campaign_id: UUID, actor: Principal, uow: CampaignUnitOfWork) -> list[ToolkitVersion]:
    require_reader(actor, "read toolkits")
    async with uow:
        campaign = await get_campaign_in(uow, campaign_id, actor)
        return [t for t in await uow.toolkits.of_campaign(campaign_id) if sees_toolkit(actor, campaign, t)]


async def get_toolkit_in(
    uow: CampaignUnitOfWork, toolkit_id: UUID, for_update: bool = False, actor: Principal | None = None
) -> ToolkitVersion:
    """The toolkit version; with ``actor``, only one it may see (a draft of another scope is absent for it)."""
    toolkit = await uow.toolkits.get(toolkit_id, for_update=for_update)
    if toolkit is not None and actor is not None:
        campaign = await uow.campaigns.get(toolkit.campaign_id)
        toolkit = toolkit if campaign is not None and sees_toolkit(actor, campaign, toolkit) else None
    if toolkit is None:
        raise NotFound(f"no toolkit version {toolkit_id}")
    return toolkit
