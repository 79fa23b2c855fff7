"""Behaviour measurement for the noodpakket goal: survey results and their aggregation.

A result holds counts, not percentages: respondents, how many have each checklist
item, how many have a complete kit. Shares are computed exactly (fractions) and
rounded only for display, to one decimal of a percent; differences are in
percentage points, computed from the exact shares.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from uuid import UUID

from shared.contract.campaign import ItemShare, SurveyRecorded
from shared.contract.envelope import IntegrationEvent
from shared.errors import InvalidInput

ONE_DECIMAL = Decimal("0.1")


class Phase(str, enum.Enum):
    BEFORE = "before"
    AFTER = "after"


def percent(share: Fraction) -> Decimal:
    value = Decimal(share.numerator * 100) / Decimal(share.denominator)
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Tally:
    """Counts over one or more survey results; every share derives from it."""

    respondents: int
    having: dict[str, int]  # checklist item -> respondents having it
    complete_kit: int

    def share(self, item: str) -> Fraction:
        return Fraction(self.having[item], self.respondents)

    @property
    def complete_share(self) -> Fraction:
        return Fraction(self.complete_kit, self.respondents)

    def __add__(self, other: "Tally") -> "Tally":
        having = {k: self.having.get(k, 0) + other.having.get(k, 0) for k in self.having.keys() | other.having.keys()}
        return Tally(self.respondents + other.respondents, having, self.complete_kit + other.complete_kit)


def total(tallies: Iterable[Tally]) -> Tally | None:
    result: Tally | None = None
    for tally in tallies:
        result = tally if result is None else result + tally
    return result


@dataclass
class SurveyResult:
    id: UUID
    region_code: str
    municipality_code: str | None
    surveyed_on: date
    tally: Tally
    campaign_id: UUID | None = None
    wave_id: UUID | None = None
    phase: Phase | None = None
    events: list[IntegrationEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def record(
        cls,
        *,
        id: UUID,
        checklist: list[str],
        region_code: str,
        municipality_code: str | None,
        surveyed_on: date,
        tally: Tally,
        campaign_id: UUID | None = None,
        wave_id: UUID | None = None,
        phase: Phase | None = None,
    ) -> "SurveyResult":
        _check(tally, checklist)
        if (wave_id is None) != (phase is None):
            raise InvalidInput("a survey about a wave says whether it was taken before or after it, and only then")
        result = cls(id, region_code, municipality_code, surveyed_on, tally, campaign_id, wave_id, phase)
        result.events.append(
            SurveyRecorded(
                subject=f"survey/{id}", region_code=region_code, municipality_code=municipality_code,
                survey_id=id, campaign_id=campaign_id, wave_id=wave_id, phase=phase.value if phase else None,
                surveyed_on=surveyed_on, respondents=tally.respondents,
                items=[ItemShare(item=i, having=tally.having[i], share_pct=percent(tally.share(i))) for i in checklist],
                complete_kit=tally.complete_kit, complete_kit_share_pct=percent(tally.complete_share),
            )
        )
        return result


def _check(tally: Tally, checklist: list[str]) -> None:
    if tally.respondents <= 0:
        raise InvalidInput("a survey result needs at least one respondent")
    unknown = sorted(set(tally.having) - set(checklist))
    if unknown:
        raise InvalidInput(f"not on the noodpakket checklist: {', '.join(unknown)}")
    missing = [item for item in checklist if item not in tally.having]
    if missing:
        raise InvalidInput(f"counts missing for checklist items: {', '.join(missing)}")
    for item, count in tally.having.items():
        if not 0 <= count <= tally.respondents:
            raise InvalidInput(f"{item}: {count} is not between 0 and {tally.respondents} respondents")
    fewest = min(tally.having.values())
    if not 0 <= tally.complete_kit <= fewest:
        raise InvalidInput(
            f"complete kit {tally.complete_kit} must be between 0 and {fewest}, the fewest having any one item"
        )


@dataclass(frozen=True)
class Difference:
    """After minus before, in percentage points, per item and for the complete kit."""

    before: Tally
    after: Tally

    def item_points(self, item: str) -> Decimal:
        return percent(self.after.share(item) - self.before.share(item))

    @property
    def complete_points(self) -> Decimal:
        return percent(self.after.complete_share - self.before.complete_share)


def wave_difference(results: list[SurveyResult]) -> Difference | None:
    before = total(r.tally for r in results if r.phase is Phase.BEFORE)
    after = total(r.tally for r in results if r.phase is Phase.AFTER)
    if before is None or after is None:
        return None
    return Difference(before, after)


def progress(results: list[SurveyResult]) -> list[tuple[date, Tally]]:
    """Per survey date, the results of that date added up: the progress over time."""
    by_date: dict[date, list[Tally]] = {}
    for result in results:
        by_date.setdefault(result.surveyed_on, []).append(result.tally)
    return [(day, total(tallies)) for day, tallies in sorted(by_date.items())]  # type: ignore[misc]
