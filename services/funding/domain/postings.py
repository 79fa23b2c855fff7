"""Which ledger entries each money movement writes."""

from __future__ import annotations

from services.funding.domain.allocation import Allocation
from services.funding.domain.commitment import Commitment, Spending, Status
from services.funding.domain.ledger import Cause, EntryKind, LedgerEntry


def allocation_postings(allocation: Allocation, cause: Cause) -> list[LedgerEntry]:
    """One entry per region whose share changed: the difference, so the ledger always
    sums to the share of the version in force."""
    memo = f"allocation {allocation.year} {allocation.line} v{allocation.version} ({allocation.key.kind.value})"
    return [
        LedgerEntry.new(
            d.region_code, allocation.year, EntryKind.ALLOCATION, d.difference_cents, cause, allocation.id, memo
        )
        for d in allocation.differences()
        if d.difference_cents
    ]


def commitment_posting(commitment: Commitment, cause: Cause) -> LedgerEntry:
    memo = f"{commitment.source.value}: {commitment.purpose}"
    if commitment.status is Status.FLAGGED:
        memo += " (flagged: exceeds what remained)"
    return LedgerEntry.new(
        commitment.region_code,
        commitment.year,
        EntryKind.COMMITMENT,
        commitment.amount_cents,
        cause,
        commitment.id,
        memo,
    )


def release_posting(commitment: Commitment, amount_cents: int, cause: Cause, reason: str) -> LedgerEntry:
    return LedgerEntry.new(
        commitment.region_code,
        commitment.year,
        EntryKind.RELEASE,
        amount_cents,
        cause,
        commitment.id,
        f"release: {reason}",
    )


def spending_posting(commitment: Commitment, spending: Spending, cause: Cause) -> LedgerEntry:
    return LedgerEntry.new(
        commitment.region_code,
        commitment.year,
        EntryKind.SPENDING,
        spending.amount_cents,
        cause,
        spending.id,
        f"spending on commitment {commitment.id}: {spending.description}",
    )
