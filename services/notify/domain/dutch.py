"""Values as a Dutch reader expects them: the platform's enum words, and the shared
Dutch formats (shared.documents.dutch: money, numbers, percentages, dates)."""

from __future__ import annotations

from datetime import date, datetime

from shared.documents.dutch import (  # noqa: F401 (re-exported for notify's messages)
    LOCAL, MONTHS, day, enumerate_words, euro, moment, number, percentage,
)
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
    "before": "vóór de campagne", "after": "na de campagne", "made": "vastgelegd", "refused": "geweigerd",
    "residents": "inwoners", "businesses": "bedrijven", "civil_society": "maatschappelijke organisaties",
    "national": "landelijk",
    "poster": "poster", "flyer": "flyer", "local_newspaper": "lokale krant", "door_to_door": "huis-aan-huis",
    "social_post": "sociale media", "web_text": "webtekst", "presentation_slide": "presentatie",
    "communication_advisors": "communicatieadviseurs", "iv_advisors": "IV-adviseurs", "aov_advisors": "AOV-adviseurs",
    "board": "bestuur", "council_members": "raadsleden", "municipal_advisors": "gemeentelijke adviseurs",
    "partners": "partners",
}
# What an event is about, by the subject part of its type (inventory.<subject>.<action>.v1).
TOPICS = {
    "noodsteunpunt": "een noodsteunpunt", "round": "een inventarisatieronde", "inventory": "een inventarisatie",
    "pilot": "een pilot", "standard": "de maatstaf", "budget": "het budget", "tranche": "een toekenning",
    "commitment": "een vastlegging", "spending": "een uitgave", "decision_rule": "de besluitregel",
    "proposal": "een bestedingsvoorstel", "campaign": "een campagne", "toolkit": "de toolkit",
    "local_version": "een lokale versie van de toolkit", "wave": "een campagnegolf", "survey": "een meting",
    "activity": "een activiteit", "memo": "een memo", "notification": "een bericht",
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
