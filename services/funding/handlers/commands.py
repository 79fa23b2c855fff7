"""Commands: what a caller asks the funding service to do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from shared.auth.principal import Principal
from services.funding.domain.allocation import DistributionKey
from services.funding.domain.proposal import Choice, DecisionRule


@dataclass(frozen=True)
class AmendBudget:
    actor: Principal
    year: int
    line: str
    amount_cents: int
    reason: str


@dataclass(frozen=True)
class Allocate:
    actor: Principal
    year: int
    line: str
    key: DistributionKey


@dataclass(frozen=True)
class RecordSpending:
    actor: Principal
    commitment_id: UUID
    amount_cents: int
    description: str
    spent_on: date


@dataclass(frozen=True)
class ReleaseCommitment:
    actor: Principal
    commitment_id: UUID
    reason: str


@dataclass(frozen=True)
class ChangeDecisionRule:
    actor: Principal
    region_code: str
    rule: DecisionRule


@dataclass(frozen=True)
class SubmitProposal:
    actor: Principal
    region_code: str
    year: int
    purpose: str
    amount_cents: int
    municipality_codes: list[str]


@dataclass(frozen=True)
class CastVote:
    actor: Principal
    proposal_id: UUID
    choice: Choice
    remark: str | None


@dataclass(frozen=True)
class ReconsiderCommitment:
    actor: Principal
    commitment_id: UUID
