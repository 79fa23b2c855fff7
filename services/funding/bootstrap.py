"""Composition root of the funding service."""

from __future__ import annotations

from shared.composition import assemble
from shared.contract.catalogue import events_of
from shared.messaging.unit_of_work import UnitOfWork
from shared.service import Service
from shared.settings import Settings
from services.funding.adapters.tables import messaging

NAME = "funding"


def bootstrap(settings: Settings | None = None) -> Service:
    return assemble(NAME, settings or Settings(service_name=NAME), messaging, UnitOfWork, emits=events_of(NAME), routers=[])
