"""HTTP: commitments, spending, balances, the ledger export and the national overview."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, status

from shared.http.paging import Page, Paging, paginate
from shared.auth.http import CurrentPrincipal
from shared.http.deps import Reference, RegionCodePath, YearPath
from shared.http.responses import CsvResponse, csv_content
from services.funding.entrypoints import presenters
from services.funding.entrypoints.dependencies import Options, UnitOfWork, YearQuery
from services.funding.entrypoints.schemas import (
    CommitmentOut,
    OverviewOut,
    RegionYearOut,
    ReleaseIn,
    SpendingIn,
    SpendingOut,
)
from services.funding.handlers import commitments, reports
from services.funding.handlers.commands import ReconsiderCommitment, RecordSpending, ReleaseCommitment

router = APIRouter(tags=["commitments, ledger and overview"])


@router.get("/regions/{region_code}/commitments", response_model=Page[CommitmentOut])
async def list_commitments(
    paging: Paging, request: Request, region_code: RegionCodePath, actor: CurrentPrincipal, uow: UnitOfWork, year: YearQuery = None
) -> Page[CommitmentOut]:
    """The region's commitments (its region users, national users, integrators), optionally of one year."""
    return paginate([presenters.commitment(c) for c in await commitments.list_commitments(actor, region_code, year, uow)], paging, request)


@router.post("/commitments/{commitment_id}/spending", status_code=status.HTTP_201_CREATED, response_model=SpendingOut)
async def record_spending(
    commitment_id: UUID, body: SpendingIn, actor: CurrentPrincipal, uow: UnitOfWork
) -> SpendingOut:
    """Record spending against one of the region's commitments (its region users)."""
    command = RecordSpending(actor, commitment_id, body.amount_cents, body.description, body.spent_on)
    spending = await commitments.record_spending(command, uow)
    return SpendingOut(
        id=spending.id,
        commitment_id=spending.commitment_id,
        amount_cents=spending.amount_cents,
        description=spending.description,
        spent_on=spending.spent_on,
    )


@router.post("/commitments/{commitment_id}/release", response_model=CommitmentOut)
async def release(commitment_id: UUID, body: ReleaseIn, actor: CurrentPrincipal, uow: UnitOfWork) -> CommitmentOut:
    """Release what remains of a commitment (its region users), with a reason: the amount returns to the region's remaining budget."""
    return presenters.commitment(await commitments.release(ReleaseCommitment(actor, commitment_id, body.reason), uow))


@router.post("/commitments/{commitment_id}/reconsider", response_model=CommitmentOut)
async def reconsider(commitment_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork, options: Options) -> CommitmentOut:
    """Decide a refused commitment again against what remains now (made, flagged, or refused again)."""
    command = ReconsiderCommitment(actor, commitment_id)
    return presenters.commitment(await commitments.reconsider(command, uow, options.over_commitment))


@router.get("/regions/{region_code}/years/{year}", response_model=RegionYearOut)
async def region_year(
    region_code: RegionCodePath, year: YearPath, actor: CurrentPrincipal, uow: UnitOfWork
) -> RegionYearOut:
    """Allocated, committed, spent and remaining, and planned against actual per commitment."""
    return presenters.region_year(await reports.region_year(actor, region_code, year, uow))


@router.get("/regions/{region_code}/years/{year}/ledger.csv", response_class=CsvResponse,
            responses=csv_content("Every ledger entry of the region and year, oldest first (UTF-8, header row)"))
async def ledger_csv(region_code: RegionCodePath, year: YearPath, actor: CurrentPrincipal, uow: UnitOfWork) -> CsvResponse:
    """The region's ledger for a year as CSV: allocations, commitments, spending and releases, each
    with its amount in cents and in euros and the request or event that caused it (region and national users)."""
    body = await reports.ledger_csv(actor, region_code, year, uow)
    return CsvResponse(body, filename=f"weerbaar-grootboek-{region_code}-{year}.csv")


@router.get("/overview/{year}", response_model=OverviewOut)
async def overview(
    year: YearPath, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference, options: Options
) -> OverviewOut:
    """The national overview of a year: budget, allocated, committed, spent and remaining per region (national users, integrators)."""
    return presenters.overview(await reports.overview(actor, year, options.budget_line, uow, reference))
