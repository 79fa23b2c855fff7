"""Recording behaviour surveys and reading them back: shares, progress, a wave's effect."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from shared.auth.principal import Principal
from shared.errors import InvalidInput, NotFound
from shared.refdata import ReferenceData
from services.campaign.adapters import data_files
from services.campaign.adapters.unit_of_work import CampaignUnitOfWork
from services.campaign.domain.survey import Difference, SurveyResult, Tally, progress, wave_difference
from services.campaign.handlers.access import municipality_of
from services.campaign.handlers.commands import RecordSurvey
from services.campaign.handlers.waves import get_wave


async def record_survey(command: RecordSurvey, uow: CampaignUnitOfWork, reference: ReferenceData) -> SurveyResult:
    actor = command.actor
    region = actor.region_code or ""
    actor.require(actor.can_manage_region(region), "record survey results")
    if command.municipality_code:
        municipality = municipality_of(reference, command.municipality_code)
        actor.require(municipality.region_code == region, f"record survey results for {municipality.code}")
    async with uow:
        campaign_id = command.campaign_id
        if command.wave_id is not None:
            wave = await uow.waves.get(command.wave_id)
            if wave is None or wave.region_code != region:
                raise NotFound(f"no wave {command.wave_id}")
            if command.municipality_code and command.municipality_code not in wave.municipality_codes:
                raise InvalidInput(f"{command.municipality_code} is not in this wave")
            campaign_id = wave.campaign_id
        result = SurveyResult.record(
            id=uuid4(), checklist=data_files.checklist_keys(), region_code=region,
            municipality_code=command.municipality_code, surveyed_on=command.surveyed_on, tally=command.tally,
            campaign_id=campaign_id, wave_id=command.wave_id, phase=command.phase,
        )
        await uow.surveys.add(result)
        await uow.commit()
    return result


async def get_survey(survey_id: UUID, actor: Principal, uow: CampaignUnitOfWork) -> SurveyResult:
    async with uow:
        result = await uow.surveys.get(survey_id)
    if result is None or not _may_read(actor, result):
        raise NotFound(f"no survey result {survey_id}")
    return result


def _may_read(actor: Principal, result: SurveyResult) -> bool:
    if actor.reads_open_data:  # survey results are counts, no personal data
        return True
    if result.municipality_code:
        return actor.can_read_municipality(result.region_code, result.municipality_code)
    return actor.can_read_region(result.region_code)


async def progress_over_time(
    region_code: str, municipality_code: str | None, actor: Principal, uow: CampaignUnitOfWork, reference: ReferenceData
) -> list[tuple[date, Tally]]:
    if municipality_code:
        municipality = municipality_of(reference, municipality_code)
        allowed = municipality.region_code == region_code and (
            actor.reads_open_data or actor.can_read_municipality(region_code, municipality_code))
    else:
        allowed = actor.reads_open_data or (actor.can_read_region(region_code) and actor.municipality_code is None)
    actor.require(allowed, f"read survey progress of {municipality_code or region_code}")
    async with uow:
        results = await uow.surveys.find(region_code=region_code, municipality_code=municipality_code)
    return progress(results)


async def wave_effect(wave_id: UUID, actor: Principal, uow: CampaignUnitOfWork) -> Difference:
    wave = await get_wave(wave_id, actor, uow)
    async with uow:
        results = await uow.surveys.find(wave_id=wave.id)
    difference = wave_difference(results)
    if difference is None:
        raise NotFound("this wave has no survey before and after it yet")
    return difference
