"""What the notify service consumes: declared in one place."""

from __future__ import annotations

from functools import partial

from shared.composition import Subscription
from shared.contract.inventory import NoodsteunpuntRegistered
from shared.contract.topics import event_topic
from shared.service import Service
from services.notify.handlers.feed import add_to_feed


def subscriptions(service: Service) -> list[Subscription]:
    to_feed = partial(add_to_feed, reference=service.reference)
    return [
        Subscription(
            consumer="feed",
            topics=[event_topic("inventory")],
            handlers={NoodsteunpuntRegistered.TYPE: to_feed},
        )
    ]
