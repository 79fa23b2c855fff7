"""Inventory rounds: regions open and close them, municipalities submit."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status, Request

from shared.http.paging import Page, Paging, paginate
from shared.auth.http import CurrentPrincipal
from shared.http.deps import Reference
from services.inventory.entrypoints.deps import CoverageNorm, UnitOfWork
from services.inventory.entrypoints.schemas import RoundIn, RoundOut, SubmissionIn, SubmissionOut
from services.inventory.handlers import rounds as handlers
from services.inventory.handlers.commands import OpenRound, SubmitInventory
from services.inventory.handlers.views import board_proposal

router = APIRouter(tags=["inventory rounds"])


@router.post("/regions/{region_code}/rounds", status_code=status.HTTP_201_CREATED, response_model=RoundOut)
async def open_round(
    region_code: str, body: RoundIn, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference
) -> RoundOut:
    """Open an inventory round for the region (its region users): every municipality of the region is asked to submit."""
    return RoundOut.of(await handlers.open_round(OpenRound(actor, region_code, body.title, body.deadline), uow, reference))


@router.get("/regions/{region_code}/rounds", response_model=Page[RoundOut])
async def list_rounds(paging: Paging, request: Request, region_code: str, actor: CurrentPrincipal, uow: UnitOfWork) -> Page[RoundOut]:
    """The region's inventory rounds, newest first."""
    return paginate([RoundOut.of(r) for r in await handlers.list_rounds(region_code, actor, uow)], paging, request)


@router.get("/rounds/{round_id}", response_model=RoundOut)
async def get_round(round_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> RoundOut:
    """The round with who has and has not submitted."""
    return RoundOut.of(await handlers.get_round(round_id, actor, uow))


@router.post(
    "/rounds/{round_id}/submissions/{municipality_code}",
    status_code=status.HTTP_201_CREATED,
    response_model=SubmissionOut,
)
async def submit(
    round_id: UUID, municipality_code: str, body: SubmissionIn, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference
) -> SubmissionOut:
    """Submit the municipality's NSPs as they are now; supersedes its earlier submission."""
    command = SubmitInventory(actor, round_id, municipality_code, body.remarks)
    return SubmissionOut.model_validate(await handlers.submit_inventory(command, uow, reference))


@router.get("/rounds/{round_id}/submissions/{municipality_code}", response_model=Page[SubmissionOut])
async def submission_history(
    paging: Paging, request: Request, round_id: UUID, municipality_code: str, actor: CurrentPrincipal, uow: UnitOfWork
) -> Page[SubmissionOut]:
    """Every submission of the municipality in this round, oldest first (the last one counts)."""
    return paginate([SubmissionOut.model_validate(s) for s in await handlers.submission_history(round_id, municipality_code, actor, uow)], paging, request)


@router.post("/rounds/{round_id}/close", response_model=RoundOut)
async def close(round_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> RoundOut:
    """Close the round (its region users): what was submitted until now is final."""
    return RoundOut.of(await handlers.close_round(round_id, actor, uow))


@router.get("/rounds/{round_id}/proposal")
async def proposal(
    round_id: UUID, norm: CoverageNorm, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference
) -> dict[str, object]:
    """The consolidated proposal for the region's board: local and regional NSPs, compliance, coverage.
    Final once the round is closed."""
    return await board_proposal(round_id, norm, actor, uow, reference)
