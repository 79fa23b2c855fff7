"""The campaign aggregate: national (NCTV's Denk Vooruit) or regional (the noodpakket campaign)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from shared.contract.campaign import CampaignCreated
from shared.contract.envelope import IntegrationEvent
from shared.errors import InvalidInput

NATIONAL = "NL"


class Level(str, enum.Enum):
    NATIONAL = "national"
    REGIONAL = "regional"


class Audience(str, enum.Enum):
    RESIDENTS = "residents"
    BUSINESSES = "businesses"
    CIVIL_SOCIETY = "civil_society"


@dataclass
class Campaign:
    id: UUID
    name: str
    level: Level
    owner: str
    region_code: str  # NL for a national campaign, else the region that runs it
    starts_on: date
    ends_on: date
    behaviour_goal: str | None
    audiences: list[Audience]
    participating_regions: list[str]
    events: list[IntegrationEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        name: str,
        level: Level,
        owner: str,
        region_code: str,
        starts_on: date,
        ends_on: date,
        behaviour_goal: str | None,
        audiences: list[Audience],
        participating_regions: list[str],
    ) -> "Campaign":
        if not name.strip():
            raise InvalidInput("a campaign needs a name")
        if ends_on < starts_on:
            raise InvalidInput(f"campaign period ends ({ends_on}) before it starts ({starts_on})")
        if not audiences:
            raise InvalidInput("a campaign needs at least one audience")
        if level is Level.REGIONAL and region_code not in participating_regions:
            raise InvalidInput(f"the owning region {region_code} must participate in its own campaign")
        campaign = cls(
            id, name.strip(), level, owner, region_code, starts_on, ends_on, behaviour_goal,
            list(dict.fromkeys(audiences)), sorted(set(participating_regions)),
        )
        campaign.events.append(
            CampaignCreated(
                subject=f"campaign/{id}",
                region_code=region_code,
                campaign_id=id,
                name=campaign.name,
                level=level.value,
                owner=owner,
                starts_on=starts_on,
                ends_on=ends_on,
                behaviour_goal=behaviour_goal,
                audiences=[a.value for a in campaign.audiences],
                participating_regions=campaign.participating_regions,
            )
        )
        return campaign

    def runs_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def includes_region(self, region_code: str) -> bool:
        return region_code in self.participating_regions
