"""Handlers for inventory rounds: open, submit, close, and the round's state."""

from __future__ import annotations

from datetime import datetime, timezone
from uuid import UUID, uuid4

from sqlalchemy.exc import IntegrityError

from shared.auth.principal import Principal
from shared.errors import NotFound, RuleViolation, found
from shared.refdata import ReferenceData
from services.inventory.adapters.unit_of_work import InventoryUnitOfWork
from services.inventory.domain.noodsteunpunt import Noodsteunpunt
from services.inventory.domain.round import InventoryRound, Submission
from services.inventory.handlers.commands import OpenRound, SubmitInventory
from services.inventory.handlers.noodsteunpunten import known_municipality


async def open_round(command: OpenRound, uow: InventoryUnitOfWork, reference: ReferenceData) -> InventoryRound:
    actor = command.actor
    actor.require(actor.can_manage_region(command.region_code), f"open an inventory round for {command.region_code}")
    codes = [m.code for m in reference.municipalities_in(command.region_code)]
    async with uow:
        if await uow.rounds.open_round_of(command.region_code):
            raise RuleViolation(f"{command.region_code} already has an open round; close it first")
        round_ = InventoryRound.open(
            id=uuid4(),
            region_code=command.region_code,
            title=command.title,
            deadline=command.deadline,
            municipality_codes=codes,
            now=datetime.now(timezone.utc),
        )
        await uow.rounds.add(round_)
        try:
            await uow.commit()
        except IntegrityError:  # another request opened one at the same moment
            raise RuleViolation(f"{command.region_code} already has an open round; close it first") from None
    return round_


async def submit_inventory(command: SubmitInventory, uow: InventoryUnitOfWork, reference: ReferenceData) -> Submission:
    actor = command.actor
    actor.require(actor.can_manage_municipality(command.municipality_code), f"submit the inventory of {command.municipality_code}")
    municipality = known_municipality(command.municipality_code, reference)
    async with uow:
        round_ = found(await uow.rounds.get(command.round_id, for_update=True), f"no round {command.round_id}")
        actor.require(round_.region_code == municipality.region_code, f"submit to a round of {round_.region_code}")
        nsps = await uow.noodsteunpunten.list(municipality_code=municipality.code)
        submission = round_.submit(
            submission_id=uuid4(),
            municipality_code=municipality.code,
            snapshot=[snapshot_of(nsp) for nsp in nsps],
            submitted_by=actor.subject,
            remarks=command.remarks,
            now=datetime.now(timezone.utc),
        )
        await uow.rounds.save(round_)
        await uow.commit()
    return submission


async def close_round(round_id: UUID, actor: Principal, uow: InventoryUnitOfWork) -> InventoryRound:
    async with uow:
        round_ = found(await uow.rounds.get(round_id, for_update=True), f"no round {round_id}")
        actor.require(actor.can_manage_region(round_.region_code), f"close rounds of {round_.region_code}")
        round_.close(datetime.now(timezone.utc))
        await uow.rounds.save(round_)
        await uow.commit()
    return round_


async def get_round(round_id: UUID, actor: Principal, uow: InventoryUnitOfWork) -> InventoryRound:
    async with uow:
        return await _round_in_scope(round_id, actor, uow)


async def list_rounds(region_code: str, actor: Principal, uow: InventoryUnitOfWork) -> list[InventoryRound]:
    actor.require(actor.can_read_region(region_code), f"read the rounds of {region_code}")
    async with uow:
        return await uow.rounds.list(region_code)


async def submission_history(
    round_id: UUID, municipality_code: str, actor: Principal, uow: InventoryUnitOfWork
) -> list[Submission]:
    async with uow:
        round_ = await _round_in_scope(round_id, actor, uow)
        actor.require(
            actor.can_read_municipality(round_.region_code, municipality_code), f"read {municipality_code}'s submissions"
        )
        return await uow.rounds.history(round_id, municipality_code)


def snapshot_of(nsp: Noodsteunpunt) -> dict[str, object]:
    """What the municipality submitted: the NSP as it was at that moment."""
    return {
        "id": str(nsp.id),
        "name": nsp.name,
        "layer": nsp.layer.value,
        "readiness": nsp.readiness.value,
        "public": nsp.public,
        "details": nsp.details.model_dump(mode="json"),
    }


async def _round_in_scope(round_id: UUID, actor: Principal, uow: InventoryUnitOfWork) -> InventoryRound:
    round_ = await uow.rounds.get(round_id)
    if round_ is None or not actor.can_read_region(round_.region_code):
        raise NotFound(f"no round {round_id}")
    return round_

