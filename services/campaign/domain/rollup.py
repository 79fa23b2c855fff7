"""One campaign across the regions that take part: waves, reach and the behaviour goal's
before/after measurement per region, and for the campaign as a whole.

Waves, local versions and surveys stay per region; this only adds them up. Survey
counts are summed (never averaged percentages), so the whole is exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.campaign.domain.campaign import Campaign
from services.campaign.domain.survey import Phase, SurveyResult, Tally, total
from services.campaign.domain.wave import Wave, WaveStatus


@dataclass(frozen=True)
class Figures:
    waves: int
    waves_completed: int
    households_reached: int
    people_reached: int
    before: Tally | None
    after: Tally | None


@dataclass(frozen=True)
class RegionFigures:
    region_code: str
    taking_part: bool  # False for a region that left: its figures so far still count
    figures: Figures


@dataclass(frozen=True)
class CampaignRollup:
    campaign: Campaign
    regions: list[RegionFigures]
    total: Figures


def roll_up(campaign: Campaign, waves: Iterable[Wave], surveys: Iterable[SurveyResult]) -> CampaignRollup:
    waves, surveys = list(waves), list(surveys)
    regions = sorted({*campaign.participating_regions, *(w.region_code for w in waves)})
    per_region = [
        RegionFigures(code, campaign.includes_region(code),
                      _figures([w for w in waves if w.region_code == code], [s for s in surveys if s.region_code == code]))
        for code in regions
    ]
    return CampaignRollup(campaign, per_region, _figures(waves, surveys))


def _figures(waves: list[Wave], surveys: list[SurveyResult]) -> Figures:
    completed = [w for w in waves if w.status is WaveStatus.COMPLETED and w.reach]
    return Figures(
        waves=len(waves),
        waves_completed=len(completed),
        households_reached=sum(w.reach.households for w in completed if w.reach),
        people_reached=sum(w.reach.people for w in completed if w.reach),
        before=total(s.tally for s in surveys if s.phase is Phase.BEFORE),
        after=total(s.tally for s in surveys if s.phase is Phase.AFTER),
    )
