"""Daily and weekly digests: which window is due, and the one message that gathers it.

Windows are whole local days (Europe/Amsterdam) and ISO weeks (Monday to Monday).
A digest for a window gathers every not-yet-digested notification of the
subscription that happened before the window's end, so an event that arrives
late still reaches the next digest instead of being lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from services.notify.domain import dutch
from services.notify.domain.subscription import Frequency


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime

    def label(self) -> str:
        last_day = (self.end - timedelta(days=1)).astimezone(dutch.LOCAL).date()
        first_day = self.start.astimezone(dutch.LOCAL).date()
        if first_day == last_day:
            return dutch.day(first_day)
        return f"{dutch.day(first_day)} t/m {dutch.day(last_day)}"


def last_complete_window(frequency: Frequency, now: datetime) -> Window:
    """The most recent whole day or week that has ended at ``now``."""
    today = now.astimezone(dutch.LOCAL).date()
    if frequency is Frequency.DAILY:
        end_day = today
        start_day = end_day - timedelta(days=1)
    elif frequency is Frequency.WEEKLY:
        end_day = today - timedelta(days=today.weekday())  # this week's Monday
        start_day = end_day - timedelta(days=7)
    else:
        raise ValueError("immediate subscriptions have no digest")
    return Window(_midnight(start_day), _midnight(end_day))


def _midnight(day) -> datetime:  # type: ignore[no-untyped-def]
    return datetime.combine(day, time(0), tzinfo=dutch.LOCAL)


@dataclass(frozen=True)
class DigestLine:
    occurred_at: datetime
    title: str
    link: str


def digest_text(frequency: Frequency, window: Window, name: str | None, lines: list[DigestLine]) -> tuple[str, str]:
    kind = "Dagoverzicht" if frequency is Frequency.DAILY else "Weekoverzicht"
    subject = f"Weerbaar {kind.lower()} {window.label()}: {len(lines)} bericht{'en' if len(lines) != 1 else ''}"
    body = [f"Beste {name or 'abonnee'},", "", f"{kind} van {window.label()}:", ""]
    for line in sorted(lines, key=lambda l: l.occurred_at):
        body.append(f"- {dutch.moment(line.occurred_at)}: {line.title}")
        body.append(f"  {line.link}")
    body += ["", "U ontvangt dit overzicht omdat u bent geabonneerd op berichten van het programma Weerbare Samenleving."]
    return subject, "\n".join(body) + "\n"
