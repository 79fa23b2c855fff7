"""Printable toolkit material (an A4 poster, and the flyer text on a second page) and the
activity calendar as iCalendar (RFC 5545)."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from icalendar import Calendar, Event
from jinja2 import Environment

from shared.documents import pdf, words
from shared.documents.templates import environment
from services.campaign.domain.activity import Activity
from services.campaign.domain.printable import Printable

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
DEFAULT_LENGTH = timedelta(hours=2)


@lru_cache(maxsize=1)
def _templates() -> Environment:
    return environment(TEMPLATES)


def poster_html(printable: Printable) -> str:
    items = printable.local.items
    uniform = next((i for i in items if i.uniform), None) or next((i for i in items if i.channel == "poster"), None)
    flyer = next((i for i in items if i.channel == "flyer" and i is not uniform), None)
    return _templates().get_template("local_version.html").render(
        p=printable, message=uniform or (items[0] if items else None), flyer=flyer,
        points=sorted(printable.noodsteunpunten, key=lambda n: n.name.casefold()))


async def poster_pdf(html: str) -> bytes:
    return await pdf.render_async(html, service="campaign", document="local_version")


def calendar_ics(region_code: str, region_name: str, activities: list[Activity], now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Weerbaar//Activiteitenkalender//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Weerbare Samenleving {region_name}")
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    for activity in activities:
        calendar.add_component(_event(activity, region_code, now))
    return calendar.to_ical()


def _event(activity: Activity, region_code: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"{activity.id}@weerbaar")  # stable: a calendar app updates, never duplicates
    event.add("dtstamp", now)
    event.add("dtstart", activity.starts_at)
    event.add("dtend", activity.ends_at or activity.starts_at + DEFAULT_LENGTH)
    event.add("summary", activity.title)
    event.add("location", activity.place)
    scope = "landelijk" if activity.region_code != region_code else "regionaal"
    kind = words.ACTIVITY_KINDS.get(activity.kind.value, activity.kind.value)
    event.add("description", f"{kind.capitalize()} ({scope}), Weerbare Samenleving")
    event.add("categories", [kind])
    return event
