"""Pilots: regions propose, approve, start, evaluate and complete them."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from shared.auth.http import CurrentPrincipal
from shared.auth.principal import Principal
from shared.http.deps import Reference
from services.inventory.entrypoints.deps import UnitOfWork
from services.inventory.entrypoints.schemas import (
    EvaluationIn,
    PilotCompleteIn,
    PilotIn,
    PilotOut,
    PilotStartIn,
    PilotYearOut,
    RegionPilotsOut,
)
from services.inventory.domain.pilot import Pilot
from services.inventory.handlers import pilots as handlers
from services.inventory.handlers.commands import ProposePilot

router = APIRouter(tags=["pilots"])


@router.post("/regions/{region_code}/pilots", status_code=status.HTTP_201_CREATED, response_model=PilotOut)
async def propose(region_code: str, body: PilotIn, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference) -> PilotOut:
    """Propose a pilot in one of the region's municipalities with some of its noodsteunpunten (its region users)."""
    command = ProposePilot(
        actor, region_code, body.municipality_code, body.name, body.noodsteunpunt_ids, body.goals,
        body.starts_on, body.ends_on, body.budget_cents, body.pilot_year,
    )
    return _out(await handlers.propose_pilot(command, uow, reference), actor)


@router.get("/regions/{region_code}/pilots", response_model=RegionPilotsOut)
async def of_region(region_code: str, actor: CurrentPrincipal, uow: UnitOfWork) -> RegionPilotsOut:
    """The region's pilots and, per pilot year, whether it has the two started pilots it needs."""
    pilots, checks = await handlers.pilots_of_region(region_code, actor, uow)
    return RegionPilotsOut(
        region_code=region_code,
        pilots=[_out(p, actor) for p in pilots],
        two_pilot_rule=[PilotYearOut.model_validate(c) for c in checks],
    )


@router.get("/pilots/{pilot_id}", response_model=PilotOut)
async def get_one(pilot_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> PilotOut:
    """One pilot (the region's users, national users and integrators)."""
    return _out(await handlers.get_pilot(pilot_id, actor, uow), actor)


@router.post("/pilots/{pilot_id}/approve", response_model=PilotOut)
async def approve(pilot_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> PilotOut:
    """Approve a proposed pilot (its region users)."""
    return _out(await handlers.approve_pilot(pilot_id, actor, uow), actor)


@router.post("/pilots/{pilot_id}/start", response_model=PilotOut)
async def start(pilot_id: UUID, body: PilotStartIn, actor: CurrentPrincipal, uow: UnitOfWork) -> PilotOut:
    """Start an approved pilot (its region users); funding commits its budget when it hears of it."""
    return _out(await handlers.start_pilot(pilot_id, body.started_on, actor, uow), actor)


@router.post("/pilots/{pilot_id}/evaluation", response_model=PilotOut)
async def evaluate(pilot_id: UUID, body: EvaluationIn, actor: CurrentPrincipal, uow: UnitOfWork) -> PilotOut:
    """Record the pilot's experiences per theme and its actual cost (its region users)."""
    experiences = {theme.value: notes.model_dump() for theme, notes in body.themes.items()}
    return _out(await handlers.evaluate_pilot(pilot_id, experiences, body.cost_cents, actor, uow), actor)


@router.post("/pilots/{pilot_id}/complete", response_model=PilotOut)
async def complete(pilot_id: UUID, body: PilotCompleteIn, actor: CurrentPrincipal, uow: UnitOfWork) -> PilotOut:
    """Complete an evaluated pilot (its region users)."""
    return _out(await handlers.complete_pilot(pilot_id, body.completed_on, actor, uow), actor)


def _out(pilot: Pilot, actor: Principal) -> PilotOut:
    """The pilot; which noodsteunpunten it uses only for those who may see them (its municipality,
    region and national users): integrators and other municipalities read pilots, not the
    municipality's noodsteunpunten."""
    out = PilotOut.model_validate(pilot)
    if not actor.can_read_municipality(pilot.region_code, pilot.municipality_code):
        out.noodsteunpunt_ids = []
    return out
