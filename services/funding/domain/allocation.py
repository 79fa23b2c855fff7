"""Dividing a year's budget over the 25 regions by a distribution key.

All money is integer cents. Shares are computed with the largest-remainder method:
every region gets the floor of its exact quota, and the cents left over go one by
one to the largest fractional remainders; equal remainders go to the lower region
code first, so the same input always gives the same split and the shares always
add up to the total exactly.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from uuid import UUID

from shared.contract.envelope import IntegrationEvent
from shared.contract.funding import TrancheAllocated
from shared.errors import InvalidInput


class KeyKind(str, enum.Enum):
    EQUAL = "equal"
    POPULATION = "population"
    BASE_PLUS_POPULATION = "base_plus_population"


@dataclass(frozen=True)
class DistributionKey:
    kind: KeyKind
    base_cents: int = 0  # fixed amount per region, only for BASE_PLUS_POPULATION

    def __post_init__(self) -> None:
        if self.base_cents < 0:
            raise InvalidInput("the fixed base cannot be negative")
        if self.kind is not KeyKind.BASE_PLUS_POPULATION and self.base_cents:
            raise InvalidInput(f"a {self.kind.value} key has no fixed base")


def largest_remainder(total_cents: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Split ``total_cents`` in proportion to ``weights``, exactly, deterministically."""
    if total_cents < 0:
        raise InvalidInput("cannot divide a negative amount")
    total_weight = sum(weights.values())
    if total_weight <= 0 or any(w < 0 for w in weights.values()):
        raise InvalidInput("weights must be non-negative and not all zero")
    floors = {code: total_cents * w // total_weight for code, w in weights.items()}
    remainders = {code: total_cents * w % total_weight for code, w in weights.items()}
    left_over = total_cents - sum(floors.values())
    # Largest remainder first; the tie-break on the region code makes it deterministic.
    for code in sorted(weights, key=lambda c: (-remainders[c], c))[:left_over]:
        floors[code] += 1
    return floors


def shares(total_cents: int, key: DistributionKey, populations: Mapping[str, int]) -> dict[str, int]:
    """Each region's share of ``total_cents`` under ``key``; ``populations`` names every region."""
    if key.kind is KeyKind.EQUAL:
        return largest_remainder(total_cents, {code: 1 for code in populations})
    if key.kind is KeyKind.POPULATION:
        return largest_remainder(total_cents, populations)
    base_total = key.base_cents * len(populations)
    if base_total > total_cents:
        raise InvalidInput(
            f"a base of {key.base_cents} cents for {len(populations)} regions exceeds the total {total_cents}"
        )
    rest = largest_remainder(total_cents - base_total, populations)
    return {code: key.base_cents + rest[code] for code in populations}


@dataclass(frozen=True)
class Difference:
    region_code: str
    previous_cents: int
    amount_cents: int

    @property
    def difference_cents(self) -> int:
        return self.amount_cents - self.previous_cents


@dataclass
class Allocation:
    """One version of a year's allocation of a budget line over the regions."""

    id: UUID
    year: int
    line: str
    version: int
    key: DistributionKey
    total_cents: int
    budget_version: int
    shares: dict[str, int]
    previous_shares: dict[str, int] = field(default_factory=dict)
    events: list[IntegrationEvent] = field(default_factory=list, repr=False, compare=False)

    def same_as(self, key: DistributionKey, total_cents: int) -> bool:
        return self.key == key and self.total_cents == total_cents

    def differences(self) -> list[Difference]:
        return [
            Difference(code, self.previous_shares.get(code, 0), amount) for code, amount in sorted(self.shares.items())
        ]


def allocate(
    *,
    id: UUID,
    year: int,
    line: str,
    total_cents: int,
    budget_version: int,
    key: DistributionKey,
    populations: Mapping[str, int],
    latest: Allocation | None,
) -> Allocation | None:
    """A new allocation version, or None when the latest one already has this key and total
    (re-running an allocation changes nothing)."""
    if latest is not None and latest.same_as(key, total_cents):
        return None
    allocation = Allocation(
        id=id,
        year=year,
        line=line,
        version=(latest.version + 1) if latest else 1,
        key=key,
        total_cents=total_cents,
        budget_version=budget_version,
        shares=shares(total_cents, key, populations),
        previous_shares=dict(latest.shares) if latest else {},
    )
    assert sum(allocation.shares.values()) == total_cents  # the invariant the method guarantees
    for diff in allocation.differences():
        allocation.events.append(_tranche_event(allocation, diff))
    return allocation


def _tranche_event(allocation: Allocation, diff: Difference) -> TrancheAllocated:
    return TrancheAllocated(
        subject=f"allocation/{allocation.id}",
        region_code=diff.region_code,
        allocation_id=allocation.id,
        year=allocation.year,
        line=allocation.line,
        version=allocation.version,
        distribution_key=allocation.key.kind.value,
        base_cents=allocation.key.base_cents,
        amount_cents=diff.amount_cents,
        previous_amount_cents=diff.previous_cents,
        difference_cents=diff.difference_cents,
    )
