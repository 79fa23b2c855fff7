"""Notify's read model of a region, folded from the events it consumed: the state of
noodsteunpunten, rounds, pilots, money and campaigns at a moment, as the board memo
needs it. Only event data is used (never another service's database); every date is
the event's own time, or the date the event names (``spent_on``, ``launched_on``).

Reading is tolerant: an event missing a field the memo wants is skipped for that
figure, unknown fields and types are ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

PILOT_YEARS = (2025, 2026)
MINIMUM_PILOTS = 2
STARTED = ("started", "evaluated", "completed")


@dataclass(frozen=True)
class MemoEvent:
    occurred_at: datetime
    event_type: str
    region_code: str
    municipality_code: str | None
    data: dict[str, Any]

    @property
    def gemeente(self) -> str:
        """The gemeente the event is about (an envelope attribute; older data also carried it)."""
        code = self.municipality_code or self.data.get("municipality_code")
        if not code:
            raise KeyError("municipality_code")
        return str(code)

    @property
    def kind(self) -> str:
        """``inventory.pilot.started.v1`` -> ``pilot.started`` (within notify only, never shown)."""
        parts = self.event_type.split(".")
        return ".".join(parts[1:3]) if len(parts) == 4 else self.event_type


@dataclass
class Nsp:
    id: str
    name: str
    municipality_code: str
    layer: str
    readiness: str
    public: bool


@dataclass
class Round:
    id: str
    title: str
    opened_at: datetime
    deadline: date | None
    municipality_codes: list[str]
    submitted: dict[str, datetime] = field(default_factory=dict)
    closed_at: datetime | None = None

    def missing(self) -> list[str]:
        return [code for code in self.municipality_codes if code not in self.submitted]


@dataclass
class Pilot:
    id: str
    name: str
    municipality_code: str
    status: str
    pilot_year: int | None
    budget_cents: int


@dataclass
class Commitment:
    id: str
    year: int
    purpose: str
    amount_cents: int
    status: str  # made | flagged | refused
    released_cents: int = 0


@dataclass
class Proposal:
    id: str
    purpose: str
    year: int
    amount_cents: int
    municipality_codes: list[str]
    voted: set[str] = field(default_factory=set)
    outcome: str | None = None

    def awaiting(self) -> list[str]:
        return [code for code in self.municipality_codes if code not in self.voted]


@dataclass
class Wave:
    id: str
    name: str
    launched_on: date | None = None
    completed_on: date | None = None
    households: int = 0
    people: int = 0


@dataclass(frozen=True)
class Survey:
    phase: str | None
    respondents: int
    complete_kit: int


@dataclass
class RegionState:
    """What the region looks like once the events so far are applied."""

    nsps: dict[str, Nsp] = field(default_factory=dict)
    rounds: dict[str, Round] = field(default_factory=dict)
    pilots: dict[str, Pilot] = field(default_factory=dict)
    allocations: dict[tuple[int, str], tuple[int, int]] = field(default_factory=dict)  # (year, line) -> (version, cents)
    commitments: dict[str, Commitment] = field(default_factory=dict)
    spent: dict[int, int] = field(default_factory=dict)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    waves: dict[str, Wave] = field(default_factory=dict)
    surveys: list[Survey] = field(default_factory=list)
    campaigns: dict[str, str] = field(default_factory=dict)

    # --- money per year, as the funding ledger derives it ---
    def years(self) -> list[int]:
        return sorted({y for y, _ in self.allocations} | {c.year for c in self.commitments.values()} | set(self.spent))

    def allocated(self, year: int) -> int:
        return sum(cents for (y, _), (_, cents) in self.allocations.items() if y == year)

    def committed(self, year: int) -> int:
        return sum(c.amount_cents - c.released_cents for c in self.commitments.values()
                   if c.year == year and c.status != "refused")

    def remaining(self, year: int) -> int:
        return self.allocated(year) - self.committed(year)

    # --- inventory ---
    def latest_round(self) -> Round | None:
        return max(self.rounds.values(), key=lambda r: r.opened_at, default=None)

    def started_pilots(self, year: int) -> int:
        return sum(1 for p in self.pilots.values() if p.pilot_year == year and p.status in STARTED)

    # --- campaign ---
    def reach(self) -> tuple[int, int]:
        completed = [w for w in self.waves.values() if w.completed_on]
        return sum(w.households for w in completed), sum(w.people for w in completed)

    def complete_kit(self, phase: str) -> tuple[int, int]:
        """(having a complete kit, respondents) over the region's before/after measurements, as counts."""
        chosen = [s for s in self.surveys if s.phase == phase]
        return sum(s.complete_kit for s in chosen), sum(s.respondents for s in chosen)


def fold(events: Iterable[MemoEvent]) -> RegionState:
    state = RegionState()
    for event in sorted(events, key=lambda e: e.occurred_at):
        apply = APPLY.get(event.kind)
        if apply is not None:
            try:
                apply(state, event)
            except (KeyError, TypeError, ValueError):
                continue  # an event without what this figure needs: the rest still counts
    return state


def _registered(s: RegionState, e: MemoEvent) -> None:
    d = e.data
    s.nsps[d["noodsteunpunt_id"]] = Nsp(d["noodsteunpunt_id"], d["name"], e.gemeente, d.get("layer", "local"),
                                        d.get("readiness", "planned"), bool(d.get("public")))


def _updated(s: RegionState, e: MemoEvent) -> None:
    nsp = s.nsps.get(e.data["noodsteunpunt_id"])
    if nsp:
        nsp.name, nsp.layer, nsp.public = e.data.get("name", nsp.name), e.data.get("layer", nsp.layer), bool(e.data.get("public"))


def _readiness(s: RegionState, e: MemoEvent) -> None:
    nsp = s.nsps.get(e.data["noodsteunpunt_id"])
    if nsp:
        nsp.readiness = e.data["readiness"]


def _round_opened(s: RegionState, e: MemoEvent) -> None:
    d = e.data
    deadline = date.fromisoformat(d["deadline"]) if d.get("deadline") else None
    s.rounds[d["round_id"]] = Round(d["round_id"], d["title"], e.occurred_at, deadline, list(d.get("municipality_codes", [])))


def _submitted(s: RegionState, e: MemoEvent) -> None:
    round_ = s.rounds.get(e.data["round_id"])
    if round_:
        round_.submitted.setdefault(e.gemeente, e.occurred_at)


def _round_closed(s: RegionState, e: MemoEvent) -> None:
    round_ = s.rounds.get(e.data["round_id"])
    if round_:
        round_.closed_at = e.occurred_at


def _pilot(status: str) -> Callable[[RegionState, MemoEvent], None]:
    def apply(s: RegionState, e: MemoEvent) -> None:
        d = e.data
        pilot = s.pilots.get(d["pilot_id"])
        if pilot is None:
            pilot = s.pilots[d["pilot_id"]] = Pilot(d["pilot_id"], d.get("name", "Pilot"), e.gemeente, status,
                                                    None, int(d.get("budget_cents", 0)))
        pilot.status = status
        pilot.name = d.get("name", pilot.name)
        if status == "started":
            pilot.pilot_year, pilot.budget_cents = int(d["pilot_year"]), int(d.get("budget_cents", pilot.budget_cents))
        if status == "proposed" and d.get("starts_on"):
            pilot.pilot_year = date.fromisoformat(d["starts_on"]).year
    return apply


def _tranche(s: RegionState, e: MemoEvent) -> None:
    key, version = (int(e.data["year"]), str(e.data["line"])), int(e.data["version"])
    if version >= s.allocations.get(key, (0, 0))[0]:
        s.allocations[key] = (version, int(e.data["amount_cents"]))


def _commitment(status: str) -> Callable[[RegionState, MemoEvent], None]:
    def apply(s: RegionState, e: MemoEvent) -> None:
        d = e.data
        made = status == "made" and d.get("flagged")
        s.commitments[d["commitment_id"]] = Commitment(d["commitment_id"], int(d["year"]), d.get("purpose", ""),
                                                       int(d["amount_cents"]), "flagged" if made else status)
    return apply


def _released(s: RegionState, e: MemoEvent) -> None:
    commitment = s.commitments.get(e.data["commitment_id"])
    if commitment:
        commitment.released_cents += int(e.data["released_cents"])


def _spending(s: RegionState, e: MemoEvent) -> None:
    year = int(e.data["year"])
    s.spent[year] = s.spent.get(year, 0) + int(e.data["amount_cents"])


def _proposal_submitted(s: RegionState, e: MemoEvent) -> None:
    d = e.data
    s.proposals[d["proposal_id"]] = Proposal(d["proposal_id"], d["purpose"], int(d["year"]), int(d["amount_cents"]),
                                             list(d.get("municipality_codes", [])))


def _proposal_voted(s: RegionState, e: MemoEvent) -> None:
    proposal = s.proposals.get(e.data["proposal_id"])
    if proposal and e.municipality_code:
        proposal.voted.add(e.municipality_code)


def _proposal_decided(s: RegionState, e: MemoEvent) -> None:
    proposal = s.proposals.get(e.data["proposal_id"])
    if proposal:
        proposal.outcome = e.data["outcome"]


def _campaign(s: RegionState, e: MemoEvent) -> None:
    s.campaigns[e.data["campaign_id"]] = e.data["name"]


def _wave(step: str) -> Callable[[RegionState, MemoEvent], None]:
    def apply(s: RegionState, e: MemoEvent) -> None:
        d = e.data
        wave = s.waves.setdefault(d["wave_id"], Wave(d["wave_id"], d.get("name", "Campagnegolf")))
        if step == "launched":
            wave.launched_on = date.fromisoformat(d["launched_on"])
        elif step == "completed":
            wave.completed_on = date.fromisoformat(d["completed_on"])
            wave.households, wave.people = int(d["households_reached"]), int(d["people_reached"])
    return apply


def _survey(s: RegionState, e: MemoEvent) -> None:
    s.surveys.append(Survey(e.data.get("phase"), int(e.data["respondents"]), int(e.data["complete_kit"])))


APPLY: dict[str, Callable[[RegionState, MemoEvent], None]] = {
    "noodsteunpunt.registered": _registered,
    "noodsteunpunt.updated": _updated,
    "noodsteunpunt.readiness_changed": _readiness,
    "round.opened": _round_opened,
    "inventory.submitted": _submitted,
    "round.closed": _round_closed,
    **{f"pilot.{status}": _pilot(status) for status in ("proposed", "approved", "started", "evaluated", "completed")},
    "tranche.allocated": _tranche,
    "commitment.made": _commitment("made"),
    "commitment.refused": _commitment("refused"),
    "commitment.released": _released,
    "spending.recorded": _spending,
    "proposal.submitted": _proposal_submitted,
    "proposal.voted": _proposal_voted,
    "proposal.decided": _proposal_decided,
    "campaign.created": _campaign,
    "wave.scheduled": _wave("scheduled"),
    "wave.launched": _wave("launched"),
    "wave.completed": _wave("completed"),
    "survey.recorded": _survey,
}
