"""Public warning messages for noodsteunpunten opened for real: CAP 1.2 (OASIS Common
Alerting Protocol), the format NL-Alert and Dutch crisis feeds take.

One episode per opening: the first real opening of a public noodsteunpunt is an
``Alert``; every later status (open, full, closing) an ``Update`` that references the
messages before it; closing it ends the episode with an ``Update`` saying all clear.
Exercises never produce a message, nor do noodsteunpunten that are not public.
The texts are Dutch (``info`` in nl-NL), responseType Shelter (CAP 1.2 lists Shelter as a
response type, not a category; the category is Safety), the area the point's address (and
a small circle around its coordinates when known).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import quote
from uuid import NAMESPACE_URL, UUID, uuid5
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
LOCAL = ZoneInfo("Europe/Amsterdam")
ACTIVE = frozenset({"opening", "open", "full", "closing"})
ENDED = frozenset({"closed", "inactive"})
AREA_RADIUS_KM = "0.5"


@dataclass(frozen=True)
class PublicPlace:
    """What residents may know of a noodsteunpunt (from inventory's events)."""

    id: UUID
    name: str
    region_code: str
    municipality_code: str
    address: str | None
    latitude: float | None
    longitude: float | None
    public: bool


@dataclass(frozen=True)
class PlaceNames:
    municipality_name: str
    region_name: str


@dataclass(frozen=True)
class Sender:
    address: str  # CAP <sender>: who issues the messages
    web_base: str  # the portal: residents read more on its page "Waar is mijn noodsteunpunt?"


@dataclass(frozen=True)
class CapAlert:
    identifier: str
    sender: str
    noodsteunpunt_id: UUID
    region_code: str
    sent: datetime
    msg_type: str  # Alert or Update
    place_status: str
    episode: str  # identifier of the episode's first message
    references: str | None
    headline: str
    xml: str

    @property
    def reference(self) -> str:
        """How a later message names this one (CAP: sender,identifier,sent)."""
        return f"{self.sender},{self.identifier},{cap_time(self.sent)}"

    @property
    def ends_episode(self) -> bool:
        return self.place_status in ENDED


HEADLINES = {
    "opening": "Noodsteunpunt {name} in {gemeente} gaat open",
    "open": "Noodsteunpunt {name} in {gemeente} is open",
    "full": "Noodsteunpunt {name} in {gemeente} is vol",
    "closing": "Noodsteunpunt {name} in {gemeente} gaat sluiten",
    "closed": "Noodsteunpunt {name} in {gemeente} is gesloten",
    "inactive": "Noodsteunpunt {name} in {gemeente} is gesloten",
}
INSTRUCTIONS = {
    "opening": "Heeft u hulp of informatie nodig, of kunt u 112 niet bereiken? Ga naar het noodsteunpunt zodra het open is.",
    "open": "Heeft u hulp of informatie nodig, of kunt u 112 niet bereiken? Ga naar het noodsteunpunt.",
    "full": "Dit noodsteunpunt kan niemand meer opnemen. Ga naar een ander noodsteunpunt in de buurt.",
    "closing": "Dit noodsteunpunt sluit binnenkort. Ga voor hulp naar een ander noodsteunpunt in de buurt.",
    "closed": "Dit noodsteunpunt is gesloten. U hoeft hier niets meer voor te doen.",
    "inactive": "Dit noodsteunpunt is gesloten. U hoeft hier niets meer voor te doen.",
}


def message_for(
    place: PublicPlace, places: PlaceNames, status: str, mode: str, changed_at: datetime, event_id: UUID,
    episode: list[CapAlert], sender: Sender,
) -> CapAlert | None:
    """The CAP message for an activation change, or None when the public must not hear of it.
    ``episode``: the messages of the current opening so far (empty when none is running)."""
    if mode != "real" or not place.public:
        return None
    if status in ENDED and not episode:
        return None  # closed without a public opening: nothing to call off
    if status not in ACTIVE | ENDED:
        return None
    identifier = f"weerbaar-{uuid5(NAMESPACE_URL, f'weerbaar:cap:{event_id}')}"
    first = not episode
    headline = HEADLINES[status].format(name=place.name, gemeente=places.municipality_name)
    alert = CapAlert(
        identifier=identifier, sender=sender.address, noodsteunpunt_id=place.id, region_code=place.region_code, sent=changed_at,
        msg_type="Alert" if first else "Update", place_status=status,
        episode=identifier if first else episode[0].episode,
        references=None if first else " ".join(a.reference for a in episode), headline=headline, xml="",
    )
    return replace(alert, xml=_cap_xml(alert, place, places, status, sender))


def cap_time(moment: datetime) -> str:
    """CAP's dateTime: local time with its offset, whole seconds, never 'Z'."""
    return moment.astimezone(LOCAL).replace(microsecond=0).isoformat()


def _cap_xml(alert: CapAlert, place: PublicPlace, places: PlaceNames, status: str, sender: Sender) -> str:
    ET.register_namespace("", CAP_NS)
    root = ET.Element(f"{{{CAP_NS}}}alert")
    _add(root, "identifier", alert.identifier)
    _add(root, "sender", sender.address)
    _add(root, "sent", cap_time(alert.sent))
    _add(root, "status", "Actual")
    _add(root, "msgType", alert.msg_type)
    _add(root, "scope", "Public")
    if alert.references:
        _add(root, "references", alert.references)
    _add(root, "incidents", alert.episode)
    info = ET.SubElement(root, f"{{{CAP_NS}}}info")
    _add(info, "language", "nl-NL")
    _add(info, "category", "Safety")  # CAP 1.2 has no category Shelter: it is a responseType (below)
    _add(info, "event", "Noodsteunpunt")
    _add(info, "responseType", "AllClear" if status in ENDED else "Shelter")
    _add(info, "urgency", "Past" if status in ENDED else "Immediate")
    _add(info, "severity", "Minor" if status in ENDED else "Moderate")
    _add(info, "certainty", "Observed")
    _add(info, "senderName", f"Veiligheidsregio {places.region_name}")
    _add(info, "headline", alert.headline)
    _add(info, "description", _description(place, places, status))
    _add(info, "instruction", INSTRUCTIONS[status])
    _add(info, "web", f"{sender.web_base.rstrip('/')}/waar-is-mijn-noodsteunpunt?gemeente={quote(places.municipality_name)}")
    area = ET.SubElement(info, f"{{{CAP_NS}}}area")
    _add(area, "areaDesc", ", ".join(p for p in (place.name, place.address, places.municipality_name) if p))
    if place.latitude is not None and place.longitude is not None:
        _add(area, "circle", f"{place.latitude:.5f},{place.longitude:.5f} {AREA_RADIUS_KM}")
    geocode = ET.SubElement(area, f"{{{CAP_NS}}}geocode")
    _add(geocode, "valueName", "CBS gemeentecode")
    _add(geocode, "value", place.municipality_code)
    return ET.tostring(root, encoding="unicode", xml_declaration=False)


def _description(place: PublicPlace, places: PlaceNames, status: str) -> str:
    where = f" aan {place.address}" if place.address else ""
    state = HEADLINES[status].format(name=place.name, gemeente=places.municipality_name)
    return (f"{state}. Het noodsteunpunt{where} is er voor inwoners van {places.municipality_name} als gewone "
            "voorzieningen zoals stroom, telefoon of internet langere tijd uitvallen: voor informatie, "
            "contact met de hulpdiensten en eerste hulp.")


def _add(parent: ET.Element, name: str, text: str) -> None:
    ET.SubElement(parent, f"{{{CAP_NS}}}{name}").text = text
