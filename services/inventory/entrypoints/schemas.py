"""Request and response bodies of the inventory HTTP API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.http.problems import Problem
from shared.http.types import Cents, Flag, IsoDate, whole_number
from services.inventory.domain.details import Details
from services.inventory.domain.noodsteunpunt import ActivationMode, ActivationStatus, Layer, Readiness
from services.inventory.domain.pilot import Funding, PilotStatus, Theme
from services.inventory.domain.standard import Criterion


class NoodsteunpuntIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    layer: Layer = Layer.LOCAL
    address: str | None = Field(default=None, max_length=300)
    public: Flag = False
    readiness: Readiness = Field(default=Readiness.PLANNED, description="as found when registering an existing site")
    details: Details = Field(default_factory=Details)


class NoodsteunpuntPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    layer: Layer | None = None
    public: bool | None = None
    details: dict[str, Any] | None = Field(default=None, description="only the attributes that change")


class NoodsteunpuntOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    region_code: str
    municipality_code: str
    name: str
    layer: Layer
    address: str | None
    readiness: Readiness
    public: bool
    details: Details
    activation_status: ActivationStatus
    activation_mode: ActivationMode | None
    activation_changed_at: datetime | None
    activation_log: list[dict[str, Any]]


class ImportOut(BaseModel):
    """What one CSV import stored (all rows of the file)."""

    stored: int
    items: list[NoodsteunpuntOut]


class CellErrorOut(BaseModel):
    row: int = Field(description="line number in the file, the header being line 1")
    column: str
    message: str


class ImportFailedProblem(Problem):
    """A refused import: the first errors by row and column; nothing was stored."""

    stored: int = Field(0, description="always 0: an import stores all rows or none")
    errors: list[CellErrorOut]


class PublicNoodsteunpuntOut(BaseModel):
    """What residents see: where it is, what it offers, and whether it is open."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    municipality_code: str
    name: str
    address: str | None
    latitude: float | None
    longitude: float | None
    services: list[str]
    activation_status: ActivationStatus
    activation_mode: ActivationMode | None
    activation_changed_at: datetime | None


class ReadinessIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    readiness: Readiness
    reason: str | None = Field(default=None, max_length=1000)


class ActivationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: ActivationStatus
    mode: ActivationMode


class ComplianceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    standard_version: int
    compliant: bool
    score: int
    missing: list[dict[str, Any]]


class StandardIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    criteria: list[Criterion] = Field(min_length=1)


class StandardOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    criteria: list[Criterion]


class RoundIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    deadline: IsoDate


class SubmissionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    remarks: str | None = Field(default=None, max_length=2000)


class SubmissionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    round_id: UUID
    municipality_code: str
    noodsteunpunt_ids: list[UUID]
    submitted_by: str
    remarks: str | None
    submitted_at: datetime
    supersedes: UUID | None
    late: bool


class RoundOut(BaseModel):
    id: UUID
    region_code: str
    title: str
    deadline: date
    status: str
    opened_at: datetime | None
    closed_at: datetime | None
    municipality_codes: list[str]
    submitted: list[str]
    missing: list[str]
    complete: bool
    submissions: list[SubmissionOut]

    @classmethod
    def of(cls, round_: Any) -> "RoundOut":
        return cls(
            id=round_.id, region_code=round_.region_code, title=round_.title, deadline=round_.deadline,
            status=round_.status.value, opened_at=round_.opened_at, closed_at=round_.closed_at,
            municipality_codes=round_.municipality_codes, submitted=round_.submitted(), missing=round_.missing(),
            complete=round_.complete,
            submissions=[SubmissionOut.model_validate(s) for _, s in sorted(round_.submissions.items())],
        )


class PilotIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    municipality_code: str = Field(pattern=r"^GM[0-9]{4}$")
    name: str = Field(min_length=1, max_length=200)
    noodsteunpunt_ids: list[UUID] = Field(min_length=1)
    goals: list[str] = Field(min_length=1)
    starts_on: IsoDate
    ends_on: IsoDate
    budget_cents: Cents = Field(description="planned cost in euro cents")
    pilot_year: whole_number(ge=2025, le=2035) | None = Field(default=None, description="defaults to the year it starts")


class PilotStartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    started_on: IsoDate


class ThemeNotes(BaseModel):
    model_config = ConfigDict(extra="forbid")

    worked: str = Field(default="", max_length=4000)
    did_not_work: str = Field(default="", max_length=4000)


class EvaluationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    themes: dict[Theme, ThemeNotes] = Field(min_length=1)
    cost_cents: Cents = Field(description="actual cost in euro cents")


class PilotCompleteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    completed_on: IsoDate


class PilotOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    region_code: str
    municipality_code: str
    name: str
    noodsteunpunt_ids: list[UUID] = Field(description="its noodsteunpunten; empty for callers who may not see them")
    goals: list[str]
    starts_on: date
    ends_on: date
    pilot_year: int
    budget_cents: int
    status: PilotStatus
    started_on: date | None
    completed_on: date | None
    experiences: dict[str, dict[str, str]]
    cost_cents: int | None
    funding: Funding = Field(description="awaiting, funded or unfunded: whether funding committed the pilot's money")


class PilotYearOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    pilot_year: int
    started: int = Field(description="Started pilots whose money was not refused: these count")
    flagged: bool = Field(description="Fewer than two counting pilots")
    unfunded: int = Field(description="Started pilots whose money funding refused: counted apart until committed")


class RegionPilotsOut(BaseModel):
    region_code: str
    pilots: list[PilotOut]
    two_pilot_rule: list[PilotYearOut]
