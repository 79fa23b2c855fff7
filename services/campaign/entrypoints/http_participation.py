"""Joint campaigns over HTTP: taking part, the owner's consent, leaving, and the campaign's
figures over all regions that take part."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response, status

from shared.auth.http import CurrentPrincipal
from shared.http.deps import RegionCodePath, unit_of_work
from shared.http.problems import responses
from services.campaign.adapters.unit_of_work import CampaignUnitOfWork
from services.campaign.entrypoints.presenters import rollup_out
from services.campaign.entrypoints.schemas import CampaignOut, CampaignRollupOut, ParticipationOut
from services.campaign.handlers import participation

router = APIRouter(tags=["campaigns"])
UnitOfWork = Annotated[CampaignUnitOfWork, Depends(unit_of_work)]
PARTICIPANTS = "/campaigns/{campaign_id}/participants"


@router.post(PARTICIPANTS, response_model=ParticipationOut, status_code=status.HTTP_202_ACCEPTED,
             responses={201: {"model": ParticipationOut, "description": "taking part at once (a national campaign)"},
                        **responses(400, 401, 403, 404, 409)},
             summary="The caller's region asks to take part (a national campaign: at once)")
async def ask_to_join(campaign_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork, response: Response) -> ParticipationOut:
    """The caller's region asks to take part: a regional campaign waits for its owning region's consent (202), a national one it joins at once (201)."""
    campaign, joined = await participation.ask_to_join(campaign_id, actor, uow)
    response.status_code = status.HTTP_201_CREATED if joined else status.HTTP_202_ACCEPTED
    return ParticipationOut(campaign_id=campaign.id, region_code=actor.region_code or "",
                            status="taking_part" if joined else "requested")


@router.put(PARTICIPANTS + "/{region_code}", response_model=CampaignOut, responses=responses(400, 401, 403, 404, 409),
            summary="The owning region agrees to a region's request")
async def admit(campaign_id: UUID, region_code: RegionCodePath, actor: CurrentPrincipal, uow: UnitOfWork) -> CampaignOut:
    """The region that runs the campaign agrees to a region's request: that region takes part from now on."""
    return CampaignOut.model_validate(await participation.admit(campaign_id, region_code, actor, uow))


@router.delete(PARTICIPANTS + "/{region_code}", status_code=status.HTTP_204_NO_CONTENT,
               responses=responses(400, 401, 403, 404, 409),
               summary="A region leaves the campaign, or the owning region declines its request")
async def leave_or_decline(campaign_id: UUID, region_code: RegionCodePath, actor: CurrentPrincipal, uow: UnitOfWork) -> None:
    """A region stops taking part (its figures so far keep counting), or the region that runs the campaign declines a request."""
    if actor.region_code == region_code:
        await participation.leave(campaign_id, region_code, actor, uow)
    else:
        await participation.decline(campaign_id, region_code, actor, uow)


@router.get("/campaigns/{campaign_id}/rollup", response_model=CampaignRollupOut, responses=responses(400, 401, 403, 404),
            summary="Waves, reach and before/after survey results per region and for the whole campaign")
async def campaign_rollup(campaign_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> CampaignRollupOut:
    """The campaign over its regions: waves, reach and before/after survey counts per region and summed (national users, integrators, and the regions that run or take part in it)."""
    return rollup_out(await participation.rollup(campaign_id, actor, uow))
