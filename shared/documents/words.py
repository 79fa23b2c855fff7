"""The platform's codes as Dutch words, one vocabulary per kind of code, for every
human-facing output (machines keep the codes). One place, so a noodsteunpunt is
'operationeel' in the memo, the proposal and the e-mail alike."""

from __future__ import annotations

LAYER = {"local": "lokaal", "regional": "regionaal"}
READINESS = {"planned": "gepland", "inventoried": "geïnventariseerd", "agreed": "afgesproken", "equipped": "uitgerust",
             "exercised": "beoefend", "operational": "operationeel"}
ACTIVATION = {"inactive": "inactief", "opening": "gaat open", "open": "open", "full": "vol", "closing": "sluit",
              "closed": "gesloten", "exercise": "oefening", "real": "echt"}
PILOT_STATUS = {"proposed": "voorgesteld", "approved": "goedgekeurd", "started": "gestart", "evaluated": "geëvalueerd",
                "completed": "afgerond"}
SERVICES = {
    "information": "informatie", "emergency_reports": "112-meldingen", "first_aid": "eerste hulp",
    "drinking_water": "drinkwater", "food": "voedsel", "medication": "medicatie", "warmth": "warmte",
    "charging": "opladen", "toilets": "toiletten", "internet": "internet", "psychosocial_support": "psychosociale steun",
    "pets": "huisdieren",
}
DECISIONS = {"approved": "aangenomen", "rejected": "verworpen", "agree": "voor", "object": "tegen",
             "unanimous": "unaniem", "majority": "meerderheid", "pilot": "pilot", "proposal": "voorstel",
             "made": "vastgelegd", "flagged": "vastgelegd boven budget", "refused": "geweigerd",
             "equal": "gelijke verdeling", "population": "naar inwonertal", "base_plus_population": "basis plus inwonertal"}
ACTIVITY_KINDS = {"webinar": "webinar", "council_evening": "raadsavond", "workshop": "workshop",
                  "knowledge_session": "kennissessie", "consultation": "overleg", "one_on_one": "één-op-één gesprek"}
CAMPAIGN = {
    "before": "vóór de campagne", "after": "na de campagne", "national": "landelijk",
    "residents": "inwoners", "businesses": "bedrijven", "civil_society": "maatschappelijke organisaties",
    "poster": "poster", "flyer": "flyer", "local_newspaper": "lokale krant", "door_to_door": "huis-aan-huis",
    "social_post": "sociale media", "web_text": "webtekst", "presentation_slide": "presentatie",
    "communication_advisors": "communicatieadviseurs", "iv_advisors": "IV-adviseurs", "aov_advisors": "AOV-adviseurs",
    "board": "bestuur", "council_members": "raadsleden", "municipal_advisors": "gemeentelijke adviseurs",
    "partners": "partners",
}
