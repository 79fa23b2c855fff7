"""Handlers for the noodsteunpunten registry."""

from __future__ import annotations

from uuid import UUID, uuid4

from shared.auth.principal import Principal
from shared.errors import NotFound
from shared.refdata import ReferenceData
from services.inventory.adapters.unit_of_work import InventoryUnitOfWork
from services.inventory.domain.noodsteunpunt import Noodsteunpunt
from services.inventory.handlers.commands import RegisterNoodsteunpunt


async def register_noodsteunpunt(
    command: RegisterNoodsteunpunt, uow: InventoryUnitOfWork, reference: ReferenceData
) -> Noodsteunpunt:
    command.actor.require(
        command.actor.can_manage_municipality(command.municipality_code),
        f"register noodsteunpunten for {command.municipality_code}",
    )
    municipality = reference.municipalities.get(command.municipality_code)
    if municipality is None:
        raise NotFound(f"unknown municipality {command.municipality_code}")
    async with uow:
        nsp = Noodsteunpunt.register(
            id=uuid4(),
            region_code=municipality.region_code,
            municipality_code=municipality.code,
            name=command.name,
            layer=command.layer,
            address=command.address,
            public=command.public,
        )
        await uow.noodsteunpunten.add(nsp)
        await uow.commit()
    return nsp


async def get_noodsteunpunt(nsp_id: UUID, actor: Principal, uow: InventoryUnitOfWork) -> Noodsteunpunt:
    async with uow:
        nsp = await uow.noodsteunpunten.get(nsp_id)
    # Out of scope looks the same as absent: a token learns nothing about other regions.
    if nsp is None or not actor.can_read_municipality(nsp.region_code, nsp.municipality_code):
        raise NotFound(f"no noodsteunpunt {nsp_id}")
    return nsp
