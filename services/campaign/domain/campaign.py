"""The campaign aggregate: national (NCTV's Denk Vooruit) or regional (the noodpakket campaign)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from shared.contract.campaign import (
    CampaignCreated,
    ParticipationDeclined,
    ParticipationJoined,
    ParticipationLeft,
    ParticipationRequested,
)
from shared.contract.envelope import IntegrationEvent
from shared.errors import InvalidInput, RuleViolation

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
    requested_by: list[str] = field(default_factory=list)  # regions waiting for the owner's consent
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

    # -- taking part: a region joins a national campaign at once, another region's with consent --

    def ask_to_join(self, region_code: str) -> bool:
        """True when the region takes part now; False when it waits for the owner's consent."""
        if self.includes_region(region_code):
            raise RuleViolation("the region already takes part in this campaign")
        if self.level is Level.NATIONAL:
            self._join(region_code)
            return True
        if region_code not in self.requested_by:
            self.requested_by = sorted({*self.requested_by, region_code})
            self.events.append(ParticipationRequested(**self._participation(region_code)))
        return False

    def admit(self, region_code: str) -> None:
        """The owner agrees to a region's request."""
        self._require_request(region_code)
        self.requested_by = [r for r in self.requested_by if r != region_code]
        self._join(region_code)

    def decline(self, region_code: str) -> None:
        self._require_request(region_code)
        self.requested_by = [r for r in self.requested_by if r != region_code]
        self.events.append(ParticipationDeclined(**self._participation(region_code)))

    def leave(self, region_code: str) -> None:
        if region_code == self.region_code:
            raise RuleViolation("the region that runs the campaign cannot leave it")
        if not self.includes_region(region_code):
            raise RuleViolation("the region does not take part in this campaign")
        self.participating_regions = [r for r in self.participating_regions if r != region_code]
        self.events.append(ParticipationLeft(**self._participation(region_code)))

    def _join(self, region_code: str) -> None:
        self.participating_regions = sorted({*self.participating_regions, region_code})
        self.events.append(ParticipationJoined(**self._participation(region_code)))

    def _require_request(self, region_code: str) -> None:
        if region_code not in self.requested_by:
            raise RuleViolation("the region has not asked to take part")

    def _participation(self, region_code: str) -> dict[str, object]:
        return {"subject": f"campaign/{self.id}", "region_code": region_code, "campaign_id": self.id,
                "campaign_name": self.name, "owner_region": self.region_code}
