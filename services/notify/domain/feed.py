"""The in-app feed: one item per event notify heard of, titled in Dutch."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from services.notify.domain.event_view import EventView


@dataclass(frozen=True)
class FeedItem:
    event_id: UUID
    event_type: str
    region_code: str
    municipality_code: str | None
    subject: str
    title: str
    occurred_at: datetime
    data: dict[str, Any] = field(default_factory=dict)


def feed_item_for(event: EventView, title: str) -> FeedItem:
    return FeedItem(
        event_id=event.id,
        event_type=event.type,
        region_code=event.region_code,
        municipality_code=event.municipality_code,
        subject=event.subject,
        title=title,
        occurred_at=event.time,
        data=event.data,
    )
