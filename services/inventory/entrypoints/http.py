"""HTTP API of the inventory service. Scope comes from the token, never from the path alone."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, status

from shared.auth.http import CurrentPrincipal
from shared.http_deps import Reference, unit_of_work
from services.inventory.adapters.unit_of_work import InventoryUnitOfWork
from services.inventory.entrypoints.schemas import NoodsteunpuntIn, NoodsteunpuntOut
from services.inventory.handlers import noodsteunpunten as handlers
from services.inventory.handlers.commands import RegisterNoodsteunpunt

router = APIRouter(tags=["noodsteunpunten"])
UnitOfWork = Annotated[InventoryUnitOfWork, Depends(unit_of_work)]


@router.post(
    "/municipalities/{municipality_code}/noodsteunpunten",
    status_code=status.HTTP_201_CREATED,
    response_model=NoodsteunpuntOut,
)
async def register(
    municipality_code: str, body: NoodsteunpuntIn, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference
) -> NoodsteunpuntOut:
    command = RegisterNoodsteunpunt(actor, municipality_code, body.name, body.layer, body.address, body.public)
    nsp = await handlers.register_noodsteunpunt(command, uow, reference)
    return NoodsteunpuntOut.model_validate(nsp)


@router.get("/noodsteunpunten/{nsp_id}", response_model=NoodsteunpuntOut)
async def get_one(nsp_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> NoodsteunpuntOut:
    return NoodsteunpuntOut.model_validate(await handlers.get_noodsteunpunt(nsp_id, actor, uow))
