"""The national budget schedule: per year and budget line, the amount the ministry
makes available through the BDuR. Version 1 of every line comes from the data file;
each amendment adds a version with its reason, and the earlier versions are kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from shared.contract.envelope import IntegrationEvent
from shared.contract.funding import BudgetAmended
from shared.errors import InvalidInput, NotFound, RuleViolation

NATIONAL = "NL"


@dataclass(frozen=True)
class BudgetVersion:
    year: int
    line: str
    version: int
    amount_cents: int
    reason: str
    amended_by: str | None = None
    amended_at: datetime | None = None


@dataclass(frozen=True)
class ScheduleRow:
    """One row of the data file: the memo's figure for a year and line."""

    year: int
    line: str
    amount_cents: int
    phase: str
    pilot_share_per_region_cents: int | None
    source: str

    def as_version(self) -> BudgetVersion:
        return BudgetVersion(self.year, self.line, 1, self.amount_cents, f"initial schedule ({self.source})")


@dataclass
class BudgetLine:
    """All versions of one year's budget line; the last one is in force."""

    year: int
    line: str
    versions: list[BudgetVersion]
    events: list[IntegrationEvent] = field(default_factory=list, repr=False, compare=False)

    @property
    def current(self) -> BudgetVersion:
        return self.versions[-1]

    def amend(self, amount_cents: int, reason: str, by: str, at: datetime) -> BudgetVersion:
        reason = reason.strip()
        if not reason:
            raise InvalidInput("an amendment needs a reason")
        if amount_cents < 0:
            raise InvalidInput("a budget amount cannot be negative")
        if amount_cents == self.current.amount_cents:
            raise RuleViolation(f"{self.year} {self.line} is already {amount_cents} cents")
        previous = self.current
        version = BudgetVersion(self.year, self.line, previous.version + 1, amount_cents, reason, by, at)
        self.versions.append(version)
        self.events.append(
            BudgetAmended(
                subject=f"budget/{self.year}/{self.line}",
                region_code=NATIONAL,
                year=self.year,
                line=self.line,
                version=version.version,
                previous_amount_cents=previous.amount_cents,
                amount_cents=amount_cents,
                reason=reason,
                amended_by=by,
            )
        )
        return version


def baseline_for(rows: list[ScheduleRow], year: int, line: str) -> ScheduleRow:
    """The data file's row for a year; years after the last structural row repeat it
    (the memo: 'structural from 2030')."""
    for row in rows:
        if row.year == year and row.line == line:
            return row
    structural = [r for r in rows if r.line == line and r.phase == "structural" and r.year <= year]
    if structural:
        last = max(structural, key=lambda r: r.year)
        return ScheduleRow(year, line, last.amount_cents, "structural", None, f"structural amount from {last.year}")
    raise NotFound(f"no budget for {year} line {line!r}")


def budget_line(rows: list[ScheduleRow], year: int, line: str, amendments: list[BudgetVersion]) -> BudgetLine:
    versions = [baseline_for(rows, year, line).as_version(), *sorted(amendments, key=lambda v: v.version)]
    return BudgetLine(year, line, versions)
