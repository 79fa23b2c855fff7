"""A wave rolls a campaign out in a region or some of its municipalities.

States: scheduled -> launched -> completed. It launches only within its campaign's
period and only once its toolkit version is published; completing records the reach.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import date
from uuid import UUID

from shared.contract.campaign import MaterialPlan, WaveCompleted, WaveLaunched, WaveScheduled
from shared.contract.envelope import IntegrationEvent
from shared.errors import InvalidInput, RuleViolation
from services.campaign.domain.campaign import Campaign
from services.campaign.domain.toolkit import Channel, ToolkitVersion, offline_first


class WaveStatus(str, enum.Enum):
    SCHEDULED = "scheduled"
    LAUNCHED = "launched"
    COMPLETED = "completed"


@dataclass(frozen=True)
class Material:
    template_key: str
    printed: int
    distributed: int = 0

    def __post_init__(self) -> None:
        if self.printed < 0 or self.distributed < 0:
            raise InvalidInput(f"material {self.template_key!r}: quantities cannot be negative")
        if self.distributed > self.printed:
            raise InvalidInput(
                f"material {self.template_key!r}: {self.distributed} distributed is more than {self.printed} printed"
            )

    def plan(self) -> MaterialPlan:
        return MaterialPlan(template_key=self.template_key, printed=self.printed, distributed=self.distributed)


@dataclass(frozen=True)
class Reach:
    households: int
    people: int

    def __post_init__(self) -> None:
        if self.households < 0 or self.people < 0:
            raise InvalidInput("reach figures cannot be negative")


@dataclass
class Wave:
    id: UUID
    campaign_id: UUID
    toolkit_version_id: UUID
    region_code: str
    name: str
    municipality_codes: list[str]
    channels: list[Channel]
    materials: list[Material]
    planned_start: date
    planned_end: date
    status: WaveStatus = WaveStatus.SCHEDULED
    launched_on: date | None = None
    completed_on: date | None = None
    reach: Reach | None = None
    events: list[IntegrationEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def schedule(
        cls,
        *,
        id: UUID,
        campaign: Campaign,
        toolkit: ToolkitVersion,
        region_code: str,
        name: str,
        municipality_codes: list[str],
        channels: list[Channel],
        materials: list[Material],
        planned_start: date,
        planned_end: date,
    ) -> "Wave":
        _check_plan(campaign, toolkit, region_code, channels, materials, planned_start, planned_end)
        wave = cls(id, campaign.id, toolkit.id, region_code, name.strip() or campaign.name, sorted(municipality_codes),
                   offline_first(channels), list(materials), planned_start, planned_end)
        wave.events.append(
            WaveScheduled(
                subject=wave.subject, region_code=region_code, wave_id=id, campaign_id=campaign.id,
                toolkit_version_id=toolkit.id, name=wave.name, municipality_codes=wave.municipality_codes,
                channels=[c.value for c in wave.channels], materials=[m.plan() for m in wave.materials],
                planned_start=planned_start, planned_end=planned_end,
            )
        )
        return wave

    @property
    def subject(self) -> str:
        return f"wave/{self.id}"

    def launch(self, on: date, campaign: Campaign, toolkit: ToolkitVersion) -> None:
        if self.status is not WaveStatus.SCHEDULED:
            raise RuleViolation(f"wave is {self.status.value}; only a scheduled wave launches")
        if not campaign.runs_on(on):
            raise RuleViolation(
                f"cannot launch on {on}: outside the campaign period {campaign.starts_on} to {campaign.ends_on}"
            )
        if not toolkit.published:
            raise RuleViolation(f"cannot launch: toolkit version {toolkit.version} is not published yet")
        self.status, self.launched_on = WaveStatus.LAUNCHED, on
        self.events.append(
            WaveLaunched(subject=self.subject, region_code=self.region_code, wave_id=self.id,
                         campaign_id=self.campaign_id, launched_on=on, municipality_codes=self.municipality_codes)
        )

    def complete(self, on: date, reach: Reach, distributed: dict[str, int]) -> None:
        if self.status is not WaveStatus.LAUNCHED or self.launched_on is None:
            raise RuleViolation(f"wave is {self.status.value}; only a launched wave completes")
        if on < self.launched_on:
            raise InvalidInput(f"completed on {on} is before the launch on {self.launched_on}")
        unknown = sorted(set(distributed) - {m.template_key for m in self.materials})
        if unknown:
            raise InvalidInput(f"distributed figures for materials not in this wave: {', '.join(unknown)}")
        self.materials = [replace(m, distributed=distributed.get(m.template_key, m.distributed)) for m in self.materials]
        self.status, self.completed_on, self.reach = WaveStatus.COMPLETED, on, reach
        self.events.append(
            WaveCompleted(subject=self.subject, region_code=self.region_code, wave_id=self.id,
                          campaign_id=self.campaign_id, completed_on=on, households_reached=reach.households,
                          people_reached=reach.people, materials=[m.plan() for m in self.materials])
        )


def _check_plan(
    campaign: Campaign, toolkit: ToolkitVersion, region_code: str, channels: list[Channel],
    materials: list[Material], start: date, end: date,
) -> None:
    if not campaign.includes_region(region_code):
        raise RuleViolation(f"region {region_code} does not take part in campaign {campaign.name!r}")
    if toolkit.campaign_id != campaign.id:
        raise InvalidInput("the toolkit version belongs to another campaign")
    if end < start:
        raise InvalidInput(f"planned end {end} is before planned start {start}")
    if not channels:
        raise InvalidInput("a wave needs at least one channel")
    missing = [m.template_key for m in materials if toolkit.template(m.template_key) is None]
    if missing:
        raise InvalidInput(f"materials not in toolkit version {toolkit.version}: {', '.join(missing)}")
