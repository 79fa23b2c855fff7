from datetime import datetime, timedelta, timezone
from uuid import uuid4
from zoneinfo import ZoneInfo

from services.notify.domain.digest import DigestLine, digest_text, last_complete_window
from services.notify.domain.event_view import EventView
from services.notify.domain.reminders import Activity, ReminderKind, plan
from services.notify.domain.subscription import Frequency

AMS = ZoneInfo("Europe/Amsterdam")


def test_the_daily_window_is_yesterday_in_dutch_time():
    now = datetime(2026, 11, 25, 6, 0, tzinfo=AMS)
    window = last_complete_window(Frequency.DAILY, now)
    assert (window.start, window.end) == (datetime(2026, 11, 24, tzinfo=AMS), datetime(2026, 11, 25, tzinfo=AMS))
    # 23:30 UTC on the 24th is already the 25th in Amsterdam.
    assert last_complete_window(Frequency.DAILY, datetime(2026, 11, 24, 23, 30, tzinfo=timezone.utc)) == window


def test_the_weekly_window_is_last_monday_to_monday():
    wednesday = datetime(2026, 11, 25, 12, 0, tzinfo=AMS)
    window = last_complete_window(Frequency.WEEKLY, wednesday)
    assert (window.start, window.end) == (datetime(2026, 11, 16, tzinfo=AMS), datetime(2026, 11, 23, tzinfo=AMS))
    assert window.label() == "16 november 2026 t/m 22 november 2026"


def test_a_digest_lists_its_items_in_time_order():
    window = last_complete_window(Frequency.DAILY, datetime(2026, 11, 25, 6, 0, tzinfo=AMS))
    lines = [DigestLine(datetime(2026, 11, 24, 15, tzinfo=AMS), "Tweede", "l2"),
             DigestLine(datetime(2026, 11, 24, 9, tzinfo=AMS), "Eerste", "l1")]
    subject, body = digest_text(Frequency.DAILY, window, "Anna", lines)
    assert subject == "Weerbaar dagoverzicht 24 november 2026: 2 berichten"
    assert body.index("Eerste") < body.index("Tweede") and "Beste Anna" in body


def activity_event(starts_at: str, **data):
    values = {"activity_id": str(uuid4()), "title": "Kennissessie", "kind": "kennissessie", "starts_at": starts_at,
              "place": "Stadhuis Oss", "audience": ["communication", "board"], **data}
    return EventView(uuid4(), "campaign.activity.scheduled.v1", datetime(2026, 11, 1, tzinfo=timezone.utc), "VR21",
                     None, "activity/1", values)


def test_invitation_now_and_reminders_a_week_and_a_day_before():
    activity = Activity.from_event(activity_event("2026-12-10T19:30:00+01:00"))
    scheduled = datetime(2026, 11, 1, 10, tzinfo=timezone.utc)
    by_kind = {r.kind: r for r in plan(activity, scheduled)}
    assert by_kind[ReminderKind.INVITATION].due_at == scheduled
    assert by_kind[ReminderKind.WEEK_BEFORE].due_at == activity.starts_at - timedelta(days=7)
    assert by_kind[ReminderKind.DAY_BEFORE].due_at == activity.starts_at - timedelta(days=1)
    assert not any(r.skipped for r in by_kind.values())


def test_a_reminder_whose_moment_has_passed_is_skipped_not_sent_late():
    activity = Activity.from_event(activity_event("2026-11-04T19:30:00+01:00"))
    by_kind = {r.kind: r for r in plan(activity, datetime(2026, 11, 1, tzinfo=timezone.utc))}
    assert by_kind[ReminderKind.WEEK_BEFORE].skipped and not by_kind[ReminderKind.DAY_BEFORE].skipped


def test_activities_without_the_needed_facts_are_not_planned():
    assert Activity.from_event(activity_event("not a date")) is None
    assert Activity.from_event(activity_event("2026-12-10T19:30:00+01:00", audience=[])) is None
    assert Activity.from_event(activity_event("2026-12-10T19:30:00+01:00", activity_id="x")) is None
    assert Activity.from_event(activity_event("2026-12-10T19:30:00")) is None, "a start without a time zone is ambiguous"
