"""Commitments against a region's allocation for a year, and spending against them."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID, uuid4

from shared.contract.envelope import IntegrationEvent
from shared.contract.funding import (
    CommitmentFlagged,
    CommitmentMade,
    CommitmentRefused,
    CommitmentReleased,
    SpendingRecorded,
)
from shared.errors import InvalidInput, RuleViolation


class OverCommitmentPolicy(str, enum.Enum):
    REFUSE = "refuse"  # a commitment beyond what remains is not made
    FLAG = "flag"  # it is made, and flagged for the region and the ministry to see


class Source(str, enum.Enum):
    PILOT = "pilot"
    PROPOSAL = "proposal"


class Status(str, enum.Enum):
    MADE = "made"
    FLAGGED = "flagged"  # made although it exceeded what remained
    REFUSED = "refused"  # kept for the record; it committed nothing


def _decide(amount_cents: int, remaining_cents: int, policy: OverCommitmentPolicy) -> Status:
    if amount_cents <= remaining_cents:
        return Status.MADE
    return Status.FLAGGED if policy is OverCommitmentPolicy.FLAG else Status.REFUSED


@dataclass(frozen=True)
class Spending:
    id: UUID
    commitment_id: UUID
    amount_cents: int
    description: str
    spent_on: date


@dataclass
class Commitment:
    id: UUID
    region_code: str
    year: int
    source: Source
    source_id: UUID
    municipality_code: str | None
    purpose: str
    amount_cents: int
    status: Status
    remaining_before_cents: int
    spent_cents: int = 0
    released_cents: int = 0
    events: list[IntegrationEvent] = field(default_factory=list, repr=False, compare=False)

    @property
    def committed(self) -> bool:
        return self.status is not Status.REFUSED

    @property
    def open_cents(self) -> int:
        """What can still be spent (or released)."""
        if not self.committed:
            return 0
        return self.amount_cents - self.spent_cents - self.released_cents

    @classmethod
    def request(
        cls,
        *,
        region_code: str,
        year: int,
        source: Source,
        source_id: UUID,
        municipality_code: str | None,
        purpose: str,
        amount_cents: int,
        remaining_cents: int,
        policy: OverCommitmentPolicy,
    ) -> "Commitment":
        """Decide a commitment against what remains of the allocation; the outcome is an event either way."""
        if amount_cents < 0:
            raise InvalidInput("a commitment cannot be negative")
        status = _decide(amount_cents, remaining_cents, policy)
        commitment = cls(
            uuid4(),
            region_code,
            year,
            source,
            source_id,
            municipality_code,
            purpose,
            amount_cents,
            status,
            remaining_cents,
        )
        commitment.events.extend(commitment._decision_events())
        return commitment

    def reconsider(self, remaining_cents: int, policy: OverCommitmentPolicy) -> None:
        """Decide a refused commitment again, e.g. a pilot that started before its region's
        tranche was allocated, or after money was released or the budget amended."""
        if self.status is not Status.REFUSED:
            raise RuleViolation(f"commitment {self.id} is {self.status.value}; only a refused one is reconsidered")
        self.status = _decide(self.amount_cents, remaining_cents, policy)
        self.remaining_before_cents = remaining_cents
        self.events.extend(self._decision_events())

    def record_spending(self, amount_cents: int, description: str, spent_on: date) -> Spending:
        if amount_cents <= 0:
            raise InvalidInput("spending must be a positive amount")
        if not self.committed:
            raise RuleViolation(f"commitment {self.id} was refused; nothing can be spent against it")
        if amount_cents > self.open_cents:
            raise RuleViolation(
                f"spending of {amount_cents} cents exceeds the {self.open_cents} cents still open on {self.id}"
            )
        if not description.strip():
            raise InvalidInput("spending needs a description")
        spending = Spending(uuid4(), self.id, amount_cents, description.strip(), spent_on)
        self.spent_cents += amount_cents
        self.events.append(
            SpendingRecorded(
                **self._envelope(),
                spending_id=spending.id,
                commitment_id=self.id,
                year=self.year,
                amount_cents=amount_cents,
                description=spending.description,
                spent_on=spent_on,
            )
        )
        return spending

    def release(self, reason: str) -> int:
        """Give the unspent part back to the allocation; returns the amount released."""
        if not reason.strip():
            raise InvalidInput("a release needs a reason")
        amount = self.open_cents
        if amount <= 0:
            raise RuleViolation(f"commitment {self.id} has nothing left to release")
        self.released_cents += amount
        self.events.append(
            CommitmentReleased(
                **self._envelope(), commitment_id=self.id, year=self.year, released_cents=amount, reason=reason.strip()
            )
        )
        return amount

    def _envelope(self) -> dict[str, object]:
        return {
            "subject": f"commitment/{self.id}",
            "region_code": self.region_code,
            "municipality_code": self.municipality_code,
        }

    def _decision_events(self) -> list[IntegrationEvent]:
        common = {
            **self._envelope(),
            "commitment_id": self.id,
            "year": self.year,
            "amount_cents": self.amount_cents,
            "remaining_before_cents": self.remaining_before_cents,
        }
        origin = {"origin": self.source.value, "origin_id": self.source_id, "purpose": self.purpose}
        if self.status is Status.REFUSED:
            reason = (
                f"{self.amount_cents} cents exceeds the {self.remaining_before_cents} cents remaining for {self.year}"
            )
            return [CommitmentRefused(**common, **origin, reason=reason)]
        made = CommitmentMade(**common, **origin, flagged=self.status is Status.FLAGGED)
        if self.status is Status.MADE:
            return [made]
        shortfall = self.amount_cents - self.remaining_before_cents
        return [made, CommitmentFlagged(**common, shortfall_cents=shortfall)]
