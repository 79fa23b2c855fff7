"""Scheduling, launching and completing waves (region users, their own region)."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from shared.auth.principal import Principal
from shared.errors import InvalidInput, NotFound, found
from shared.refdata import ReferenceData
from services.campaign.adapters.unit_of_work import CampaignUnitOfWork
from services.campaign.domain.wave import Reach, Wave
from services.campaign.handlers.access import require_reader
from services.campaign.handlers.campaigns import get_campaign_in, get_toolkit_in
from services.campaign.handlers.commands import ScheduleWave


async def schedule_wave(command: ScheduleWave, uow: CampaignUnitOfWork, reference: ReferenceData) -> Wave:
    actor = command.actor
    region = actor.region_code or ""
    actor.require(actor.can_manage_region(region), "schedule waves")
    municipalities = _municipalities(command.municipality_codes, region, reference)
    outside = [c for c in municipalities if reference.municipalities[c].region_code != region]
    actor.require(not outside, f"roll out a wave in {', '.join(outside)}")
    async with uow:
        # A campaign or toolkit version the region may not see is absent for it (404), so a
        # refusal never names another region's campaign.
        wave = Wave.schedule(
            id=uuid4(), campaign=await get_campaign_in(uow, command.campaign_id, actor),
            toolkit=await get_toolkit_in(uow, command.toolkit_version_id, actor=actor), region_code=region,
            name=command.name,
            municipality_codes=municipalities, channels=command.channels, materials=command.materials,
            planned_start=command.planned_start, planned_end=command.planned_end,
        )
        await uow.waves.add(wave)
        await uow.commit()
    return wave


def _municipalities(codes: list[str], region: str, reference: ReferenceData) -> list[str]:
    """The listed municipalities; none listed means the whole region."""
    if not codes:
        return [m.code for m in reference.municipalities_in(region)]
    unknown = [c for c in codes if c not in reference.municipalities]
    if unknown:
        raise InvalidInput(f"unknown municipalities: {', '.join(unknown)}")
    return sorted(set(codes))


async def launch_wave(wave_id: UUID, on: date, actor: Principal, uow: CampaignUnitOfWork) -> Wave:
    async with uow:
        wave = await _managed_wave(uow, wave_id, actor, "launch")
        wave.launch(on, await get_campaign_in(uow, wave.campaign_id), await get_toolkit_in(uow, wave.toolkit_version_id))
        await uow.waves.save(wave)
        await uow.commit()
    return wave


async def complete_wave(
    wave_id: UUID, on: date, reach: Reach, distributed: dict[str, int], actor: Principal, uow: CampaignUnitOfWork
) -> Wave:
    async with uow:
        wave = await _managed_wave(uow, wave_id, actor, "complete")
        wave.complete(on, reach, distributed)
        await uow.waves.save(wave)
        await uow.commit()
    return wave


async def _managed_wave(uow: CampaignUnitOfWork, wave_id: UUID, actor: Principal, what: str) -> Wave:
    wave = found(await uow.waves.get(wave_id, for_update=True), f"no wave {wave_id}")
    actor.require(actor.can_manage_region(wave.region_code), f"{what} this wave")
    return wave


async def get_wave(wave_id: UUID, actor: Principal, uow: CampaignUnitOfWork) -> Wave:
    require_reader(actor, "read waves")
    async with uow:
        wave = await uow.waves.get(wave_id)
    if wave is None or not actor.can_read_open_data_of(wave.region_code):
        raise NotFound(f"no wave {wave_id}")
    return wave


async def list_waves(actor: Principal, uow: CampaignUnitOfWork) -> list[Wave]:
    require_reader(actor, "read waves")
    async with uow:
        waves = await uow.waves.in_region(actor.region_code)
    if actor.municipality_code:
        waves = [w for w in waves if actor.municipality_code in w.municipality_codes]
    return waves
