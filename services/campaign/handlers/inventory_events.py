"""Keeps the read model of noodsteunpunten from the inventory service's events.

Runs inside the consumer's unit of work (inbox claim and effect commit together).
Per-region Kafka order means a noodsteunpunt's registration arrives before its changes.
"""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from shared.contract.inventory import (
    NoodsteunpuntActivationChanged,
    NoodsteunpuntReadinessChanged,
    NoodsteunpuntRegistered,
    NoodsteunpuntUpdated,
)
from shared.messaging.consumer import Batchable, Handler, PermanentError
from services.campaign.adapters.unit_of_work import CampaignUnitOfWork
from services.campaign.domain.local_knowledge import KnownNoodsteunpunt


async def registered(event: NoodsteunpuntRegistered, uow: CampaignUnitOfWork) -> None:
    await registered_many([event], uow)


async def registered_many(events: list[NoodsteunpuntRegistered], uow: CampaignUnitOfWork) -> None:
    """Several registrations in one statement (the consumer batches consecutive ones); a
    noodsteunpunt already known keeps its activation, which a registration does not tell."""
    registered = {event.noodsteunpunt_id: KnownNoodsteunpunt(  # in order: a later registration of one wins
        id=event.noodsteunpunt_id, region_code=event.region_code, municipality_code=event.municipality_code,
        name=event.name, layer=event.layer, address=event.address, public=event.public, readiness=event.readiness,
    ) for event in events}
    await uow.known_noodsteunpunten.register_many(list(registered.values()))


async def updated(event: NoodsteunpuntUpdated, uow: CampaignUnitOfWork) -> None:
    known = await _known(uow, event.noodsteunpunt_id, event.TYPE)
    await uow.known_noodsteunpunten.put(
        replace(known, municipality_code=event.municipality_code, region_code=event.region_code, name=event.name,
                layer=event.layer, address=event.address, public=event.public)
    )


async def readiness_changed(event: NoodsteunpuntReadinessChanged, uow: CampaignUnitOfWork) -> None:
    known = await _known(uow, event.noodsteunpunt_id, event.TYPE)
    await uow.known_noodsteunpunten.put(replace(known, readiness=event.readiness))


async def activation_changed(event: NoodsteunpuntActivationChanged, uow: CampaignUnitOfWork) -> None:
    known = await _known(uow, event.noodsteunpunt_id, event.TYPE)
    await uow.known_noodsteunpunten.put(replace(known, activation=event.status))


async def _known(uow: CampaignUnitOfWork, nsp_id: UUID, event_type: str) -> KnownNoodsteunpunt:
    known = await uow.known_noodsteunpunten.get(nsp_id)
    if known is None:
        raise PermanentError(f"{event_type} for noodsteunpunt {nsp_id}, which was never registered")
    return known


HANDLERS: dict[str, Handler] = {
    NoodsteunpuntRegistered.TYPE: Batchable(registered, registered_many),
    NoodsteunpuntUpdated.TYPE: updated,
    NoodsteunpuntReadinessChanged.TYPE: readiness_changed,
    NoodsteunpuntActivationChanged.TYPE: activation_changed,
}
