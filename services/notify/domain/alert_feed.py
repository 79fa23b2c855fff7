"""The public CAP messages as an Atom feed (RFC 4287), the way alert aggregators read
them: one entry per CAP message, the message itself as the entry's content and also
linked as its own document."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from xml.etree import ElementTree as ET

from services.notify.domain.public_alerts import CAP_NS, CapAlert

ATOM_NS = "http://www.w3.org/2005/Atom"
CAP_MEDIA_TYPE = "application/common-alerting-protocol+xml"


def atom_feed(alerts: Sequence[CapAlert], feed_url: str, alert_url: str, title: str) -> str:
    """``alert_url`` has an ``{identifier}`` placeholder; newest messages first."""
    ET.register_namespace("", ATOM_NS)
    ET.register_namespace("cap", CAP_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _add(feed, "id", feed_url)
    _add(feed, "title", title)
    _add(feed, "updated", _rfc3339(max((a.sent for a in alerts), default=datetime.now(timezone.utc))))
    author = ET.SubElement(feed, f"{{{ATOM_NS}}}author")
    _add(author, "name", "Weerbaar")
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="self", href=feed_url, type="application/atom+xml")
    for alert in alerts:
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        _add(entry, "id", f"urn:weerbaar:cap:{alert.identifier}")
        _add(entry, "title", alert.headline)
        _add(entry, "updated", _rfc3339(alert.sent))
        ET.SubElement(entry, f"{{{ATOM_NS}}}link", rel="alternate", type=CAP_MEDIA_TYPE,
                      href=alert_url.format(identifier=alert.identifier))
        content = ET.SubElement(entry, f"{{{ATOM_NS}}}content", type="text/xml")
        content.append(ET.fromstring(alert.xml))
    return ET.tostring(feed, encoding="unicode", xml_declaration=False)


def _add(parent: ET.Element, name: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM_NS}}}{name}").text = text


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
