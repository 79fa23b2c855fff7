"""Commands with many fields; the rest of the handlers take their few arguments directly."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from shared.auth.principal import Principal
from services.campaign.domain.campaign import Audience, Level
from services.campaign.domain.survey import Phase, Tally
from services.campaign.domain.toolkit import Channel
from services.campaign.domain.wave import Material


@dataclass(frozen=True)
class CreateCampaign:
    actor: Principal
    name: str
    level: Level
    owner: str
    starts_on: date
    ends_on: date
    behaviour_goal: str | None
    audiences: list[Audience]
    participating_regions: list[str] = field(default_factory=list)
    id: UUID | None = None


@dataclass(frozen=True)
class ScheduleWave:
    actor: Principal
    campaign_id: UUID
    toolkit_version_id: UUID
    name: str
    municipality_codes: list[str]
    channels: list[Channel]
    materials: list[Material]
    planned_start: date
    planned_end: date


@dataclass(frozen=True)
class RecordSurvey:
    actor: Principal
    municipality_code: str | None
    surveyed_on: date
    tally: Tally
    campaign_id: UUID | None = None
    wave_id: UUID | None = None
    phase: Phase | None = None
