"""Request and response bodies of the funding HTTP API. Money is integer cents
(floats are refused, so no amount is ever rounded on the way in)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.contract.envelope import MunicipalityCode
from shared.http.types import Cents, IsoDate, PositiveCents, whole_number
from services.funding.domain.allocation import KeyKind
from services.funding.domain.proposal import Choice, DecisionRule

Year = whole_number(ge=2025, le=2100)
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BudgetVersionOut(BaseModel):
    version: int
    amount_cents: int
    reason: str
    amended_by: str | None
    amended_at: datetime | None


class BudgetLineOut(BaseModel):
    year: int
    line: str
    amount_cents: int
    version: int
    versions: list[BudgetVersionOut]


class AmendmentIn(Strict):
    amount_cents: Cents
    reason: Text


class AllocateIn(Strict):
    key: KeyKind
    base_cents: Cents = 0
    line: str | None = None


class ShareOut(BaseModel):
    region_code: str
    amount_cents: int
    previous_cents: int
    difference_cents: int


class AllocationOut(BaseModel):
    id: UUID
    year: int
    line: str
    version: int
    key: KeyKind
    base_cents: int
    total_cents: int
    budget_version: int
    changed: bool = Field(description="False when this run found the same key and total already allocated")
    shares: list[ShareOut]


class CommitmentOut(BaseModel):
    id: UUID
    region_code: str
    year: int
    source: str
    source_id: UUID
    municipality_code: str | None
    purpose: str
    status: str
    planned_cents: int = Field(description="The committed amount")
    actual_cents: int = Field(description="Spent so far")
    released_cents: int
    open_cents: int
    remaining_before_cents: int


class SpendingIn(Strict):
    amount_cents: PositiveCents
    description: Text
    spent_on: IsoDate


class SpendingOut(BaseModel):
    id: UUID
    commitment_id: UUID
    amount_cents: int
    description: str
    spent_on: date


class ReleaseIn(Strict):
    reason: Text


class DecisionRuleIn(Strict):
    rule: DecisionRule


class DecisionRuleOut(BaseModel):
    region_code: str
    rule: DecisionRule


class ProposalIn(Strict):
    year: Year
    purpose: Text
    amount_cents: PositiveCents
    municipality_codes: list[MunicipalityCode] = Field(min_length=1, max_length=100)


class VoteIn(Strict):
    vote: Choice
    remark: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] | None = None


class VoteOut(BaseModel):
    municipality_code: str
    vote: Choice
    remark: str | None
    cast_at: datetime


class ProposalOut(BaseModel):
    id: UUID
    region_code: str
    year: int
    purpose: str
    amount_cents: int
    municipality_codes: list[str]
    rule: DecisionRule
    status: str
    votes: list[VoteOut]
    not_voted: list[str]
    decided_at: datetime | None
    commitment_id: UUID | None
    commitment_status: str | None = None


class MunicipalityProposalOut(ProposalOut):
    """A proposal as the list of one municipality shows it: with that municipality's own vote."""

    has_voted: bool = Field(description="whether the municipality of the list has voted on it")
    own_vote: Choice | None = Field(description="its vote, once cast")


class BalanceOut(BaseModel):
    region_code: str
    year: int
    allocated_cents: int
    committed_cents: int
    spent_cents: int
    remaining_cents: int
    planned_cents: int = Field(description="Committed: what the region plans to spend")
    actual_cents: int = Field(description="Spent: what it actually spent")
    unspent_commitments_cents: int


class RegionYearOut(BaseModel):
    balance: BalanceOut
    commitments: list[CommitmentOut]


class OverviewRowOut(BaseModel):
    region_code: str
    name: str
    allocated_cents: int
    committed_cents: int
    spent_cents: int
    remaining_cents: int


class OverviewOut(BaseModel):
    year: int
    line: str
    budget_cents: int
    budget_version: int
    allocated_cents: int
    unallocated_cents: int
    committed_cents: int
    spent_cents: int
    remaining_cents: int
    regions: list[OverviewRowOut]
