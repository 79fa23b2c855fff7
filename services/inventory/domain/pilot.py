"""Pilots: a region tries out noodsteunpunten; every region runs at least two per pilot year."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from shared.contract.envelope import IntegrationEvent
from shared.contract.inventory import (
    PilotApproved,
    PilotCompleted,
    PilotEvaluated,
    PilotFunded,
    PilotProposed,
    PilotStarted,
    PilotUnfunded,
)
from shared.errors import InvalidInput, RuleViolation

PILOT_YEARS = (2025, 2026)  # the years the programme asks for at least two pilots per region
MINIMUM_PILOTS_PER_YEAR = 2


class PilotStatus(str, enum.Enum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    STARTED = "started"
    EVALUATED = "evaluated"
    COMPLETED = "completed"


class Funding(str, enum.Enum):
    """Whether the money for a started pilot was committed (funding decides, from pilot.started)."""

    AWAITING = "awaiting"  # no decision heard yet
    FUNDED = "funded"
    UNFUNDED = "unfunded"  # refused: the pilot does not count towards the two-pilot rule


class Theme(str, enum.Enum):
    """NIPV's blocks for the pilot experiences."""

    BASIS = "basis"
    INFORMATION_AND_COMMUNICATION = "information_and_communication"
    COOPERATION = "cooperation"
    CONTINUITY = "continuity"


# A pilot counts towards the two-pilot rule once it has started.
COUNTS_AS_STARTED = frozenset({PilotStatus.STARTED, PilotStatus.EVALUATED, PilotStatus.COMPLETED})


@dataclass
class Pilot:
    id: UUID
    region_code: str
    municipality_code: str
    name: str
    noodsteunpunt_ids: list[UUID]
    goals: list[str]
    starts_on: date
    ends_on: date
    pilot_year: int
    budget_cents: int
    status: PilotStatus = PilotStatus.PROPOSED
    started_on: date | None = None
    completed_on: date | None = None
    experiences: dict[str, dict[str, str]] = field(default_factory=dict)
    cost_cents: int | None = None
    funding: Funding = Funding.AWAITING
    events: list[IntegrationEvent] = field(default_factory=list, repr=False, compare=False)

    @property
    def subject(self) -> str:
        return f"pilot/{self.id}"

    @classmethod
    def propose(
        cls,
        *,
        id: UUID,
        region_code: str,
        municipality_code: str,
        name: str,
        noodsteunpunt_ids: list[UUID],
        goals: list[str],
        starts_on: date,
        ends_on: date,
        budget_cents: int,
        pilot_year: int | None = None,
    ) -> "Pilot":
        name, goals = name.strip(), [g.strip() for g in goals if g.strip()]
        year = pilot_year or starts_on.year
        _check_proposal(name, noodsteunpunt_ids, goals, starts_on, ends_on, budget_cents, year)
        pilot = cls(id, region_code, municipality_code, name, list(dict.fromkeys(noodsteunpunt_ids)), goals,
                    starts_on, ends_on, year, budget_cents)
        pilot.events.append(
            PilotProposed(
                **pilot._envelope(),
                pilot_id=id,
                name=name,
                noodsteunpunt_ids=pilot.noodsteunpunt_ids,
                goals=goals,
                starts_on=starts_on,
                ends_on=ends_on,
                budget_cents=budget_cents,
            )
        )
        return pilot

    def approve(self) -> None:
        self._move(PilotStatus.PROPOSED, PilotStatus.APPROVED)
        self.events.append(PilotApproved(**self._envelope(), pilot_id=self.id))

    def start(self, started_on: date) -> None:
        self._move(PilotStatus.APPROVED, PilotStatus.STARTED)
        self.started_on = started_on
        self.events.append(
            PilotStarted(
                **self._envelope(),
                pilot_id=self.id,
                name=self.name,
                noodsteunpunt_ids=self.noodsteunpunt_ids,
                pilot_year=self.pilot_year,
                started_on=started_on,
                budget_cents=self.budget_cents,
            )
        )

    def evaluate(self, experiences: dict[str, dict[str, str]], cost_cents: int) -> None:
        experiences = _check_experiences(experiences)
        if isinstance(cost_cents, bool) or not isinstance(cost_cents, int) or cost_cents < 0:
            raise InvalidInput("cost_cents is a whole, non-negative number of euro cents")
        self._move(PilotStatus.STARTED, PilotStatus.EVALUATED)
        self.experiences, self.cost_cents = experiences, cost_cents
        self.events.append(
            PilotEvaluated(**self._envelope(), pilot_id=self.id, themes=experiences, cost_cents=cost_cents)  # type: ignore[arg-type]
        )

    def complete(self, completed_on: date) -> None:
        if self.started_on and completed_on < self.started_on:
            raise InvalidInput("a pilot cannot complete before it started")
        self._move(PilotStatus.EVALUATED, PilotStatus.COMPLETED)
        self.completed_on = completed_on
        self.events.append(PilotCompleted(**self._envelope(), pilot_id=self.id, completed_on=completed_on))

    @property
    def counts_towards_rule(self) -> bool:
        return self.status in COUNTS_AS_STARTED and self.funding is not Funding.UNFUNDED

    def money_refused(self, commitment_id: UUID, reason: str) -> None:
        if self.funding is Funding.UNFUNDED:
            return  # heard already
        self.funding = Funding.UNFUNDED
        self.events.append(PilotUnfunded(**self._envelope(), pilot_id=self.id, pilot_year=self.pilot_year,
                                         commitment_id=commitment_id, reason=reason))

    def money_committed(self, commitment_id: UUID, amount_cents: int) -> None:
        if self.funding is Funding.FUNDED:
            return
        self.funding = Funding.FUNDED
        self.events.append(PilotFunded(**self._envelope(), pilot_id=self.id, pilot_year=self.pilot_year,
                                       commitment_id=commitment_id, amount_cents=amount_cents))

    def _move(self, expected: PilotStatus, target: PilotStatus) -> None:
        if self.status is not expected:
            raise RuleViolation(f"a {self.status.value} pilot cannot become {target.value}; it must be {expected.value}")
        self.status = target

    def _envelope(self) -> dict[str, Any]:
        return {"subject": self.subject, "region_code": self.region_code, "municipality_code": self.municipality_code}


@dataclass(frozen=True)
class PilotYearCheck:
    pilot_year: int
    started: int  # started and not refused their money
    flagged: bool  # fewer than two such pilots
    unfunded: int = 0  # started, but funding refused the money: counted apart


def two_pilot_rule(pilots: Iterable[Pilot]) -> list[PilotYearCheck]:
    """Per pilot year: how many pilots started with their money, and whether the region falls short."""
    pilots = list(pilots)
    checks = []
    for year in PILOT_YEARS:
        of_year = [p for p in pilots if p.pilot_year == year and p.status in COUNTS_AS_STARTED]
        counted = sum(1 for p in of_year if p.counts_towards_rule)
        checks.append(PilotYearCheck(year, counted, counted < MINIMUM_PILOTS_PER_YEAR, len(of_year) - counted))
    return checks


def _check_proposal(
    name: str, nsp_ids: list[UUID], goals: list[str], starts_on: date, ends_on: date, budget_cents: int, year: int
) -> None:
    if not name:
        raise InvalidInput("a pilot needs a name")
    if not nsp_ids:
        raise InvalidInput("a pilot covers at least one noodsteunpunt")
    if not goals:
        raise InvalidInput("a pilot needs at least one goal")
    if ends_on < starts_on:
        raise InvalidInput("a pilot cannot end before it starts")
    if isinstance(budget_cents, bool) or not isinstance(budget_cents, int) or budget_cents < 0:
        raise InvalidInput("budget_cents is a whole, non-negative number of euro cents")
    if not 2025 <= year <= 2035:
        raise InvalidInput(f"pilot year {year} is outside the programme (2025..2035)")


def _check_experiences(experiences: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    if not experiences:
        raise InvalidInput("an evaluation records experiences for at least one theme")
    checked: dict[str, dict[str, str]] = {}
    for theme, notes in experiences.items():
        try:
            Theme(theme)
        except ValueError:
            raise InvalidInput(f"unknown theme {theme!r}; themes: {', '.join(t.value for t in Theme)}") from None
        unknown = set(notes) - {"worked", "did_not_work"}
        if unknown:
            raise InvalidInput(f"theme {theme}: only 'worked' and 'did_not_work', not {sorted(unknown)}")
        checked[theme] = {k: v.strip() for k, v in notes.items() if v and v.strip()}
    return checked
