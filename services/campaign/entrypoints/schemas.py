"""Request and response bodies of the campaign HTTP API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.http.types import Count, Flag, IsoDate, PositiveCount
from services.campaign.domain.activity import ActivityAudience, Kind
from services.campaign.domain.campaign import Audience, Level
from services.campaign.domain.survey import Phase
from services.campaign.domain.toolkit import Channel, ToolkitStatus
from services.campaign.domain.wave import WaveStatus


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CampaignIn(In):
    name: str = Field(min_length=1, max_length=200)
    level: Level
    owner: str = Field(min_length=1, max_length=200)
    starts_on: IsoDate
    ends_on: IsoDate
    behaviour_goal: str | None = Field(default=None, max_length=500)
    audiences: list[Audience] = Field(min_length=1)
    participating_regions: list[str] = Field(default_factory=list, description="Empty: all regions (national) or the owner's")


class CampaignOut(Out):
    id: UUID
    name: str
    level: Level
    owner: str
    region_code: str
    starts_on: date
    ends_on: date
    behaviour_goal: str | None
    audiences: list[Audience]
    participating_regions: list[str]
    requested_by: list[str] = Field(default_factory=list, description="Regions waiting for the owner's consent to take part")


class TemplateIn(In):
    key: str = Field(pattern=r"^[a-z0-9_]{1,60}$")
    channel: Channel
    title: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=20000)
    uniform: Flag = Field(default=False, description="The one uniform message for residents, businesses and organisations")


class ToolkitIn(In):
    templates: list[TemplateIn] = Field(min_length=1)


class TemplateOut(Out):
    key: str
    channel: Channel
    title: str
    body: str
    uniform: bool
    placeholders: list[str]


class ToolkitOut(Out):
    id: UUID
    campaign_id: UUID
    version: int
    status: ToolkitStatus
    published_at: datetime | None
    templates: list[TemplateOut]


class ContactIn(In):
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=200, pattern=r"^[^@\s]+@[^@\s]+$")
    website: str | None = Field(default=None, max_length=300)


class ContactOut(Out):
    municipality_code: str
    phone: str | None
    email: str | None
    website: str | None


class RenderedItemOut(Out):
    template_key: str
    channel: str
    title: str
    body: str
    uniform: bool


class LocalVersionOut(Out):
    id: UUID
    toolkit_version_id: UUID
    campaign_id: UUID
    region_code: str
    municipality_code: str
    version: int
    items: list[RenderedItemOut]
    noodsteunpunt_ids: list[UUID]
    rendered_at: datetime


class MaterialIn(In):
    template_key: str
    printed: Count
    distributed: Count = 0


class WaveIn(In):
    campaign_id: UUID
    toolkit_version_id: UUID
    name: str = Field(default="", max_length=200)
    municipality_codes: list[str] = Field(default_factory=list, description="Empty: every municipality of the region")
    channels: list[Channel] = Field(min_length=1)
    materials: list[MaterialIn] = Field(default_factory=list)
    planned_start: IsoDate
    planned_end: IsoDate


class LaunchIn(In):
    launched_on: IsoDate


class CompleteIn(In):
    completed_on: IsoDate
    households_reached: Count
    people_reached: Count
    distributed: dict[str, Count] = Field(default_factory=dict, description="template key -> quantity distributed")


class MaterialOut(Out):
    template_key: str
    printed: int
    distributed: int


class ReachOut(Out):
    households: int
    people: int


class WaveOut(Out):
    id: UUID
    campaign_id: UUID
    toolkit_version_id: UUID
    region_code: str
    name: str
    municipality_codes: list[str]
    channels: list[Channel]
    materials: list[MaterialOut]
    planned_start: date
    planned_end: date
    status: WaveStatus
    launched_on: date | None
    completed_on: date | None
    reach: ReachOut | None


class SurveyIn(In):
    municipality_code: str | None = Field(default=None, description="Empty: a region-wide result")
    surveyed_on: IsoDate
    respondents: PositiveCount
    having: dict[str, Count] = Field(description="noodpakket checklist item -> respondents having it")
    complete_kit: Count = Field(description="respondents having every item")
    campaign_id: UUID | None = None
    wave_id: UUID | None = None
    phase: Phase | None = None


class ItemShareOut(BaseModel):
    item: str
    label: str
    having: int
    share_pct: Decimal


class TallyOut(BaseModel):
    respondents: int
    items: list[ItemShareOut]
    complete_kit: int
    complete_kit_share_pct: Decimal


class SurveyOut(TallyOut):
    id: UUID
    region_code: str
    municipality_code: str | None
    surveyed_on: date
    campaign_id: UUID | None
    wave_id: UUID | None
    phase: Phase | None


class ProgressPointOut(TallyOut):
    surveyed_on: date


class ItemDifferenceOut(BaseModel):
    item: str
    before_pct: Decimal
    after_pct: Decimal
    difference_points: Decimal


class WaveEffectOut(BaseModel):
    wave_id: UUID
    before: TallyOut
    after: TallyOut
    items: list[ItemDifferenceOut]
    complete_kit_difference_points: Decimal


class ActivityIn(In):
    region_code: str = Field(description="NL for a national activity (national users), else the caller's region")
    kind: Kind
    title: str = Field(min_length=1, max_length=300)
    starts_at: AwareDatetime
    ends_at: AwareDatetime | None = None
    place: str = Field(min_length=1, max_length=300)
    audience: list[ActivityAudience] = Field(min_length=1)
    campaign_id: UUID | None = None


class ActivityOut(Out):
    id: UUID
    region_code: str
    kind: Kind
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    audience: list[ActivityAudience]
    campaign_id: UUID | None


class ParticipationOut(BaseModel):
    campaign_id: UUID
    region_code: str
    status: str = Field(description="taking_part, or requested (waiting for the owning region's consent)")


class FiguresOut(BaseModel):
    waves: int
    waves_completed: int
    households_reached: int
    people_reached: int
    before: TallyOut | None = Field(description="Surveys before the waves, summed")
    after: TallyOut | None = Field(description="Surveys after the waves, summed")
    complete_kit_difference_points: Decimal | None = Field(description="After minus before, percentage points")


class RegionFiguresOut(BaseModel):
    region_code: str
    taking_part: bool = Field(description="False for a region that left; its figures so far still count")
    figures: FiguresOut


class CampaignRollupOut(BaseModel):
    campaign_id: UUID
    name: str
    owner_region: str
    participating_regions: list[str]
    requested_by: list[str]
    regions: list[RegionFiguresOut]
    total: FiguresOut
