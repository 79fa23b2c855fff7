"""Composition root of the inventory service: the one place its parts are wired."""

from __future__ import annotations

from shared.composition import assemble
from shared.contract.catalogue import events_of
from shared.service import Service
from shared.settings import Settings
from services.inventory.adapters.tables import messaging
from services.inventory.adapters.unit_of_work import InventoryUnitOfWork
from services.inventory.entrypoints.http import routers
from services.inventory.entrypoints.kafka import subscriptions

NAME = "inventory"


def bootstrap(settings: Settings | None = None) -> Service:
    return assemble(
        NAME,
        settings or Settings(service_name=NAME),
        messaging,
        InventoryUnitOfWork,
        emits=events_of(NAME),
        routers=routers,
        subscriptions=subscriptions,
    )
