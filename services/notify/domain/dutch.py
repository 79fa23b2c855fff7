"""Values as a Dutch reader expects them: the platform's enum words, and the shared
Dutch formats (shared.documents.dutch: money, numbers, percentages, dates)."""

from __future__ import annotations

from datetime import date, datetime

from shared.documents import words
from shared.documents.dutch import (  # noqa: F401 (re-exported for notify's messages)
    LOCAL, MONTHS, day, enumerate_words, euro, moment, number, percentage,
)
# Any code in an event's data, as a Dutch word (a pilot is 'goedgekeurd', a proposal 'aangenomen':
# in e-mails the decision words win, as before).
WORDS = {**words.LAYER, **words.READINESS, **words.ACTIVATION, **words.PILOT_STATUS, **words.DECISIONS,
         **words.ACTIVITY_KINDS, **words.CAMPAIGN}
# What an event is about, by the subject part of its type (inventory.<subject>.<action>.v1).
TOPICS = {
    "noodsteunpunt": "een noodsteunpunt", "round": "een inventarisatieronde", "inventory": "een inventarisatie",
    "pilot": "een pilot", "standard": "de maatstaf", "budget": "het budget", "tranche": "een toekenning",
    "commitment": "een vastlegging", "spending": "een uitgave", "decision_rule": "de besluitregel",
    "proposal": "een bestedingsvoorstel", "campaign": "een campagne", "toolkit": "de toolkit",
    "local_version": "een lokale versie van de toolkit", "wave": "een campagnegolf", "survey": "een meting",
    "activity": "een activiteit", "memo": "een memo", "notification": "een bericht",
    "participation": "deelname aan een campagne",
}


def topic(event_type: str) -> str:
    parts = event_type.split(".")
    return TOPICS.get(parts[1] if len(parts) > 1 else "", "het programma")


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
