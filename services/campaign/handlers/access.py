"""Who may do what in the campaign service; scope always from the token.

National users manage national campaigns and their toolkits; a region manages its own
regional campaigns and toolkits, its waves, surveys, activities and its municipalities'
local versions; a municipality renders and views its own materials.
"""

from __future__ import annotations

from shared.auth.principal import Principal, Role
from shared.errors import NotFound
from shared.refdata import Municipality, ReferenceData
from services.campaign.domain.campaign import NATIONAL, Campaign
from services.campaign.domain.toolkit import ToolkitVersion

# Campaigns, published toolkits, waves, surveys and the calendar are non-personal programme
# data: integrators read them too. Local versions and contact details are the municipalities'.
READERS = (Role.NATIONAL, Role.REGION, Role.MUNICIPALITY, Role.INTEGRATOR)


def can_manage_scope(actor: Principal, region_code: str) -> bool:
    """NL belongs to national users, a region to that region's users."""
    if region_code == NATIONAL:
        return actor.role is Role.NATIONAL
    return actor.can_manage_region(region_code)


def sees_campaign(actor: Principal, campaign: Campaign) -> bool:
    """National users, integrators and every region see every campaign (a campaign is public
    communication, and a region must find another region's campaign to ask to take part in
    it); a gemeente sees those its region runs or takes part in. Drafts, waves and surveys
    keep their own, narrower rules."""
    if actor.reads_open_data or actor.role is Role.REGION:
        return True
    region = actor.region_code
    return region is not None and (campaign.region_code == region or campaign.includes_region(region))


def sees_toolkit(actor: Principal, campaign: Campaign, toolkit: ToolkitVersion) -> bool:
    """A draft is seen only by those who manage it (and national users); a published version by
    everyone who sees the campaign."""
    if not sees_campaign(actor, campaign):
        return False
    return toolkit.published or actor.role is Role.NATIONAL or can_manage_scope(actor, toolkit.region_code)


def require_reader(actor: Principal, what: str) -> None:
    actor.require(actor.role in READERS, what)


def municipality_of(reference: ReferenceData, code: str) -> Municipality:
    municipality = reference.municipalities.get(code)
    if municipality is None:
        raise NotFound(f"unknown municipality {code}")
    return municipality


def require_local_manager(actor: Principal, municipality: Municipality, what: str) -> None:
    """The municipality itself, or its region."""
    allowed = actor.can_manage_municipality(municipality.code) or actor.can_manage_region(municipality.region_code)
    actor.require(allowed, what)


def regions_visible_to(actor: Principal) -> list[str] | None:
    """Calendar scope: national users and integrators see all (None), others their region and national items."""
    if actor.reads_open_data:
        return None
    return [NATIONAL, actor.region_code or ""]
