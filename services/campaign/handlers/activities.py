"""The activity calendar: scheduling (each one an event for notify) and reading it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from shared.auth.principal import Principal
from services.campaign.adapters import data_files
from services.campaign.adapters.unit_of_work import CampaignUnitOfWork
from services.campaign.domain.activity import Activity, ActivityAudience, Kind
from services.campaign.handlers.access import can_manage_scope, regions_visible_to, require_reader
from services.campaign.handlers.campaigns import get_campaign_in


async def schedule_activity(activity: Activity, actor: Principal, uow: CampaignUnitOfWork) -> Activity:
    """``activity`` carries the request's fields; the aggregate is built (and checked) here."""
    actor.require(can_manage_scope(actor, activity.region_code), f"schedule activities for {activity.region_code}")
    async with uow:
        if activity.campaign_id:
            await get_campaign_in(uow, activity.campaign_id, actor)
        scheduled = Activity.schedule(
            id=uuid4(), region_code=activity.region_code, kind=activity.kind, title=activity.title,
            starts_at=activity.starts_at, ends_at=activity.ends_at, place=activity.place,
            audience=activity.audience, campaign_id=activity.campaign_id,
        )
        await uow.activities.add(scheduled)
        await uow.commit()
    return scheduled


async def calendar(actor: Principal, uow: CampaignUnitOfWork, start: datetime | None, end: datetime | None) -> list[Activity]:
    require_reader(actor, "read the activity calendar")
    async with uow:
        return await uow.activities.calendar(regions_visible_to(actor), start, end)


async def seed_october_activities(actor: Principal, uow: CampaignUnitOfWork) -> list[Activity]:
    """The memo's October 2025 activities the caller may schedule, each once."""
    entries = data_files.october_activities()
    actor.require(any(can_manage_scope(actor, e["region_code"]) for e in entries), "schedule the memo's activities")
    campaigns = {c.name: c.id for c in await _campaigns(uow)}
    seeded = []
    for entry in entries:
        if not can_manage_scope(actor, entry["region_code"]):
            continue
        starts_at = datetime.fromisoformat(entry["starts_at"])
        async with uow:
            exists = await uow.activities.exists(entry["region_code"], entry["title"], starts_at)
        if not exists:
            seeded.append(await schedule_activity(_from_entry(entry, starts_at, campaigns.get(entry["campaign"])), actor, uow))
    return seeded


async def _campaigns(uow: CampaignUnitOfWork) -> list:
    async with uow:
        return await uow.campaigns.list()


def _from_entry(entry: dict, starts_at: datetime, campaign_id: UUID | None) -> Activity:
    ends_at = datetime.fromisoformat(entry["ends_at"]) if entry["ends_at"] else None
    return Activity(
        id=uuid4(), region_code=entry["region_code"], kind=Kind(entry["kind"]), title=entry["title"],
        starts_at=starts_at, ends_at=ends_at, place=entry["place"],
        audience=[ActivityAudience(a) for a in entry["audience"]], campaign_id=campaign_id,
    )
