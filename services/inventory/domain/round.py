"""Inventory rounds: a region asks its municipalities for their noodsteunpunten by a deadline."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from shared.contract.envelope import IntegrationEvent
from shared.contract.inventory import InventoryRoundClosed, InventoryRoundOpened, InventorySubmitted
from shared.errors import InvalidInput, RuleViolation


class RoundStatus(str, enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Submission:
    """A municipality's inventory at one moment: the snapshot of its NSPs then."""

    id: UUID
    round_id: UUID
    municipality_code: str
    noodsteunpunt_ids: list[UUID]
    snapshot: list[dict[str, Any]]
    submitted_by: str
    remarks: str | None
    submitted_at: datetime
    supersedes: UUID | None = None
    late: bool = False


@dataclass
class InventoryRound:
    id: UUID
    region_code: str
    title: str
    deadline: date
    municipality_codes: list[str]
    status: RoundStatus = RoundStatus.OPEN
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    # The current submission per municipality; superseded ones stay in storage as history.
    submissions: dict[str, Submission] = field(default_factory=dict)
    new_submissions: list[Submission] = field(default_factory=list, repr=False, compare=False)
    events: list[IntegrationEvent] = field(default_factory=list, repr=False, compare=False)

    @property
    def subject(self) -> str:
        return f"round/{self.id}"

    @classmethod
    def open(
        cls, *, id: UUID, region_code: str, title: str, deadline: date, municipality_codes: list[str], now: datetime
    ) -> "InventoryRound":
        title = title.strip()
        if not title:
            raise InvalidInput("a round needs a title")
        if deadline < now.date():
            raise InvalidInput(f"the deadline {deadline} is in the past")
        if not municipality_codes:
            raise InvalidInput(f"region {region_code} has no municipalities")
        round_ = cls(id, region_code, title, deadline, sorted(municipality_codes), RoundStatus.OPEN, now)
        round_.events.append(
            InventoryRoundOpened(
                subject=round_.subject,
                region_code=region_code,
                round_id=id,
                title=title,
                deadline=deadline,
                municipality_codes=round_.municipality_codes,
            )
        )
        return round_

    def submit(
        self,
        *,
        submission_id: UUID,
        municipality_code: str,
        snapshot: list[dict[str, Any]],
        submitted_by: str,
        remarks: str | None,
        now: datetime,
    ) -> Submission:
        self._require_open("take submissions")
        if municipality_code not in self.municipality_codes:
            raise RuleViolation(f"{municipality_code} is not part of round {self.id}")
        previous = self.submissions.get(municipality_code)
        submission = Submission(
            id=submission_id,
            round_id=self.id,
            municipality_code=municipality_code,
            noodsteunpunt_ids=[UUID(str(item["id"])) for item in snapshot],
            snapshot=snapshot,
            submitted_by=submitted_by,
            remarks=(remarks or "").strip() or None,
            submitted_at=now,
            supersedes=previous.id if previous else None,
            late=now.date() > self.deadline,
        )
        self.submissions[municipality_code] = submission
        self.new_submissions.append(submission)
        self.events.append(
            InventorySubmitted(
                subject=self.subject,
                region_code=self.region_code,
                municipality_code=municipality_code,
                round_id=self.id,
                submission_id=submission.id,
                noodsteunpunt_ids=submission.noodsteunpunt_ids,
                submitted_by=submitted_by,
                remarks=submission.remarks,
                supersedes=submission.supersedes,
            )
        )
        return submission

    def close(self, now: datetime) -> None:
        self._require_open("be closed")
        self.status, self.closed_at = RoundStatus.CLOSED, now
        self.events.append(
            InventoryRoundClosed(
                subject=self.subject,
                region_code=self.region_code,
                round_id=self.id,
                submitted=self.submitted(),
                missing=self.missing(),
            )
        )

    def submitted(self) -> list[str]:
        return [code for code in self.municipality_codes if code in self.submissions]

    def missing(self) -> list[str]:
        return [code for code in self.municipality_codes if code not in self.submissions]

    @property
    def complete(self) -> bool:
        return not self.missing()

    def _require_open(self, what: str) -> None:
        if self.status is not RoundStatus.OPEN:
            raise RuleViolation(f"round {self.id} is closed and cannot {what}")
