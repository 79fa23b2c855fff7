"""HTTP API of the campaign service: waves, behaviour surveys and the activity calendar."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Query, status, Request

from shared.http.paging import Items, Page, Paging, paginate
from shared.auth.http import CurrentPrincipal
from shared.http.deps import IsoDateTime, Reference, RegionCodePath, unit_of_work
from services.campaign.adapters.unit_of_work import CampaignUnitOfWork
from services.campaign.domain.activity import Activity
from services.campaign.domain.survey import Tally
from services.campaign.domain.wave import Material, Reach
from services.campaign.entrypoints.presenters import progress_out, survey_out, wave_effect_out
from services.campaign.entrypoints.schemas import (
    ActivityIn,
    ActivityOut,
    CompleteIn,
    LaunchIn,
    ProgressPointOut,
    SurveyIn,
    SurveyOut,
    WaveEffectOut,
    WaveIn,
    WaveOut,
)
from services.campaign.handlers import activities, surveys, waves
from services.campaign.handlers.commands import RecordSurvey, ScheduleWave

router = APIRouter(tags=["rollout"])
UnitOfWork = Annotated[CampaignUnitOfWork, Depends(unit_of_work)]


@router.post("/waves", status_code=status.HTTP_201_CREATED, response_model=WaveOut)
async def schedule_wave(body: WaveIn, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference) -> WaveOut:
    """Schedule a wave of a campaign the region takes part in, with a published toolkit version (its region users)."""
    command = ScheduleWave(
        actor=actor, campaign_id=body.campaign_id, toolkit_version_id=body.toolkit_version_id, name=body.name,
        municipality_codes=body.municipality_codes, channels=body.channels,
        materials=[Material(**m.model_dump()) for m in body.materials],
        planned_start=body.planned_start, planned_end=body.planned_end,
    )
    return WaveOut.model_validate(await waves.schedule_wave(command, uow, reference))


@router.get("/waves", response_model=Page[WaveOut])
async def list_waves(paging: Paging, request: Request, actor: CurrentPrincipal, uow: UnitOfWork) -> Page[WaveOut]:
    """The waves in the caller's scope: a region's own, a municipality's those it is in, national users and integrators all."""
    return paginate([WaveOut.model_validate(w) for w in await waves.list_waves(actor, uow)], paging, request)


@router.get("/waves/{wave_id}", response_model=WaveOut)
async def get_wave(wave_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> WaveOut:
    """One wave (its region's users, national users, integrators)."""
    return WaveOut.model_validate(await waves.get_wave(wave_id, actor, uow))


@router.post("/waves/{wave_id}/launch", response_model=WaveOut)
async def launch_wave(wave_id: UUID, body: LaunchIn, actor: CurrentPrincipal, uow: UnitOfWork) -> WaveOut:
    """Launch a scheduled wave within its campaign's period (its region users)."""
    return WaveOut.model_validate(await waves.launch_wave(wave_id, body.launched_on, actor, uow))


@router.post("/waves/{wave_id}/complete", response_model=WaveOut)
async def complete_wave(wave_id: UUID, body: CompleteIn, actor: CurrentPrincipal, uow: UnitOfWork) -> WaveOut:
    """Complete a launched wave with its reach and the materials distributed (its region users)."""
    reach = Reach(body.households_reached, body.people_reached)
    return WaveOut.model_validate(await waves.complete_wave(wave_id, body.completed_on, reach, body.distributed, actor, uow))


@router.get("/waves/{wave_id}/effect", response_model=WaveEffectOut, summary="Survey shares before and after the wave")
async def wave_effect(wave_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> WaveEffectOut:
    """Survey shares before and after the wave, per noodpakket item and for a complete kit."""
    return wave_effect_out(wave_id, await surveys.wave_effect(wave_id, actor, uow))


@router.post("/surveys", status_code=status.HTTP_201_CREATED, response_model=SurveyOut)
async def record_survey(body: SurveyIn, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference) -> SurveyOut:
    """Record a behaviour survey result of the region or one of its municipalities (its region users): respondents per noodpakket item."""
    command = RecordSurvey(
        actor=actor, municipality_code=body.municipality_code, surveyed_on=body.surveyed_on,
        tally=Tally(body.respondents, body.having, body.complete_kit), campaign_id=body.campaign_id,
        wave_id=body.wave_id, phase=body.phase,
    )
    return survey_out(await surveys.record_survey(command, uow, reference))


@router.get("/surveys/{survey_id}", response_model=SurveyOut)
async def get_survey(survey_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> SurveyOut:
    """One survey result with its shares (the region's users, national users, integrators)."""
    return survey_out(await surveys.get_survey(survey_id, actor, uow))


@router.get("/regions/{region_code}/survey-progress", response_model=Page[ProgressPointOut])
async def survey_progress(
    paging: Paging, request: Request, region_code: RegionCodePath, actor: CurrentPrincipal, uow: UnitOfWork,
    reference: Reference,
    municipality_code: Annotated[str | None, Query(alias="municipalityCode", pattern=r"^GM[0-9]{4}$",
                                                   description="one municipality of the region; none: the region")] = None,
) -> Page[ProgressPointOut]:
    """Survey results of the region (or one municipality) over time: per survey date, the share of
    respondents having each noodpakket item and a complete kit."""
    return paginate(progress_out(await surveys.progress_over_time(region_code, municipality_code, actor, uow, reference)), paging, request)


@router.post("/activities", status_code=status.HTTP_201_CREATED, response_model=ActivityOut)
async def schedule_activity(body: ActivityIn, actor: CurrentPrincipal, uow: UnitOfWork) -> ActivityOut:
    """Schedule an activity (webinar, council evening, workshop ...) for the region or, by national users, nationally."""
    request = Activity(id=uuid4(), **body.model_dump())
    return ActivityOut.model_validate(await activities.schedule_activity(request, actor, uow))


@router.post("/activities/seed", response_model=Items[ActivityOut], summary="Schedule the memo's October activities (once)")
async def seed_activities(actor: CurrentPrincipal, uow: UnitOfWork) -> Items[ActivityOut]:
    """The memo's October 2025 activities the caller may schedule; each once: repeating the call
    schedules nothing new and returns what it scheduled now (an empty list)."""
    return Items(items=[ActivityOut.model_validate(a) for a in await activities.seed_october_activities(actor, uow)])


@router.get("/activities", response_model=Page[ActivityOut], summary="The activity calendar within the caller's scope")
async def calendar(
    paging: Paging, request: Request, actor: CurrentPrincipal,
    uow: UnitOfWork,
    start: Annotated[IsoDateTime | None, Query(alias="from", description="activities starting at or after (RFC 3339)")] = None,
    end: Annotated[IsoDateTime | None, Query(alias="to", description="activities starting before (RFC 3339)")] = None,
) -> Page[ActivityOut]:
    """The activity calendar within the caller's scope (national and integrators: all; others: their
    region's and the national activities), optionally between two moments."""
    found = await activities.calendar(actor, uow, start, end)
    return paginate([ActivityOut.model_validate(a) for a in found], paging, request)


