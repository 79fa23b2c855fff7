"""Contact details and local versions: a municipality's own rendering of a published toolkit."""

from __future__ import annotations

from datetime import datetime, timezone
from uuid import UUID, uuid4

from shared.auth.principal import Principal
from shared.errors import NotFound
from shared.refdata import ReferenceData
from services.campaign.adapters.unit_of_work import CampaignUnitOfWork
from services.campaign.domain.local_knowledge import ContactDetails
from services.campaign.domain.local_version import LocalFacts, LocalVersion
from services.campaign.handlers.access import municipality_of, require_local_manager
from services.campaign.handlers.campaigns import get_campaign_in, get_toolkit_in


async def set_contact(contact: ContactDetails, actor: Principal, uow: CampaignUnitOfWork, reference: ReferenceData) -> ContactDetails:
    municipality = municipality_of(reference, contact.municipality_code)
    require_local_manager(actor, municipality, f"set the contact details of {municipality.code}")
    async with uow:
        await uow.contacts.put(contact)
        await uow.commit()
    return contact


async def render_local_version(
    toolkit_id: UUID, municipality_code: str, actor: Principal, uow: CampaignUnitOfWork, reference: ReferenceData
) -> LocalVersion:
    municipality = municipality_of(reference, municipality_code)
    require_local_manager(actor, municipality, f"render the local version of {municipality.code}")
    async with uow:
        toolkit = await get_toolkit_in(uow, toolkit_id, actor=actor)
        campaign = await get_campaign_in(uow, toolkit.campaign_id)
        facts = LocalFacts(
            municipality_code=municipality.code, municipality_name=municipality.name,
            region_code=municipality.region_code, region_name=reference.regions[municipality.region_code].name,
            contact=await uow.contacts.get(municipality.code),
            noodsteunpunten=await uow.known_noodsteunpunten.in_municipality(municipality.code),
        )
        local = LocalVersion.render(id=uuid4(), toolkit=toolkit, campaign=campaign, facts=facts, at=datetime.now(timezone.utc))
        await uow.local_versions.add(local)
        await uow.commit()
    return local


async def get_local_version(local_id: UUID, actor: Principal, uow: CampaignUnitOfWork) -> LocalVersion:
    async with uow:
        local = await uow.local_versions.get(local_id)
    # Out of scope looks the same as absent.
    if local is None or not actor.can_read_municipality(local.region_code, local.municipality_code):
        raise NotFound(f"no local version {local_id}")
    return local


async def local_versions_of(
    municipality_code: str, actor: Principal, uow: CampaignUnitOfWork, reference: ReferenceData
) -> list[LocalVersion]:
    municipality = municipality_of(reference, municipality_code)
    actor.require(actor.can_read_municipality(municipality.region_code, municipality.code), f"view {municipality.code}'s materials")
    async with uow:
        return await uow.local_versions.of_municipality(municipality.code)
