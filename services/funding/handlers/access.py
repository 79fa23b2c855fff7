"""Who may see and do what with the programme's money."""

from __future__ import annotations

from shared.auth.principal import Principal, Role


def is_national(actor: Principal) -> bool:
    return actor.role is Role.NATIONAL


def sees_region_money(actor: Principal, region_code: str) -> bool:
    """National users see every region; a region user only its own."""
    return actor.role is Role.NATIONAL or actor.can_manage_region(region_code)


def reads_schedule(actor: Principal) -> bool:
    return actor.role in (Role.NATIONAL, Role.REGION, Role.MUNICIPALITY)
