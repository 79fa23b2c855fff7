"""The periodic update memo for a region's general board (Algemeen Bestuur), drawn
from the events of a period, in the shape of the programme's own memo: addressee,
date, subject, occasion, then the developments per theme and the activities ahead.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime

from services.notify.domain import dutch
from services.notify.domain.reminders import ACTIVITY_SCHEDULED

# Section per event-type prefix, in the memo's order; the first match wins.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Landelijke ontwikkelingen", ()),  # national (NL) events of any type
    ("Noodsteunpunten en inventarisatie", ("inventory.noodsteunpunt.", "inventory.round.", "inventory.inventory.", "inventory.standard.")),
    ("Pilots noodsteunpunten", ("inventory.pilot.",)),
    ("Financiering", ("funding.",)),
    ("Campagnes en communicatie", ("campaign.",)),
    ("Overige ontwikkelingen", ("",)),
)
NATIONAL = "Landelijke ontwikkelingen"


@dataclass(frozen=True)
class MemoEvent:
    occurred_at: datetime
    event_type: str
    region_code: str
    title: str
    data: dict


@dataclass(frozen=True)
class Line:
    when: str
    text: str


@dataclass(frozen=True)
class Memo:
    region_code: str
    region_name: str
    period_start: date
    period_end: date
    dated: date
    sections: list[tuple[str, list[Line]]]
    upcoming: list[Line]

    @property
    def subject(self) -> str:
        return f"Weerbare Samenleving: update {dutch.day(self.period_start)} t/m {dutch.day(self.period_end)}"

    @property
    def occasion(self) -> list[str]:
        return [
            "Zoals afgesproken bij de programma-opzet Weerbare Samenleving ontvangt u periodiek een update van "
            "de ontwikkelingen op dit onderwerp.",
            f"Wij nemen u in deze memo mee in de ontwikkelingen van {dutch.day(self.period_start)} tot en met "
            f"{dutch.day(self.period_end)}, zoals vastgelegd op het platform Weerbaar.",
        ]

    def event_count(self) -> int:
        return sum(len(lines) for _, lines in self.sections)


def compose(region_code: str, region_name: str, start: date, end: date, dated: date, events: list[MemoEvent]) -> Memo:
    """``events``: the region's and national events of the period, plus activities scheduled up to its end."""
    in_period = [e for e in events if start <= e.occurred_at.astimezone(dutch.LOCAL).date() <= end]
    grouped: dict[str, list[Line]] = {name: [] for name, _ in SECTIONS}
    for event in sorted(in_period, key=lambda e: e.occurred_at):
        grouped[_section(event)].append(Line(dutch.day(event.occurred_at.astimezone(dutch.LOCAL).date()), event.title))
    sections = [(name, lines) for name, lines in grouped.items() if lines]
    return Memo(region_code, region_name, start, end, dated, sections, _upcoming(events, end))


def _section(event: MemoEvent) -> str:
    if event.region_code == "NL":
        return NATIONAL
    for name, prefixes in SECTIONS[1:]:
        if any(event.event_type.startswith(p) for p in prefixes):
            return name
    return SECTIONS[-1][0]


def _upcoming(events: list[MemoEvent], end: date) -> list[Line]:
    """Activities known by the end of the period that start after it (the latest schedule of each wins)."""
    latest: dict[str, tuple[datetime, str, str]] = {}
    for event in sorted(events, key=lambda e: e.occurred_at):
        if event.event_type != ACTIVITY_SCHEDULED or event.occurred_at.astimezone(dutch.LOCAL).date() > end:
            continue
        starts = dutch.parse_when(str(event.data.get("starts_at") or ""))
        if isinstance(starts, datetime):
            place = event.data.get("place") or "nader te bepalen"
            latest[str(event.data.get("activity_id"))] = (starts, str(event.data.get("title") or "Activiteit"), str(place))
    ahead = sorted(v for v in latest.values() if v[0].astimezone(dutch.LOCAL).date() > end)
    return [Line(dutch.moment(starts), f"{title}, {place}") for starts, title, place in ahead]


def to_html(memo: Memo) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        f"<title>{e(memo.subject)}</title>",
        "<style>body{font-family:sans-serif;max-width:46em;margin:2em auto}th{text-align:left;padding-right:1em}"
        "li{margin:.2em 0}</style></head><body>",
        "<h1>Memo</h1>",
        "<table>",
        f"<tr><th>Aan</th><td>Algemeen Bestuur {e(memo.region_name)}</td></tr>",
        f"<tr><th>Datum</th><td>{e(dutch.day(memo.dated))}</td></tr>",
        f"<tr><th>Steller</th><td>Programma Weerbare Samenleving, {e(memo.region_name)} ({e(memo.region_code)})</td></tr>",
        f"<tr><th>Betreft</th><td>{e(memo.subject)}</td></tr>",
        "</table>",
        "<h2>Aanleiding</h2>",
        *(f"<p>{e(p)}</p>" for p in memo.occasion),
    ]
    if not memo.sections:
        parts.append("<p>In deze periode zijn geen ontwikkelingen vastgelegd.</p>")
    for name, lines in memo.sections:
        parts += [f"<h2>{e(name)}</h2>", "<ul>", *(f"<li>{e(l.when)}: {e(l.text)}</li>" for l in lines), "</ul>"]
    parts.append("<h2>Komende activiteiten</h2>")
    if memo.upcoming:
        parts += ["<ul>", *(f"<li>{e(l.when)}: {e(l.text)}</li>" for l in memo.upcoming), "</ul>"]
    else:
        parts.append("<p>Er zijn geen activiteiten gepland.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
