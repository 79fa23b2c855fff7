"""Who may do what in the campaign service; scope always from the token.

National users manage national campaigns and their toolkits; a region manages its own
regional campaigns and toolkits, its waves, surveys, activities and its municipalities'
local versions; a municipality renders and views its own materials.
"""

from __future__ import annotations

from shared.auth.principal import Principal, Role
from shared.errors import NotFound
from shared.refdata import Municipality, ReferenceData
from services.campaign.domain.campaign import NATIONAL

READERS = (Role.NATIONAL, Role.REGION, Role.MUNICIPALITY)


def can_manage_scope(actor: Principal, region_code: str) -> bool:
    """NL belongs to national users, a region to that region's users."""
    if region_code == NATIONAL:
        return actor.role is Role.NATIONAL
    return actor.can_manage_region(region_code)


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
    """Calendar scope: national sees all (None), others their region and national items."""
    if actor.role is Role.NATIONAL:
        return None
    return [NATIONAL, actor.region_code or ""]
