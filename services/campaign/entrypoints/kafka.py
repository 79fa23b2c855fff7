"""What the campaign service consumes: declared in one place."""

from __future__ import annotations

from shared.composition import Subscription
from shared.contract.topics import event_topic
from shared.service import Service
from services.campaign.handlers.inventory_events import HANDLERS


def subscriptions(service: Service) -> list[Subscription]:
    return [Subscription(consumer="noodsteunpunten", topics=[event_topic("inventory")], handlers=HANDLERS)]
