"""Handlers for pilots: a region proposes, approves, starts, evaluates and completes them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

from shared.auth.principal import Principal
from shared.errors import InvalidInput, NotFound, found
from shared.refdata import ReferenceData
from services.inventory.adapters.unit_of_work import InventoryUnitOfWork
from services.inventory.domain.pilot import Pilot, PilotYearCheck, two_pilot_rule
from services.inventory.handlers.commands import ProposePilot
from services.inventory.handlers.noodsteunpunten import known_municipality


async def propose_pilot(command: ProposePilot, uow: InventoryUnitOfWork, reference: ReferenceData) -> Pilot:
    actor = command.actor
    actor.require(actor.can_manage_region(command.region_code), f"propose pilots for {command.region_code}")
    municipality = known_municipality(command.municipality_code, reference)
    if municipality.region_code != command.region_code:
        raise InvalidInput(f"{municipality.code} is not in {command.region_code}")
    async with uow:
        found = await uow.noodsteunpunten.list(region_code=command.region_code, ids=list(command.noodsteunpunt_ids))
        unknown = set(command.noodsteunpunt_ids) - {nsp.id for nsp in found}
        if unknown:
            raise InvalidInput(f"not noodsteunpunten of {command.region_code}: {sorted(map(str, unknown))}")
        pilot = Pilot.propose(
            id=uuid4(),
            region_code=command.region_code,
            municipality_code=municipality.code,
            name=command.name,
            noodsteunpunt_ids=list(command.noodsteunpunt_ids),
            goals=command.goals,
            starts_on=command.starts_on,
            ends_on=command.ends_on,
            budget_cents=command.budget_cents,
            pilot_year=command.pilot_year,
        )
        await uow.pilots.add(pilot)
        await uow.commit()
    return pilot


async def approve_pilot(pilot_id: UUID, actor: Principal, uow: InventoryUnitOfWork) -> Pilot:
    return await _change(pilot_id, actor, uow, lambda pilot: pilot.approve())


async def start_pilot(pilot_id: UUID, started_on: date, actor: Principal, uow: InventoryUnitOfWork) -> Pilot:
    return await _change(pilot_id, actor, uow, lambda pilot: pilot.start(started_on))


async def evaluate_pilot(
    pilot_id: UUID, experiences: dict[str, dict[str, str]], cost_cents: int, actor: Principal, uow: InventoryUnitOfWork
) -> Pilot:
    return await _change(pilot_id, actor, uow, lambda pilot: pilot.evaluate(experiences, cost_cents))


async def complete_pilot(pilot_id: UUID, completed_on: date, actor: Principal, uow: InventoryUnitOfWork) -> Pilot:
    return await _change(pilot_id, actor, uow, lambda pilot: pilot.complete(completed_on))


async def get_pilot(pilot_id: UUID, actor: Principal, uow: InventoryUnitOfWork) -> Pilot:
    async with uow:
        return await _pilot_in_scope(pilot_id, actor, uow)


async def pilots_of_region(
    region_code: str, actor: Principal, uow: InventoryUnitOfWork
) -> tuple[list[Pilot], list[PilotYearCheck]]:
    actor.require(actor.can_read_open_data_of(region_code), f"read the pilots of {region_code}")
    async with uow:
        pilots = await uow.pilots.list(region_code)
    return pilots, two_pilot_rule(pilots)


async def _change(pilot_id: UUID, actor: Principal, uow: InventoryUnitOfWork, change: Callable[[Pilot], None]) -> Pilot:
    async with uow:
        pilot = found(await uow.pilots.get(pilot_id, for_update=True), f"no pilot {pilot_id}")
        actor.require(actor.can_manage_region(pilot.region_code), f"manage the pilots of {pilot.region_code}")
        change(pilot)
        await uow.pilots.save(pilot)
        await uow.commit()
    return pilot


async def _pilot_in_scope(pilot_id: UUID, actor: Principal, uow: InventoryUnitOfWork) -> Pilot:
    pilot = await uow.pilots.get(pilot_id)
    if pilot is None or not actor.can_read_open_data_of(pilot.region_code):
        raise NotFound(f"no pilot {pilot_id}")
    return pilot
