"""Events owned by the funding service (topic weerbaar.funding.events, key = region code).

Money is always integer euro cents. National events (the budget schedule) carry
region ``NL``; everything about a region's money carries that region's code, so
all of one region's funding events stay in order on one partition.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.contract.envelope import IntegrationEvent, MunicipalityCode

KeyKind = Literal["equal", "population", "base_plus_population"]
# Where a commitment comes from. Not called "source": that is the CloudEvents attribute.
CommitmentSource = Literal["pilot", "proposal"]
DecisionRule = Literal["unanimous", "majority"]
VoteChoice = Literal["agree", "object"]
Outcome = Literal["approved", "rejected"]


class BudgetAmended(IntegrationEvent):
    """The national amount of a year's budget line changed; the earlier version is kept. Key NL."""

    TYPE = "funding.budget.amended.v1"

    year: int
    line: str
    version: int = Field(ge=2)
    previous_amount_cents: int = Field(ge=0)
    amount_cents: int = Field(ge=0)
    reason: str = Field(min_length=1)
    amended_by: str


class TrancheAllocated(IntegrationEvent):
    """A region's share of a year's budget line under an allocation version (one event per region)."""

    TYPE = "funding.tranche.allocated.v1"

    allocation_id: UUID
    year: int
    line: str
    version: int = Field(ge=1)
    distribution_key: KeyKind
    base_cents: int = Field(ge=0, description="Fixed base per region (base_plus_population only)")
    amount_cents: int = Field(ge=0)
    previous_amount_cents: int = Field(
        ge=0, description="This region's share in the previous version (0 for the first)"
    )
    difference_cents: int = Field(description="amount_cents - previous_amount_cents")


class CommitmentMade(IntegrationEvent):
    """Money committed against a region's allocation for a year (from a started pilot or an approved proposal)."""

    TYPE = "funding.commitment.made.v1"

    commitment_id: UUID
    year: int
    origin: CommitmentSource
    origin_id: UUID = Field(description="pilot_id or proposal_id")
    purpose: str
    amount_cents: int = Field(ge=0)
    remaining_before_cents: int = Field(description="What remained of the allocation before this commitment")
    flagged: bool = Field(description="True when it exceeds what remained and the policy is to flag")


class CommitmentFlagged(IntegrationEvent):
    """A commitment exceeds what remained of the region's allocation and was made anyway (policy 'flag')."""

    TYPE = "funding.commitment.flagged.v1"

    commitment_id: UUID
    year: int
    amount_cents: int = Field(ge=0)
    remaining_before_cents: int
    shortfall_cents: int = Field(gt=0)


class CommitmentRefused(IntegrationEvent):
    """A commitment exceeds what remained of the region's allocation and was refused (policy 'refuse')."""

    TYPE = "funding.commitment.refused.v1"

    commitment_id: UUID
    year: int
    origin: CommitmentSource
    origin_id: UUID = Field(description="pilot_id or proposal_id")
    purpose: str
    amount_cents: int = Field(ge=0)
    remaining_before_cents: int
    reason: str


class CommitmentReleased(IntegrationEvent):
    """The unspent part of a commitment was given back to the region's allocation."""

    TYPE = "funding.commitment.released.v1"

    commitment_id: UUID
    year: int
    released_cents: int = Field(gt=0)
    reason: str


class SpendingRecorded(IntegrationEvent):
    """Money spent against a commitment."""

    TYPE = "funding.spending.recorded.v1"

    spending_id: UUID
    commitment_id: UUID
    year: int
    amount_cents: int = Field(gt=0)
    description: str
    spent_on: date


class DecisionRuleChanged(IntegrationEvent):
    """A region chose how its spending proposals are decided; applies to proposals submitted afterwards."""

    TYPE = "funding.decision_rule.changed.v1"

    rule: DecisionRule
    previous: DecisionRule


class ProposalSubmitted(IntegrationEvent):
    """A region asks the municipalities concerned to decide jointly on spending."""

    TYPE = "funding.proposal.submitted.v1"

    proposal_id: UUID
    year: int
    purpose: str
    amount_cents: int = Field(gt=0)
    municipality_codes: list[MunicipalityCode]
    rule: DecisionRule


class ProposalVoted(IntegrationEvent):
    """A municipality concerned voted on a proposal (municipality_code is the voter)."""

    TYPE = "funding.proposal.voted.v1"

    proposal_id: UUID
    vote: VoteChoice
    remark: str | None = None


class RecordedVote(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    municipality_code: MunicipalityCode
    vote: VoteChoice
    remark: str | None = None
    cast_at: datetime


class ProposalDecided(IntegrationEvent):
    """The decision rule settled a proposal; carries every vote cast. Approved means a commitment follows."""

    TYPE = "funding.proposal.decided.v1"

    proposal_id: UUID
    year: int
    amount_cents: int = Field(gt=0)
    rule: DecisionRule
    outcome: Outcome
    votes: list[RecordedVote]
    not_voted: list[MunicipalityCode]
