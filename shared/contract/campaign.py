"""Events owned by the campaign service (topic weerbaar.campaign.events, key = region code).

National campaigns, their toolkits and national activities are keyed ``NL``; waves,
surveys, local versions and regional activities by the region they concern.
Shares are exact: counts of respondents travel with the percentage (one decimal).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.contract.envelope import IntegrationEvent, MunicipalityCode

CampaignLevel = Literal["national", "regional"]
Audience = Literal["residents", "businesses", "civil_society"]
Channel = Literal[
    "poster", "flyer", "local_newspaper", "door_to_door", "social_post", "web_text", "presentation_slide"
]
ActivityKind = Literal["webinar", "council_evening", "workshop", "knowledge_session", "consultation", "one_on_one"]
ActivityAudience = Literal[
    "communication_advisors", "iv_advisors", "aov_advisors", "board", "council_members", "municipal_advisors", "residents",
    "partners",
]
SurveyPhase = Literal["before", "after"]


class CampaignCreated(IntegrationEvent):
    """A national (key NL) or regional campaign was created."""

    TYPE = "campaign.campaign.created.v1"

    campaign_id: UUID
    name: str
    level: CampaignLevel
    owner: str
    starts_on: date
    ends_on: date
    behaviour_goal: str | None = None
    audiences: list[Audience]
    participating_regions: list[str]


class _Participation(IntegrationEvent):
    """Key: the region that takes part (its participation's order is what matters)."""

    campaign_id: UUID
    campaign_name: str
    owner_region: str = Field(description="VR01..VR25, or NL for a national campaign")


class ParticipationRequested(_Participation):
    """A region asked to take part in another region's campaign; the owner decides."""

    TYPE = "campaign.participation.requested.v1"


class ParticipationJoined(_Participation):
    """A region takes part in a campaign (joined a national one, or the owner agreed)."""

    TYPE = "campaign.participation.joined.v1"


class ParticipationDeclined(_Participation):
    """The owning region declined a region's request to take part."""

    TYPE = "campaign.participation.declined.v1"


class ParticipationLeft(_Participation):
    """A region stopped taking part; its waves and surveys so far stay in the campaign's figures."""

    TYPE = "campaign.participation.left.v1"


class TemplateSummary(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    channel: Channel
    title: str
    uniform: bool = False
    placeholders: list[str] = Field(default_factory=list)


class ToolkitPublished(IntegrationEvent):
    """A toolkit version is published: municipalities may render it, waves may launch with it."""

    TYPE = "campaign.toolkit.published.v1"

    toolkit_version_id: UUID
    campaign_id: UUID
    version: int = Field(ge=1)
    templates: list[TemplateSummary]


class LocalVersionRendered(IntegrationEvent):
    """A municipality's local version of a toolkit version was rendered."""

    TYPE = "campaign.local_version.rendered.v1"

    local_version_id: UUID
    toolkit_version_id: UUID
    campaign_id: UUID
    municipality_code: MunicipalityCode
    template_keys: list[str]
    noodsteunpunt_ids: list[UUID] = Field(description="The public, operational noodsteunpunten listed")


class MaterialPlan(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    template_key: str
    printed: int = Field(ge=0)
    distributed: int = Field(ge=0)


class WaveScheduled(IntegrationEvent):
    TYPE = "campaign.wave.scheduled.v1"

    wave_id: UUID
    campaign_id: UUID
    toolkit_version_id: UUID
    name: str
    municipality_codes: list[str]
    channels: list[Channel] = Field(description="Offline channels first")
    materials: list[MaterialPlan]
    planned_start: date
    planned_end: date


class WaveLaunched(IntegrationEvent):
    TYPE = "campaign.wave.launched.v1"

    wave_id: UUID
    campaign_id: UUID
    launched_on: date
    municipality_codes: list[str]


class WaveCompleted(IntegrationEvent):
    TYPE = "campaign.wave.completed.v1"

    wave_id: UUID
    campaign_id: UUID
    completed_on: date
    households_reached: int = Field(ge=0)
    people_reached: int = Field(ge=0)
    materials: list[MaterialPlan]


class ItemShare(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    item: str
    having: int = Field(ge=0)
    share_pct: Decimal


class SurveyRecorded(IntegrationEvent):
    """A behaviour survey result for a municipality or a whole region on a date."""

    TYPE = "campaign.survey.recorded.v1"

    survey_id: UUID
    campaign_id: UUID | None = None
    wave_id: UUID | None = None
    phase: SurveyPhase | None = None
    surveyed_on: date
    respondents: int = Field(gt=0)
    items: list[ItemShare]
    complete_kit: int = Field(ge=0)
    complete_kit_share_pct: Decimal


class ActivityScheduled(IntegrationEvent):
    """A dated activity in the calendar: what the notify service needs to invite and remind."""

    TYPE = "campaign.activity.scheduled.v1"

    activity_id: UUID
    campaign_id: UUID | None = None
    title: str
    kind: ActivityKind
    starts_at: AwareDatetime
    ends_at: AwareDatetime | None = None
    place: str
    audience: list[ActivityAudience]

