"""HTTP: joint decisions. Regions propose; the municipalities concerned vote."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status, Request

from shared.http.paging import Page, Paging, page_of, paginate
from shared.auth.http import CurrentPrincipal
from shared.http.deps import MunicipalityCodePath, Reference, RegionCodePath
from services.funding.entrypoints import presenters
from services.funding.entrypoints.dependencies import Options, UnitOfWork
from services.funding.entrypoints.schemas import (
    DecisionRuleIn,
    DecisionRuleOut,
    MunicipalityProposalOut,
    ProposalIn,
    ProposalOut,
    VoteIn,
)
from services.funding.handlers import proposals
from services.funding.handlers.commands import CastVote, ChangeDecisionRule, SubmitProposal

router = APIRouter(tags=["joint decisions"])


@router.get("/regions/{region_code}/decision-rule", response_model=DecisionRuleOut)
async def get_rule(region_code: RegionCodePath, actor: CurrentPrincipal, uow: UnitOfWork) -> DecisionRuleOut:
    """How the region's municipalities decide on spending proposals (majority or unanimity)."""
    rule = await proposals.decision_rule(actor, region_code, uow)
    return DecisionRuleOut(region_code=rule.region_code, rule=rule.rule)


@router.put("/regions/{region_code}/decision-rule", response_model=DecisionRuleOut)
async def set_rule(
    region_code: RegionCodePath, body: DecisionRuleIn, actor: CurrentPrincipal, uow: UnitOfWork
) -> DecisionRuleOut:
    """Set how the region's municipalities decide (its region users). Setting the rule already in force changes nothing and succeeds."""
    rule = await proposals.change_rule(ChangeDecisionRule(actor, region_code, body.rule), uow)
    return DecisionRuleOut(region_code=rule.region_code, rule=rule.rule)


@router.post("/regions/{region_code}/proposals", status_code=status.HTTP_201_CREATED, response_model=ProposalOut)
async def submit(
    region_code: RegionCodePath,
    body: ProposalIn,
    actor: CurrentPrincipal,
    uow: UnitOfWork,
    reference: Reference,
    options: Options,
) -> ProposalOut:
    """Propose spending for some of the region's municipalities (its region users); they vote on it by the region's rule."""
    command = SubmitProposal(actor, region_code, body.year, body.purpose, body.amount_cents, body.municipality_codes)
    return presenters.proposal(await proposals.submit(command, uow, reference, options.budget_line))


@router.get("/regions/{region_code}/proposals", response_model=Page[ProposalOut])
async def list_proposals(paging: Paging, request: Request, region_code: RegionCodePath, actor: CurrentPrincipal, uow: UnitOfWork) -> Page[ProposalOut]:
    """The region's spending proposals with their votes (its region users and national users)."""
    return paginate([presenters.proposal(p) for p in await proposals.list_for_region(actor, region_code, uow)], paging, request)


@router.get("/municipalities/{municipality_code}/proposals", response_model=Page[MunicipalityProposalOut])
async def list_municipality_proposals(
    paging: Paging,
    request: Request,
    municipality_code: MunicipalityCodePath,
    actor: CurrentPrincipal,
    uow: UnitOfWork,
    reference: Reference,
) -> Page[MunicipalityProposalOut]:
    """The spending proposals that concern the municipality, newest first, with their votes and whether it has
    voted (its own users, its region's users and national users)."""
    found, total = await proposals.list_for_municipality(
        actor, municipality_code, paging.offset, paging.page_size, uow, reference
    )
    items = [presenters.municipality_proposal(p, municipality_code) for p in found]
    return page_of(items, total, paging, request)


@router.get("/proposals/{proposal_id}", response_model=ProposalOut)
async def get_proposal(proposal_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> ProposalOut:
    """One proposal with its votes and, once approved, its commitment (the region, the municipalities it concerns, national users)."""
    proposal, commitment_status = await proposals.get(actor, proposal_id, uow)
    return presenters.proposal(proposal, commitment_status)


@router.post("/proposals/{proposal_id}/votes", status_code=status.HTTP_201_CREATED, response_model=ProposalOut)
async def vote(
    proposal_id: UUID, body: VoteIn, actor: CurrentPrincipal, uow: UnitOfWork, options: Options
) -> ProposalOut:
    """Vote on a proposal (a municipality it concerns). The same vote again changes nothing; an approved proposal commits its amount."""
    proposal = await proposals.vote(CastVote(actor, proposal_id, body.vote, body.remark), uow, options.over_commitment)
    return presenters.proposal(proposal)
