"""Dependencies the inventory routers share."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from shared.http.deps import unit_of_work
from services.inventory.adapters.unit_of_work import InventoryUnitOfWork
from services.inventory.domain.coverage import DEFAULT_INHABITANTS_PER_NSP, Norm

UnitOfWork = Annotated[InventoryUnitOfWork, Depends(unit_of_work)]


async def norm(
    inhabitants_per_nsp: Annotated[
        int,
        Query(alias="inhabitantsPerNsp", ge=100, le=1_000_000, description="coverage norm: one NSP per this many inhabitants"),
    ] = DEFAULT_INHABITANTS_PER_NSP,
) -> Norm:
    return Norm(inhabitants_per_nsp)


CoverageNorm = Annotated[Norm, Depends(norm)]
