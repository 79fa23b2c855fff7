"""What the notify handlers need besides a unit of work, built once by the composition root."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from typing import Any

from shared.net import AddressGuard, OutboundPolicy
from shared.refdata import ReferenceData
from services.notify.domain.clock import Clock
from services.notify.domain.delivery import RetryPolicy
from services.notify.domain.event_view import EventView
from services.notify.domain.messages import Message, Places, TemplateBook, event_facts
from services.notify.handlers.matching import SubscriptionIndex


@dataclass
class NotifyContext:
    templates: TemplateBook
    reference: ReferenceData
    link_base: str
    clock: Clock
    policy: RetryPolicy
    # The active subscriptions in memory, matched against every event.
    subscriptions: SubscriptionIndex = field(default_factory=lambda: SubscriptionIndex(max_age=5.0))
    # Checks webhook addresses at registration; the webhook sender's client checks every connection with it.
    guard: AddressGuard = field(default_factory=lambda: AddressGuard(OutboundPolicy()))
    confirmation_valid_for: timedelta = timedelta(days=7)
    max_pending_confirmations: int = 20

    def places(self, region_code: str, municipality_code: str | None) -> Places:
        region = self.reference.regions.get(region_code)
        municipality = self.reference.municipalities.get(municipality_code or "")
        region_name = region.name if region else ("Nederland" if region_code == "NL" else region_code)
        return Places(region_name, municipality.name if municipality else None, self.municipality_names)

    @cached_property
    def municipality_names(self) -> dict[str, str]:
        return {code: m.name for code, m in self.reference.municipalities.items()}

    def facts(self, event: EventView, recipient: str | None = None, wanted: Collection[str] | None = None) -> dict[str, Any]:
        facts = event_facts(event, self.places(event.region_code, event.municipality_code), self.link_base, wanted)
        facts["recipient"] = recipient or "abonnee"
        return facts

    def message(self, event: EventView, recipient: str | None = None) -> Message:
        return self.templates.render(event.type, self.facts(event, recipient))

    def title(self, event: EventView) -> str:
        """The title ``message`` would give, without writing the body (the feed's title)."""
        return self.templates.title(event.type, self.facts(event, wanted=self.templates.title_names(event.type)))

    def link(self, subject: str) -> str:
        return f"{self.link_base.rstrip('/')}/{subject}"
