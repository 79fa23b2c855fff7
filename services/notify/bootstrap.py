"""Composition root of the notify service."""

from __future__ import annotations

from shared.composition import assemble
from shared.contract.catalogue import events_of
from shared.service import Service
from shared.settings import Settings
from services.notify.adapters.tables import messaging
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.entrypoints.http import router
from services.notify.entrypoints.kafka import subscriptions

NAME = "notify"


def bootstrap(settings: Settings | None = None) -> Service:
    return assemble(
        NAME,
        settings or Settings(service_name=NAME),
        messaging,
        NotifyUnitOfWork,
        emits=events_of(NAME),
        routers=[router],
        subscriptions=subscriptions,
    )
