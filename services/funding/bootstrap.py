"""Composition root of the funding service: the one place its parts are wired."""

from __future__ import annotations

from functools import partial

from shared.composition import assemble
from shared.contract.catalogue import events_of
from shared.service import Service
from shared.settings import Settings
from services.funding.adapters.tables import messaging
from services.funding.adapters.unit_of_work import FundingUnitOfWork
from services.funding.entrypoints.dependencies import OPTIONS
from services.funding.entrypoints.http import routers
from services.funding.entrypoints.kafka import subscriptions
from services.funding.settings import funding_settings

NAME = "funding"


def bootstrap(settings: Settings | None = None) -> Service:
    config = funding_settings(settings or Settings(service_name=NAME))
    service = assemble(
        NAME,
        config,
        messaging,
        FundingUnitOfWork,
        emits=events_of(NAME),
        routers=routers,
        subscriptions=partial(subscriptions, options=config.funding),
    )
    service.extras[OPTIONS] = config.funding  # read by the HTTP dependencies
    return service
