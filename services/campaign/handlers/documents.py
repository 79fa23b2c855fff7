"""What the printable local version and the iCalendar feed need, read within scope."""

from __future__ import annotations

from uuid import UUID

from shared.auth.principal import Principal
from shared.refdata import ReferenceData
from services.campaign.adapters.unit_of_work import CampaignUnitOfWork
from services.campaign.domain.activity import Activity
from services.campaign.domain.campaign import NATIONAL
from services.campaign.domain.printable import Printable
from services.campaign.handlers.access import require_reader
from services.campaign.handlers.campaigns import get_campaign_in
from services.campaign.handlers.local_versions import get_local_version


async def printable_local_version(local_id: UUID, actor: Principal, uow: CampaignUnitOfWork,
                                  reference: ReferenceData) -> Printable:
    """The local version with the noodsteunpunten it listed when it was rendered."""
    local = await get_local_version(local_id, actor, uow)
    async with uow:
        campaign = await get_campaign_in(uow, local.campaign_id)
        known = [await uow.known_noodsteunpunten.get(nsp_id) for nsp_id in local.noodsteunpunt_ids]
        contact = await uow.contacts.get(local.municipality_code)
    return Printable(local, campaign, reference.municipalities[local.municipality_code].name,
                     reference.regions[local.region_code].name, [n for n in known if n is not None], contact)


async def region_calendar(region_code: str, actor: Principal, uow: CampaignUnitOfWork) -> list[Activity]:
    """The region's own and the national activities (the calendar that region's people see)."""
    require_reader(actor, "read the activity calendar")
    actor.require(actor.can_read_region(region_code), f"read the activity calendar of {region_code}")
    async with uow:
        return await uow.activities.calendar([NATIONAL, region_code], None, None)
