"""The service's sense of time. Digests and reminders ask it, never the system clock,
so tests (and a replay) can put time where they need it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone


class Clock:
    """System time, unless set: then time stands still until set or advanced again."""

    def __init__(self, fixed: datetime | None = None) -> None:
        self._fixed = fixed

    def __call__(self) -> datetime:
        return self._fixed or datetime.now(timezone.utc)

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self._fixed = moment

    def advance(self, delta: timedelta) -> None:
        self._fixed = self() + delta

    def release(self) -> None:
        """Back to system time."""
        self._fixed = None
