"""Who may see and do what with the programme's money."""

from __future__ import annotations

from shared.auth.principal import Principal, Role


def is_national(actor: Principal) -> bool:
    return actor.role is Role.NATIONAL


def sees_region_money(actor: Principal, region_code: str) -> bool:
    """The region's internal money matters (ledger, proposals): national users see every
    region; a region user only its own."""
    return actor.role is Role.NATIONAL or actor.can_manage_region(region_code)


def sees_municipality_proposals(actor: Principal, region_code: str, municipality_code: str) -> bool:
    """The proposals a gemeente is asked to vote on: its own users, and whoever sees its
    region's money (the region's users, national users)."""
    return actor.can_manage_municipality(municipality_code) or sees_region_money(actor, region_code)


def reads_programme_money(actor: Principal, region_code: str) -> bool:
    """What the programme publishes about a region's money (allocations, balances, commitments):
    as above, and integrators (non-personal data, every region)."""
    return actor.role is Role.INTEGRATOR or sees_region_money(actor, region_code)


def reads_schedule(actor: Principal) -> bool:
    return actor.role in (Role.NATIONAL, Role.REGION, Role.MUNICIPALITY, Role.INTEGRATOR)
