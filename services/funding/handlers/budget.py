"""Handlers for the national budget schedule."""

from __future__ import annotations

from datetime import datetime, timezone

from shared.auth.principal import Principal
from services.funding.adapters.unit_of_work import FundingUnitOfWork
from services.funding.domain.schedule import BudgetLine
from services.funding.handlers.access import is_national, reads_schedule
from services.funding.handlers.commands import AmendBudget


async def schedule(actor: Principal, uow: FundingUnitOfWork) -> list[BudgetLine]:
    actor.require(reads_schedule(actor), "read the budget schedule")
    async with uow:
        return await uow.budget.schedule()


async def budget_line(actor: Principal, year: int, line: str, uow: FundingUnitOfWork) -> BudgetLine:
    actor.require(reads_schedule(actor), "read the budget schedule")
    async with uow:
        return await uow.budget.get(year, line)


async def amend(command: AmendBudget, uow: FundingUnitOfWork) -> BudgetLine:
    command.actor.require(is_national(command.actor), "amend the budget schedule")
    async with uow:
        budget = await uow.budget.get(command.year, command.line, for_update=True)
        version = budget.amend(command.amount_cents, command.reason, command.actor.subject, datetime.now(timezone.utc))
        await uow.budget.add_version(version)
        await uow.commit()
    return budget
