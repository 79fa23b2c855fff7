"""What the funding service consumes: declared in one place."""

from __future__ import annotations

from functools import partial

from shared.composition import Subscription
from shared.contract.inventory import PilotStarted
from shared.contract.topics import event_topic
from shared.service import Service
from services.funding.handlers.pilots import commit_started_pilot
from services.funding.settings import FundingOptions


def subscriptions(service: Service, options: FundingOptions) -> list[Subscription]:
    commit_pilot = partial(commit_started_pilot, reference=service.reference, policy=options.over_commitment)
    return [
        Subscription(
            consumer="pilots",
            topics=[event_topic("inventory")],
            handlers={PilotStarted.TYPE: commit_pilot},
        )
    ]
