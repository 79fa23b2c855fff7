"""Values as a Dutch reader expects them: euro amounts, dates, and the platform's enum words."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Amsterdam")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
WORDS = {
    "local": "lokaal", "regional": "regionaal",
    "planned": "gepland", "inventoried": "geïnventariseerd", "agreed": "afgesproken", "equipped": "uitgerust",
    "exercised": "beoefend", "operational": "operationeel",
    "inactive": "inactief", "opening": "gaat open", "open": "open", "full": "vol", "closing": "sluit",
    "closed": "gesloten", "exercise": "oefening", "real": "echt",
    "approved": "aangenomen", "rejected": "verworpen", "agree": "akkoord", "object": "bezwaar",
    "unanimous": "unaniem", "majority": "meerderheid", "pilot": "pilot", "proposal": "voorstel",
    "webinar": "webinar", "council_evening": "raadsavond", "workshop": "workshop",
    "knowledge_session": "kennissessie", "consultation": "overleg", "one_on_one": "één-op-één gesprek",
    "equal": "gelijke verdeling", "population": "naar inwonertal", "base_plus_population": "basis plus inwonertal",
}


def euro(cents: int) -> str:
    """Exact: integer cents to '€ 1.234,56' (no float on the way)."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}€ {whole:,}".replace(",", ".") + f",{rest:02d}"


def day(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def moment(value: datetime) -> str:
    local = value.astimezone(LOCAL)
    return f"{day(local.date())} om {local:%H:%M}"


def parse_when(text: str) -> date | datetime | None:
    """An ISO date or datetime in event data, else None."""
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        if len(text) > 10 and text[4] == "-" and "T" in text:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else None
    except ValueError:
        return None
    return None


def when(value: object) -> str | None:
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return day(value)
    return None
