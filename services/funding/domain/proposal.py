"""Joint decisions: a region proposes spending, the municipalities concerned vote,
and the region's decision rule settles it."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from shared.contract.envelope import IntegrationEvent
from shared.contract.funding import ProposalDecided, ProposalSubmitted, ProposalVoted, RecordedVote
from shared.errors import InvalidInput, RuleViolation


class DecisionRule(str, enum.Enum):
    UNANIMOUS = "unanimous"  # every municipality concerned agrees
    MAJORITY = "majority"  # more than half of the municipalities concerned agree


class Choice(str, enum.Enum):
    AGREE = "agree"
    OBJECT = "object"


class ProposalStatus(str, enum.Enum):
    OPEN = "open"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Vote:
    municipality_code: str
    choice: Choice
    remark: str | None
    cast_at: datetime


@dataclass
class Proposal:
    id: UUID
    region_code: str
    year: int
    purpose: str
    amount_cents: int
    municipality_codes: tuple[str, ...]
    rule: DecisionRule
    submitted_by: str
    status: ProposalStatus = ProposalStatus.OPEN
    votes: list[Vote] = field(default_factory=list)
    decided_at: datetime | None = None
    commitment_id: UUID | None = None
    events: list[IntegrationEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def submit(
        cls,
        *,
        id: UUID,
        region_code: str,
        year: int,
        purpose: str,
        amount_cents: int,
        municipality_codes: list[str],
        rule: DecisionRule,
        submitted_by: str,
    ) -> "Proposal":
        purpose = purpose.strip()
        if not purpose:
            raise InvalidInput("a proposal needs a purpose")
        if amount_cents <= 0:
            raise InvalidInput("a proposal needs a positive amount")
        if not municipality_codes or len(set(municipality_codes)) != len(municipality_codes):
            raise InvalidInput("name each municipality concerned once, at least one")
        codes = tuple(sorted(municipality_codes))
        proposal = cls(id, region_code, year, purpose, amount_cents, codes, rule, submitted_by)
        proposal.events.append(
            ProposalSubmitted(
                **proposal._envelope(),
                proposal_id=id,
                year=year,
                purpose=purpose,
                amount_cents=amount_cents,
                municipality_codes=list(codes),
                rule=rule.value,
            )
        )
        return proposal

    def concerns(self, municipality_code: str | None) -> bool:
        return municipality_code in self.municipality_codes

    def cast(self, municipality_code: str, choice: Choice, remark: str | None, at: datetime) -> ProposalStatus:
        """Record one municipality's vote; decides the proposal as soon as the rule settles it."""
        if not self.concerns(municipality_code):
            raise RuleViolation(f"{municipality_code} is not concerned by proposal {self.id}")
        if self.status is not ProposalStatus.OPEN:
            raise RuleViolation(f"proposal {self.id} is already {self.status.value}")
        if any(v.municipality_code == municipality_code for v in self.votes):
            raise RuleViolation(f"{municipality_code} already voted on proposal {self.id}")
        self.votes.append(Vote(municipality_code, choice, remark, at))
        self.events.append(
            ProposalVoted(
                **self._envelope(),
                municipality_code=municipality_code,
                proposal_id=self.id,
                vote=choice.value,
                remark=remark,
            )
        )
        outcome = self.outcome()
        if outcome is not None:
            self._decide(outcome, at)
        return self.status

    def outcome(self) -> ProposalStatus | None:
        """The rule's verdict once no further vote can change it, else None."""
        agree = sum(v.choice is Choice.AGREE for v in self.votes)
        objections = len(self.votes) - agree
        total = len(self.municipality_codes)
        if self.rule is DecisionRule.UNANIMOUS:
            if objections:
                return ProposalStatus.REJECTED
            return ProposalStatus.APPROVED if agree == total else None
        if 2 * agree > total:
            return ProposalStatus.APPROVED
        # Agreement can no longer reach a majority once half (or more) object.
        return ProposalStatus.REJECTED if 2 * objections >= total else None

    def vote_of(self, municipality_code: str) -> Vote | None:
        """The vote this municipality cast, if it did."""
        return next((v for v in self.votes if v.municipality_code == municipality_code), None)

    def not_voted(self) -> list[str]:
        voted = {v.municipality_code for v in self.votes}
        return [code for code in self.municipality_codes if code not in voted]

    def _decide(self, outcome: ProposalStatus, at: datetime) -> None:
        self.status = outcome
        self.decided_at = at
        self.events.append(
            ProposalDecided(
                **self._envelope(),
                proposal_id=self.id,
                year=self.year,
                amount_cents=self.amount_cents,
                rule=self.rule.value,
                outcome=outcome.value,
                votes=[
                    RecordedVote(
                        municipality_code=v.municipality_code, vote=v.choice.value, remark=v.remark, cast_at=v.cast_at
                    )
                    for v in self.votes
                ],
                not_voted=self.not_voted(),
            )
        )

    def _envelope(self) -> dict[str, object]:
        return {"subject": f"proposal/{self.id}", "region_code": self.region_code}
