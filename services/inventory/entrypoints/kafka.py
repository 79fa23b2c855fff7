"""What the inventory service consumes: declared in one place."""

from __future__ import annotations

from shared.composition import Subscription
from shared.contract.topics import event_topic
from shared.service import Service
from services.inventory.handlers.funding_events import HANDLERS


def subscriptions(service: Service) -> list[Subscription]:
    return [Subscription(consumer="pilot_funding", topics=[event_topic("funding")], handlers=HANDLERS)]
