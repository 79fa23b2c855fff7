"""What the notify service consumes: declared in one place.

One consumer per source topic, each handling every event type of that domain in
the catalogue (so a type added later is picked up at the next start). The consumer
of the inventory topic keeps its original name, ``feed``.
"""

from __future__ import annotations

from shared.composition import Subscription
from shared.contract.catalogue import events_of
from shared.contract.topics import event_topic
from shared.service import Service
from services.notify.domain.public_alerts import Sender
from services.notify.handlers import events, public_alerts
from services.notify.handlers.context import NotifyContext

CONSUMERS = {"inventory": "feed", "funding": "funding", "campaign": "campaign"}


def subscriptions(service: Service, context: NotifyContext, sender: Sender) -> list[Subscription]:
    handle = events.handler(context)  # one object for every type: a run of mixed types is applied together
    return [
        *(
            Subscription(
                consumer=consumer,
                topics=[event_topic(domain)],
                handlers={cls.TYPE: handle for cls in events_of(domain)},
            )
            for domain, consumer in CONSUMERS.items()
        ),
        # Its own group: the public alerts keep up even while the feed or e-mail is slow.
        Subscription(consumer="public_alerts", topics=[event_topic("inventory")],
                     handlers=public_alerts.handlers(context, sender)),
    ]
