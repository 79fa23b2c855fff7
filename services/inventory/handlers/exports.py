"""What a region (or a gemeente) downloads of its own: its gemeenten's coverage and its
noodsteunpunten. Only its own: a region reads its region, a gemeente itself, national all."""

from __future__ import annotations

from shared.auth.principal import Principal, Role
from shared.refdata import ReferenceData
from services.inventory.adapters.unit_of_work import InventoryUnitOfWork
from services.inventory.domain.coverage import Coverage, Norm
from services.inventory.domain.noodsteunpunt import Noodsteunpunt
from services.inventory.domain.picture import region_coverage
from services.inventory.handlers.noodsteunpunten import known_municipality
from services.inventory.handlers.views import known_region, municipalities_of, readiness_by_municipality


async def region_export(
    region_code: str, norm: Norm, actor: Principal, uow: InventoryUnitOfWork, reference: ReferenceData
) -> tuple[list[Coverage], list[Noodsteunpunt]]:
    region = known_region(region_code, reference)
    allowed = actor.role is Role.NATIONAL or actor.can_manage_region(region.code)
    actor.require(allowed, f"export the picture of {region.code}")
    async with uow:
        nsps = await uow.noodsteunpunten.list(region_code=region.code)
    _, parts = region_coverage((region.code, region.name), municipalities_of(region.code, reference),
                               readiness_by_municipality(nsps), norm)
    return parts, nsps


async def municipality_noodsteunpunten(
    code: str, actor: Principal, uow: InventoryUnitOfWork, reference: ReferenceData
) -> list[Noodsteunpunt]:
    municipality = known_municipality(code, reference)
    allowed = actor.role is Role.NATIONAL or actor.can_manage_region(municipality.region_code) \
        or actor.can_manage_municipality(code)
    actor.require(allowed, f"export the noodsteunpunten of {code}")
    async with uow:
        return await uow.noodsteunpunten.list(municipality_code=code)
