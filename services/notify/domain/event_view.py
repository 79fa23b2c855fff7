"""What notify knows of an event: its envelope and its data, whatever its type.

Handlers work on this generic view, so an event type added to the catalogue later
is notified with the generic template until it gets its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from shared.contract.envelope import IntegrationEvent


@dataclass(frozen=True)
class EventView:
    id: UUID
    type: str
    time: datetime
    region_code: str
    municipality_code: str | None
    subject: str
    data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, event: IntegrationEvent) -> EventView:
        return cls(event.id, event.TYPE, event.time, event.region_code, event.municipality_code, event.subject, event.data())

    @property
    def domain(self) -> str:
        return self.type.split(".", 1)[0]
