"""Readiness (how far an NSP is in being built up) and activation (whether it is open right now).

The two are separate: an operational NSP is usually inactive, and an exercise opens
an NSP without a real crisis.
"""

from __future__ import annotations

import enum

from shared.errors import InvalidInput, RuleViolation


class Readiness(str, enum.Enum):
    PLANNED = "planned"
    INVENTORIED = "inventoried"
    AGREED = "agreed"
    EQUIPPED = "equipped"
    EXERCISED = "exercised"
    OPERATIONAL = "operational"

    @property
    def rank(self) -> int:
        return list(Readiness).index(self)


def check_readiness_move(current: Readiness, target: Readiness, reason: str | None) -> str | None:
    """Forward one step at a time; back any number of steps, but only with a reason."""
    if target is current:
        raise RuleViolation(f"readiness is already {current.value}")
    if target.rank > current.rank + 1:
        skipped = list(Readiness)[current.rank + 1].value
        raise RuleViolation(f"readiness moves forward one step at a time: {current.value} -> {skipped} first")
    reason = (reason or "").strip() or None
    if target.rank < current.rank and reason is None:
        raise InvalidInput(f"going back from {current.value} to {target.value} needs a reason")
    return reason


class ActivationStatus(str, enum.Enum):
    INACTIVE = "inactive"
    OPENING = "opening"
    OPEN = "open"
    FULL = "full"
    CLOSING = "closing"
    CLOSED = "closed"


class ActivationMode(str, enum.Enum):
    EXERCISE = "exercise"
    REAL = "real"


_A = ActivationStatus
ACTIVATION_MOVES: dict[ActivationStatus, frozenset[ActivationStatus]] = {
    _A.INACTIVE: frozenset({_A.OPENING}),
    _A.OPENING: frozenset({_A.OPEN, _A.CLOSING}),
    _A.OPEN: frozenset({_A.FULL, _A.CLOSING}),
    _A.FULL: frozenset({_A.OPEN, _A.CLOSING}),
    _A.CLOSING: frozenset({_A.CLOSED}),
    _A.CLOSED: frozenset({_A.INACTIVE, _A.OPENING}),
}
# Only an NSP that has its equipment can be opened, for an exercise or for real.
MINIMUM_READINESS_TO_OPEN = Readiness.EQUIPPED


def check_activation_move(
    current: ActivationStatus,
    current_mode: ActivationMode | None,
    target: ActivationStatus,
    mode: ActivationMode,
    readiness: Readiness,
) -> None:
    if target not in ACTIVATION_MOVES[current]:
        allowed = ", ".join(sorted(s.value for s in ACTIVATION_MOVES[current]))
        raise RuleViolation(f"activation cannot go from {current.value} to {target.value} (allowed: {allowed})")
    starts = target is ActivationStatus.OPENING
    if starts and readiness.rank < MINIMUM_READINESS_TO_OPEN.rank:
        raise RuleViolation(f"an NSP that is only {readiness.value} cannot open; it must be at least equipped")
    if not starts and current_mode is not None and mode is not current_mode and target is not ActivationStatus.INACTIVE:
        raise RuleViolation(f"this activation is an {current_mode.value}; it cannot turn into {mode.value} halfway")
