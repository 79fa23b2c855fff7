"""Dutch words for the platform's codes: what people see instead of enum values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

READINESS = {
    "planned": "gepland", "inventoried": "geïnventariseerd", "agreed": "afgesproken",
    "equipped": "uitgerust", "exercised": "beoefend", "operational": "operationeel",
}
READINESS_ORDER = tuple(READINESS)
ACTIVATION = {
    "inactive": "niet actief", "opening": "gaat open", "open": "open", "full": "vol",
    "closing": "gaat dicht", "closed": "gesloten",
}
# The moves the registry allows (inventory's activation rules), for the form's choices.
ACTIVATION_MOVES = {
    "inactive": ("opening",), "opening": ("open", "closing"), "open": ("full", "closing"),
    "full": ("open", "closing"), "closing": ("closed",), "closed": ("inactive", "opening"),
}
ACTIVATION_MODE = {"exercise": "oefening", "real": "echte inzet"}
LAYER = {"local": "lokaal", "regional": "regionaal"}
SERVICE = {
    "information": "informatie", "emergency_reports": "noodmeldingen (112)", "first_aid": "eerste hulp",
    "drinking_water": "drinkwater", "food": "voedsel", "medication": "medicijnen", "warmth": "warmte",
    "charging": "opladen", "toilets": "toiletten", "internet": "internet", "psychosocial_support": "psychosociale steun",
    "pets": "huisdieren",
}
CONTACT_MEANS = {"c2000": "C2000", "radio": "radio", "satellite_phone": "satelliettelefoon", "landline": "vaste lijn"}
WATER_SUPPLY = {"none": "geen", "mains": "waterleiding", "stored": "opslag", "well": "put"}
ROUND_STATUS = {"open": "open", "closed": "gesloten"}
PILOT_STATUS = {
    "proposed": "voorgesteld", "approved": "goedgekeurd", "started": "gestart", "evaluated": "geëvalueerd",
    "completed": "afgerond",
}
PROPOSAL_STATUS = {"open": "stemming loopt", "approved": "aangenomen", "rejected": "verworpen"}
VOTE = {"agree": "voor", "object": "tegen"}
DECISION_RULE = {"unanimous": "unaniem", "majority": "meerderheid"}
# What each rule means, in a sentence after "Een voorstel is ...".
DECISION_RULE_MEANING = {
    "unanimous": "aangenomen als alle betrokken gemeenten voor stemmen; één stem tegen verwerpt het",
    "majority": "aangenomen als meer dan de helft van de betrokken gemeenten voor stemt; verworpen zodra de helft "
                "of meer tegen stemt",
}
COMMITMENT_STATUS = {"made": "vastgelegd", "flagged": "vastgelegd (overschrijding)", "refused": "geweigerd",
                     "released": "vrijgegeven"}
WAVE_STATUS = {"scheduled": "gepland", "launched": "gestart", "completed": "afgerond"}
CAMPAIGN_LEVEL = {"national": "landelijk", "regional": "regionaal"}
CHANNEL = {
    "poster": "poster", "flyer": "flyer", "local_newspaper": "lokale krant", "door_to_door": "huis-aan-huis",
    "presentation_slide": "presentatiedia", "social_post": "bericht sociale media", "web_text": "webtekst",
}
FREQUENCY = {"immediate": "direct", "daily": "dagelijks overzicht", "weekly": "wekelijks overzicht"}
PERSON_ROLE = {
    "communication": "communicatieadviseur", "iv": "adviseur integrale veiligheid",
    "aov": "adviseur openbare orde en veiligheid", "board": "lid Algemeen Bestuur",
    "programme_team": "programmateam", "national_coordinator": "landelijk coördinator",
}
ROLE = {"municipality": "gemeente", "region": "veiligheidsregio", "national": "landelijk programma"}
# What a subscriber can choose to hear about (event type filters of notify).
EVENT_FILTERS = {
    "*": "alles", "inventory.*": "noodsteunpunten, inventarisatie en pilots", "funding.*": "geld",
    "campaign.*": "campagnes en activiteiten", "notify.*": "bestuursmemo's",
}
CRITERION_CHECK = {
    "service": "biedt de dienst", "at_least": "ten minste", "true": "ja", "any_of": "een van",
    "not_none": "ingevuld", "within_days": "binnen dagen",
}

GROUPS = {
    "readiness": READINESS, "activation": ACTIVATION, "mode": ACTIVATION_MODE, "layer": LAYER, "service": SERVICE,
    "contact": CONTACT_MEANS, "water": WATER_SUPPLY, "round": ROUND_STATUS, "pilot": PILOT_STATUS,
    "proposal": PROPOSAL_STATUS, "vote": VOTE, "rule": DECISION_RULE, "rule_meaning": DECISION_RULE_MEANING, "commitment": COMMITMENT_STATUS,
    "wave": WAVE_STATUS, "level": CAMPAIGN_LEVEL, "channel": CHANNEL, "frequency": FREQUENCY,
    "person_role": PERSON_ROLE, "role": ROLE, "events": EVENT_FILTERS,
}


def label(group: str, code: object) -> str:
    """The Dutch word for a code; an unknown code is shown as it is (a new value is no error)."""
    if code is None:
        return "–"
    return GROUPS.get(group, {}).get(str(code), str(code).replace("_", " "))


def next_readiness(current: str) -> str | None:
    index = READINESS_ORDER.index(current) if current in READINESS_ORDER else -1
    return READINESS_ORDER[index + 1] if 0 <= index < len(READINESS_ORDER) - 1 else None


# The maatstaf's criteria by key, for criteria whose label the standard gives in English.
CRITERION = {
    "information": "Biedt informatie als internet uitvalt",
    "emergency_contact": "Kan de hulpdiensten bereiken (C2000, radio, satelliettelefoon of vaste lijn)",
    "emergency_power": "Noodstroom: aggregaat met brandstof voor ten minste 72 uur",
    "accessible": "Toegankelijk voor rolstoelen",
    "emergency_reports": "Geeft noodmeldingen door aan 112",
    "first_aid": "Eerste hulp",
    "drinking_water": "Deelt drinkwater uit",
    "warmth": "Verwarming onafhankelijk van het stroomnet",
    "key_holder": "Contact van de sleutelhouder bekend",
    "trained_staff": "Ten minste 4 getrainde vrijwilligers",
    "exercised": "Geoefend in de afgelopen 12 maanden",
}


def criterion(entry: Mapping[str, Any]) -> str:
    """A maatstaf criterion's Dutch label: by its key, else the label the standard gives."""
    return CRITERION.get(str(entry.get("key")), str(entry.get("label") or entry.get("key")))
