"""Coverage: how many inhabitants each noodsteunpunt serves, against a norm.

Counted twice: the NSPs that are operational now, and all NSPs in the registry
(every readiness from planned on) - what the network looks like once the plans are done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from shared.errors import InvalidInput
from services.inventory.domain.status import Readiness

DEFAULT_INHABITANTS_PER_NSP = 5_000  # rough policy norm: about 1 NSP per 5,000 inhabitants


@dataclass(frozen=True)
class Norm:
    inhabitants_per_nsp: int = DEFAULT_INHABITANTS_PER_NSP

    def __post_init__(self) -> None:
        if not 100 <= self.inhabitants_per_nsp <= 1_000_000:
            raise InvalidInput("the norm is between 100 and 1,000,000 inhabitants per noodsteunpunt")

    def needed(self, population: int) -> int:
        return -(-population // self.inhabitants_per_nsp)  # ceiling: 5,001 inhabitants need 2


@dataclass(frozen=True)
class Coverage:
    code: str
    name: str
    population: int
    needed: int
    operational: int
    planned: int  # all NSPs, whatever their readiness
    inhabitants_per_operational_nsp: int | None  # None: no NSP at all
    inhabitants_per_planned_nsp: int | None
    gap_operational: int  # NSPs still missing for the norm, counting operational ones
    gap_planned: int  # ... counting all planned ones

    @property
    def meets_norm_when_planned(self) -> bool:
        return self.gap_planned == 0


def coverage(code: str, name: str, population: int, readiness: Iterable[Readiness], norm: Norm) -> Coverage:
    levels = list(readiness)
    operational = sum(1 for r in levels if r is Readiness.OPERATIONAL)
    planned = len(levels)
    needed = norm.needed(population)
    return Coverage(
        code=code,
        name=name,
        population=population,
        needed=needed,
        operational=operational,
        planned=planned,
        inhabitants_per_operational_nsp=population // operational if operational else None,
        inhabitants_per_planned_nsp=population // planned if planned else None,
        gap_operational=max(0, needed - operational),
        gap_planned=max(0, needed - planned),
    )


def combine(code: str, name: str, parts: list[Coverage], norm: Norm) -> Coverage:
    """A region's coverage from its municipalities'. Its gap is the sum of theirs: a surplus
    in one municipality does not fill a gap in another."""
    population = sum(p.population for p in parts)
    operational = sum(p.operational for p in parts)
    planned = sum(p.planned for p in parts)
    return Coverage(
        code=code,
        name=name,
        population=population,
        needed=sum(p.needed for p in parts),
        operational=operational,
        planned=planned,
        inhabitants_per_operational_nsp=population // operational if operational else None,
        inhabitants_per_planned_nsp=population // planned if planned else None,
        gap_operational=sum(p.gap_operational for p in parts),
        gap_planned=sum(p.gap_planned for p in parts),
    )
