"""Handlers for allocating a year's budget over the regions."""

from __future__ import annotations

from dataclasses import replace
from uuid import uuid4

from shared.auth.principal import Principal
from shared.refdata import ReferenceData
from services.funding.adapters.unit_of_work import FundingUnitOfWork
from services.funding.domain import allocation as allocating
from services.funding.domain.allocation import Allocation
from services.funding.domain.postings import allocation_postings
from services.funding.handlers import causes
from services.funding.handlers.access import is_national, reads_programme_money
from services.funding.handlers.commands import Allocate


async def allocate(command: Allocate, uow: FundingUnitOfWork, reference: ReferenceData) -> tuple[Allocation, bool]:
    """The allocation in force and whether this call made it (False: the same key and total
    were already allocated, nothing changed)."""
    command.actor.require(is_national(command.actor), "allocate the budget")
    populations = {code: region.population for code, region in reference.regions.items()}
    async with uow:
        await uow.allocations.lock(command.year, command.line)
        budget = await uow.budget.get(command.year, command.line)
        latest = await uow.allocations.latest(command.year, command.line)
        allocation = allocating.allocate(
            id=uuid4(),
            year=command.year,
            line=command.line,
            total_cents=budget.current.amount_cents,
            budget_version=budget.current.version,
            key=command.key,
            populations=populations,
            latest=latest,
        )
        if allocation is None:
            assert latest is not None
            return latest, False
        await uow.allocations.add(allocation)
        cause = causes.from_request(uow, command.actor, f"allocate {command.year} {command.line}")
        await uow.ledger.append(allocation_postings(allocation, cause))
        await uow.commit()
    return allocation, True


async def versions(actor: Principal, year: int, line: str, uow: FundingUnitOfWork) -> list[Allocation]:
    """Every version; a region user sees only its own share of each, national users and integrators all."""
    actor.require(reads_programme_money(actor, actor.region_code or ""), "read allocations")
    async with uow:
        found = await uow.allocations.versions(year, line)
    if actor.reads_open_data:
        return found
    own = actor.region_code or ""
    return [
        replace(a, shares={own: a.shares.get(own, 0)}, previous_shares={own: a.previous_shares.get(own, 0)})
        for a in found
    ]
