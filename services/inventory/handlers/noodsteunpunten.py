"""Handlers for the noodsteunpunten registry."""

from __future__ import annotations

from datetime import datetime, timezone
from uuid import UUID, uuid4

from pydantic import ValidationError

from shared.auth.principal import Principal, Role
from shared.errors import InvalidInput, NotFound, found
from shared.refdata import Municipality, ReferenceData
from services.inventory.adapters.unit_of_work import InventoryUnitOfWork
from services.inventory.domain.csv_import import read_inventory
from services.inventory.domain.details import Details
from services.inventory.domain.noodsteunpunt import Noodsteunpunt
from services.inventory.handlers.commands import (
    ChangeActivation,
    ChangeReadiness,
    RegisterNoodsteunpunt,
    UpdateNoodsteunpunt,
)


async def register_noodsteunpunt(
    command: RegisterNoodsteunpunt, uow: InventoryUnitOfWork, reference: ReferenceData
) -> Noodsteunpunt:
    municipality = _managed_municipality(command.actor, command.municipality_code, reference, "register noodsteunpunten")
    details = command.details or Details()
    if command.address is not None:
        details = details.model_copy(update={"address": command.address})
    async with uow:
        nsp = Noodsteunpunt.register(
            id=uuid4(),
            region_code=municipality.region_code,
            municipality_code=municipality.code,
            name=command.name,
            layer=command.layer,
            details=details,
            readiness=command.readiness,
            public=command.public,
        )
        await uow.noodsteunpunten.add(nsp)
        await uow.commit()
    return nsp


async def import_inventory(
    actor: Principal, municipality_code: str, csv_text: str, uow: InventoryUnitOfWork, reference: ReferenceData
) -> list[Noodsteunpunt]:
    """All rows registered in one transaction, or none (ImportFailed lists every error)."""
    municipality = _managed_municipality(actor, municipality_code, reference, "import noodsteunpunten")
    rows = read_inventory(csv_text)
    async with uow:
        registered = []
        for row in rows:
            nsp = Noodsteunpunt.register(
                id=uuid4(),
                region_code=municipality.region_code,
                municipality_code=municipality.code,
                name=row.name,
                layer=row.layer,
                details=row.details,
                readiness=row.readiness,
                public=row.public,
            )
            await uow.noodsteunpunten.add(nsp)
            registered.append(nsp)
        await uow.commit()
    return registered


async def update_noodsteunpunt(command: UpdateNoodsteunpunt, uow: InventoryUnitOfWork) -> Noodsteunpunt:
    async with uow:
        nsp = await _managed(command.actor, command.noodsteunpunt_id, uow, "change this noodsteunpunt")
        details = _merged(nsp.details, command.details) if command.details else None
        nsp.update(name=command.name, layer=command.layer, details=details, public=command.public)
        await uow.noodsteunpunten.save(nsp)
        await uow.commit()
    return nsp


async def change_readiness(command: ChangeReadiness, uow: InventoryUnitOfWork) -> Noodsteunpunt:
    async with uow:
        nsp = await _managed(command.actor, command.noodsteunpunt_id, uow, "change this noodsteunpunt's readiness")
        if nsp.readiness is command.readiness:
            return nsp  # the readiness it has: a repeated request changes nothing and succeeds
        nsp.change_readiness(command.readiness, command.reason)
        await uow.noodsteunpunten.save(nsp)
        await uow.commit()
    return nsp


async def change_activation(command: ChangeActivation, uow: InventoryUnitOfWork) -> Noodsteunpunt:
    async with uow:
        nsp = await _managed(command.actor, command.noodsteunpunt_id, uow, "open or close this noodsteunpunt")
        nsp.change_activation(command.status, command.mode, datetime.now(timezone.utc))
        await uow.noodsteunpunten.save(nsp)
        await uow.commit()
    return nsp


async def get_noodsteunpunt(nsp_id: UUID, actor: Principal, uow: InventoryUnitOfWork) -> Noodsteunpunt:
    async with uow:
        nsp = await uow.noodsteunpunten.get(nsp_id)
    # Out of scope looks the same as absent: a token learns nothing about other regions.
    if nsp is None or not actor.can_read_municipality(nsp.region_code, nsp.municipality_code):
        raise NotFound(f"no noodsteunpunt {nsp_id}")
    return nsp


async def list_of_municipality(
    actor: Principal, municipality_code: str, uow: InventoryUnitOfWork, reference: ReferenceData
) -> list[Noodsteunpunt]:
    municipality = known_municipality(municipality_code, reference)
    actor.require(
        actor.can_read_municipality(municipality.region_code, municipality.code), f"read {municipality.code}'s noodsteunpunten"
    )
    async with uow:
        return await uow.noodsteunpunten.list(municipality_code=municipality.code)


async def list_of_region(actor: Principal, region_code: str, uow: InventoryUnitOfWork) -> list[Noodsteunpunt]:
    actor.require(actor.role in (Role.REGION, Role.NATIONAL) and actor.can_read_region(region_code),
                  f"read all noodsteunpunten of {region_code}")
    async with uow:
        return await uow.noodsteunpunten.list(region_code=region_code)


def _merged(current: Details, changes: dict[str, object]) -> Details:
    """The attributes with the changes applied, checked as a whole (e.g. trained <= volunteers)."""
    try:
        return Details.model_validate({**current.model_dump(), **changes})
    except ValidationError as error:
        problems = [f"{'.'.join(map(str, e['loc'])) or 'details'}: {e['msg']}" for e in error.errors()]
        raise InvalidInput("; ".join(problems)) from None


def known_municipality(code: str, reference: ReferenceData) -> Municipality:
    municipality = reference.municipalities.get(code)
    if municipality is None:
        raise NotFound(f"unknown municipality {code}")
    return municipality


def _managed_municipality(actor: Principal, code: str, reference: ReferenceData, what: str) -> Municipality:
    actor.require(actor.can_manage_municipality(code), f"{what} for {code}")
    return known_municipality(code, reference)


async def _managed(actor: Principal, nsp_id: UUID, uow: InventoryUnitOfWork, what: str) -> Noodsteunpunt:
    nsp = found(await uow.noodsteunpunten.get(nsp_id, for_update=True), f"no noodsteunpunt {nsp_id}")
    actor.require(actor.can_manage_municipality(nsp.municipality_code), what)
    return nsp
