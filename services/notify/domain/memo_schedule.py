"""When a region's board memo is due: periods of a month or a quarter, in Dutch local
time, each made once after it has ended (plus a short delay, so events that happened
just before midnight have arrived)."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

from shared.documents.dutch import LOCAL

Period = tuple[date, date]


class MemoKind(str, enum.Enum):
    REQUESTED = "requested"
    SCHEDULED = "scheduled"


class Frequency(str, enum.Enum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    OFF = "off"

    @property
    def months(self) -> int:
        return {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3}.get(self, 0)


def period_of(day: date, frequency: Frequency) -> Period:
    """The period that holds ``day``."""
    first_month = (day.month - 1) // frequency.months * frequency.months + 1
    start = date(day.year, first_month, 1)
    return start, _add_months(start, frequency.months) - timedelta(days=1)


def following(period: Period, frequency: Frequency) -> Period:
    return period_of(period[1] + timedelta(days=1), frequency)


def due_periods(first_activity: datetime, now: datetime, frequency: Frequency, delay: timedelta,
                limit: int) -> list[Period]:
    """Every ended period from the one of the region's first event on, the newest ``limit`` of them.

    A period is due once ``delay`` has passed after its last day."""
    if frequency is Frequency.OFF:
        return []
    periods: list[Period] = []
    period = period_of(first_activity.astimezone(LOCAL).date(), frequency)
    while _ends(period) + delay <= now:
        periods.append(period)
        period = following(period, frequency)
    return periods[-limit:] if limit > 0 else []


def _ends(period: Period) -> datetime:
    return datetime.combine(period[1] + timedelta(days=1), datetime.min.time(), tzinfo=LOCAL)


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)
