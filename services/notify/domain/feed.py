"""The in-app feed: one item per event worth telling people about, in Dutch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from shared.contract.envelope import IntegrationEvent
from shared.contract.inventory import NoodsteunpuntRegistered

LAYER_NL = {"local": "lokaal", "regional": "regionaal"}


@dataclass(frozen=True)
class FeedItem:
    event_id: UUID
    event_type: str
    region_code: str
    municipality_code: str | None
    subject: str
    title: str
    occurred_at: datetime


def feed_item_for(event: IntegrationEvent, municipality_name: str | None) -> FeedItem | None:
    """The feed item an event makes, or None when it is not feed-worthy."""
    title = _title(event, municipality_name)
    if title is None:
        return None
    return FeedItem(
        event_id=event.id,
        event_type=event.TYPE,
        region_code=event.region_code,
        municipality_code=event.municipality_code,
        subject=event.subject,
        title=title,
        occurred_at=event.time,
    )


def _title(event: IntegrationEvent, municipality_name: str | None) -> str | None:
    place = municipality_name or event.municipality_code or event.region_code
    if isinstance(event, NoodsteunpuntRegistered):
        return f"Noodsteunpunt '{event.name}' ({LAYER_NL[event.layer]}) geregistreerd in {place}"
    return None
