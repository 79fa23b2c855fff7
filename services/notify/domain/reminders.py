"""Invitations and reminders for the campaign calendar's activities.

When an activity is scheduled, its audience gets an invitation at once and a
reminder a week and a day before it starts. A reminder whose moment has already
passed when the activity is (re)scheduled is skipped, never sent late.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from services.notify.domain import dutch
from services.notify.domain.event_view import EventView

ACTIVITY_SCHEDULED = "campaign.activity.scheduled.v1"


class ReminderKind(str, enum.Enum):
    INVITATION = "invitation"
    WEEK_BEFORE = "week_before"
    DAY_BEFORE = "day_before"


LEAD_TIMES = {ReminderKind.WEEK_BEFORE: timedelta(days=7), ReminderKind.DAY_BEFORE: timedelta(days=1)}


@dataclass(frozen=True)
class Activity:
    activity_id: UUID
    title: str
    kind: str
    starts_at: datetime
    place: str
    audience: list[str]
    region_code: str
    municipality_code: str | None
    subject: str

    @classmethod
    def from_event(cls, event: EventView) -> Activity | None:
        """Read defensively: an activity without an id, a start or an audience cannot be reminded of."""
        data: dict[str, Any] = event.data
        starts = dutch.parse_when(str(data.get("starts_at") or ""))
        audience = data.get("audience")
        try:
            activity_id = UUID(str(data.get("activity_id")))
        except ValueError:
            return None
        if not isinstance(starts, datetime) or not isinstance(audience, list) or not audience:
            return None
        return cls(activity_id, str(data.get("title") or "Activiteit"), str(data.get("kind") or "activiteit"),
                   starts, str(data.get("place") or "nader te bepalen"), [str(a) for a in audience],
                   event.region_code, event.municipality_code, event.subject)


@dataclass(frozen=True)
class Reminder:
    activity: Activity
    kind: ReminderKind
    due_at: datetime
    skipped: bool


def plan(activity: Activity, scheduled_at: datetime) -> list[Reminder]:
    reminders = [Reminder(activity, ReminderKind.INVITATION, scheduled_at, activity.starts_at <= scheduled_at)]
    for kind, lead in LEAD_TIMES.items():
        due = activity.starts_at - lead
        reminders.append(Reminder(activity, kind, due, due < scheduled_at))
    return reminders


def reminder_text(kind: ReminderKind, activity: Activity, name: str | None, link: str) -> tuple[str, str]:
    start = dutch.moment(activity.starts_at)
    heads = {
        ReminderKind.INVITATION: f"Uitnodiging: {activity.title} op {start}",
        ReminderKind.WEEK_BEFORE: f"Herinnering: over een week {activity.title} ({start})",
        ReminderKind.DAY_BEFORE: f"Herinnering: morgen {activity.title} ({start})",
    }
    body = (
        f"Beste {name or 'genodigde'},\n\n"
        + ("U bent uitgenodigd voor " if kind is ReminderKind.INVITATION else "Wij herinneren u aan ")
        + f"{dutch.WORDS.get(activity.kind, activity.kind)} '{activity.title}'.\n\nWanneer: {start}\nWaar: {activity.place}\n\nMeer informatie: {link}\n"
    )
    return heads[kind], body
