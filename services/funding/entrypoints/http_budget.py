"""HTTP: the budget schedule and its allocation over the regions (national users manage them)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status, Request

from shared.http.paging import Page, Paging, paginate
from shared.auth.http import CurrentPrincipal
from shared.auth.principal import Role
from shared.http.deps import Reference, YearPath
from services.funding.domain.allocation import DistributionKey
from services.funding.entrypoints import presenters
from services.funding.entrypoints.dependencies import LinePath, LineQuery, Options, UnitOfWork
from services.funding.entrypoints.schemas import AllocateIn, AllocationOut, AmendmentIn, BudgetLineOut
from services.funding.handlers import allocations, budget
from services.funding.handlers.commands import Allocate, AmendBudget

router = APIRouter(tags=["budget and allocation"])


@router.get("/budget/schedule", response_model=Page[BudgetLineOut])
async def schedule(paging: Paging, request: Request, actor: CurrentPrincipal, uow: UnitOfWork) -> Page[BudgetLineOut]:
    """The budget per year and line, with every amended version (region, municipality and national
    users, integrators without who amended it)."""
    names = actor.role is not Role.INTEGRATOR
    return paginate([presenters.budget_line(b, names) for b in await budget.schedule(actor, uow)], paging, request)


@router.get("/budget/{year}/{line}", response_model=BudgetLineOut)
async def budget_line(year: YearPath, line: LinePath, actor: CurrentPrincipal, uow: UnitOfWork) -> BudgetLineOut:
    """One year's budget line with its amended versions."""
    names = actor.role is not Role.INTEGRATOR
    return presenters.budget_line(await budget.budget_line(actor, year, line, uow), names)


@router.post("/budget/{year}/{line}/amendments", status_code=status.HTTP_201_CREATED, response_model=BudgetLineOut)
async def amend(year: YearPath, line: LinePath, body: AmendmentIn, actor: CurrentPrincipal, uow: UnitOfWork) -> BudgetLineOut:
    """Amend a year's budget (national users): a new version with its reason; the earlier versions stay readable."""
    command = AmendBudget(actor, year, line, body.amount_cents, body.reason)
    return presenters.budget_line(await budget.amend(command, uow))


@router.post(
    "/allocations/{year}",
    response_model=AllocationOut,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "Same key and total as the version in force: nothing changed"}},
)
async def allocate(
    year: YearPath,
    body: AllocateIn,
    actor: CurrentPrincipal,
    uow: UnitOfWork,
    reference: Reference,
    options: Options,
    response: Response,
) -> AllocationOut:
    """Divide the year's budget over the 25 regions by a key (national users). The same key and total again changes nothing and answers 200."""
    key = DistributionKey(body.key, body.base_cents)
    command = Allocate(actor, year, body.line or options.budget_line, key)
    allocation, changed = await allocations.allocate(command, uow, reference)
    if not changed:
        response.status_code = status.HTTP_200_OK
    return presenters.allocation(allocation, changed)


@router.get("/allocations/{year}", response_model=Page[AllocationOut])
async def allocation_versions(
    paging: Paging, request: Request, year: YearPath, actor: CurrentPrincipal, uow: UnitOfWork, options: Options, line: LineQuery = None
) -> Page[AllocationOut]:
    """Every allocation version of the year: national users and integrators see all regions' shares, a region user its own."""
    found = await allocations.versions(actor, year, line or options.budget_line, uow)
    return paginate([presenters.allocation(a, changed=True) for a in found], paging, request)
