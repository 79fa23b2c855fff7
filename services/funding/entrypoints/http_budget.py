"""HTTP: the budget schedule and its allocation over the regions (national users manage them)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status, Request

from shared.http.paging import Page, Paging, paginate
from shared.auth.http import CurrentPrincipal
from shared.http.deps import Reference
from services.funding.domain.allocation import DistributionKey
from services.funding.entrypoints import presenters
from services.funding.entrypoints.dependencies import Options, UnitOfWork
from services.funding.entrypoints.schemas import AllocateIn, AllocationOut, AmendmentIn, BudgetLineOut
from services.funding.handlers import allocations, budget
from services.funding.handlers.commands import Allocate, AmendBudget

router = APIRouter(tags=["budget and allocation"])


@router.get("/budget/schedule", response_model=Page[BudgetLineOut])
async def schedule(paging: Paging, request: Request, actor: CurrentPrincipal, uow: UnitOfWork) -> Page[BudgetLineOut]:
    return paginate([presenters.budget_line(b) for b in await budget.schedule(actor, uow)], paging, request)


@router.get("/budget/{year}/{line}", response_model=BudgetLineOut)
async def budget_line(year: int, line: str, actor: CurrentPrincipal, uow: UnitOfWork) -> BudgetLineOut:
    return presenters.budget_line(await budget.budget_line(actor, year, line, uow))


@router.post("/budget/{year}/{line}/amendments", status_code=status.HTTP_201_CREATED, response_model=BudgetLineOut)
async def amend(year: int, line: str, body: AmendmentIn, actor: CurrentPrincipal, uow: UnitOfWork) -> BudgetLineOut:
    command = AmendBudget(actor, year, line, body.amount_cents, body.reason)
    return presenters.budget_line(await budget.amend(command, uow))


@router.post(
    "/allocations/{year}",
    response_model=AllocationOut,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "Same key and total as the version in force: nothing changed"}},
)
async def allocate(
    year: int,
    body: AllocateIn,
    actor: CurrentPrincipal,
    uow: UnitOfWork,
    reference: Reference,
    options: Options,
    response: Response,
) -> AllocationOut:
    key = DistributionKey(body.key, body.base_cents)
    command = Allocate(actor, year, body.line or options.budget_line, key)
    allocation, changed = await allocations.allocate(command, uow, reference)
    if not changed:
        response.status_code = status.HTTP_200_OK
    return presenters.allocation(allocation, changed)


@router.get("/allocations/{year}", response_model=Page[AllocationOut])
async def allocation_versions(
    paging: Paging, request: Request, year: int, actor: CurrentPrincipal, uow: UnitOfWork, options: Options, line: str | None = None
) -> Page[AllocationOut]:
    found = await allocations.versions(actor, year, line or options.budget_line, uow)
    return paginate([presenters.allocation(a, changed=True) for a in found], paging, request)
