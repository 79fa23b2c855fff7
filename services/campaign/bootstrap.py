"""Composition root of the campaign service: the one place its parts are wired."""

from __future__ import annotations

from shared.composition import assemble
from shared.contract.catalogue import events_of
from shared.service import Service
from shared.settings import Settings
from services.campaign.adapters.tables import messaging
from services.campaign.adapters.unit_of_work import CampaignUnitOfWork
from services.campaign.entrypoints.http import routers
from services.campaign.entrypoints.kafka import subscriptions

NAME = "campaign"


def bootstrap(settings: Settings | None = None) -> Service:
    return assemble(
        NAME,
        settings or Settings(service_name=NAME),
        messaging,
        CampaignUnitOfWork,
        emits=events_of(NAME),
        routers=routers,
        subscriptions=subscriptions,
    )
