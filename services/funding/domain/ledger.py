"""The ledger: every money movement as an append-only entry with its cause.

Balances are derived from the entries alone. Signs: allocation entries add to (or,
for a new version that lowers a share, take from) what a region was allocated;
commitment entries add to what is committed and release entries take from it;
spending entries add to what is spent.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID, uuid4


class EntryKind(str, enum.Enum):
    ALLOCATION = "allocation"
    COMMITMENT = "commitment"
    RELEASE = "release"
    SPENDING = "spending"


@dataclass(frozen=True)
class Cause:
    """What caused a movement: a consumed event (its id) or an HTTP request (its correlation id)."""

    kind: str  # "event" or "request"
    id: UUID
    note: str  # the event type, or the request's action


@dataclass(frozen=True)
class LedgerEntry:
    id: UUID
    region_code: str
    year: int
    kind: EntryKind
    amount_cents: int
    cause: Cause
    reference_id: UUID  # the allocation, commitment or spending it belongs to
    memo: str = ""

    @classmethod
    def new(
        cls,
        region_code: str,
        year: int,
        kind: EntryKind,
        amount_cents: int,
        cause: Cause,
        reference_id: UUID,
        memo: str = "",
    ) -> "LedgerEntry":
        return cls(uuid4(), region_code, year, kind, amount_cents, cause, reference_id, memo)


@dataclass(frozen=True)
class Balance:
    region_code: str
    year: int
    allocated_cents: int = 0
    committed_cents: int = 0  # net of releases; includes what has been spent
    spent_cents: int = 0

    @property
    def remaining_cents(self) -> int:
        """What can still be committed."""
        return self.allocated_cents - self.committed_cents

    @property
    def unspent_commitments_cents(self) -> int:
        """Planned (committed) but not yet spent: planned against actual."""
        return self.committed_cents - self.spent_cents


def balance_from(region_code: str, year: int, totals: dict[EntryKind, int]) -> Balance:
    """A balance from the ledger's sum per entry kind."""
    return Balance(
        region_code,
        year,
        allocated_cents=totals.get(EntryKind.ALLOCATION, 0),
        committed_cents=totals.get(EntryKind.COMMITMENT, 0) - totals.get(EntryKind.RELEASE, 0),
        spent_cents=totals.get(EntryKind.SPENDING, 0),
    )


def totals_by_kind(entries: Iterable[LedgerEntry]) -> dict[EntryKind, int]:
    totals: dict[EntryKind, int] = {}
    for entry in entries:
        totals[entry.kind] = totals.get(entry.kind, 0) + entry.amount_cents
    return totals


def balances(entries: Iterable[LedgerEntry]) -> dict[tuple[str, int], Balance]:
    """Every (region, year) balance, rebuilt from entries alone."""
    grouped: dict[tuple[str, int], list[LedgerEntry]] = {}
    for entry in entries:
        grouped.setdefault((entry.region_code, entry.year), []).append(entry)
    return {key: balance_from(*key, totals_by_kind(group)) for key, group in grouped.items()}
