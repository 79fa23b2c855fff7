"""Keeps what notify may tell the public about each noodsteunpunt, and issues a CAP
message when a public noodsteunpunt is opened for real, changes status or closes.

Runs in the consumer's unit of work (inbox claim and effect commit together); per-region
Kafka order brings a noodsteunpunt's registration before its activations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shared.contract.inventory import NoodsteunpuntActivationChanged, NoodsteunpuntRegistered, NoodsteunpuntUpdated
from shared.messaging.consumer import Batchable, Handler
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.domain.public_alerts import PlaceNames, PublicPlace, Sender, message_for
from services.notify.handlers.context import NotifyContext


async def place_known(event: NoodsteunpuntRegistered | NoodsteunpuntUpdated, uow: NotifyUnitOfWork) -> None:
    await places_known([event], uow)


async def places_known(events: list[NoodsteunpuntRegistered | NoodsteunpuntUpdated], uow: NotifyUnitOfWork) -> None:
    """A run of registrations and updates in one statement; the last event of a noodsteunpunt wins."""
    places = {event.noodsteunpunt_id: PublicPlace(
        id=event.noodsteunpunt_id, name=event.name, region_code=event.region_code,
        municipality_code=event.municipality_code, address=event.address, latitude=event.latitude,
        longitude=event.longitude, public=event.public,
    ) for event in events}
    await uow.public_alerts.put_places(list(places.values()))


async def activation_changed(
    event: NoodsteunpuntActivationChanged, uow: NotifyUnitOfWork, context: NotifyContext, sender: Sender
) -> None:
    place = await uow.public_alerts.place(event.noodsteunpunt_id)
    if place is None:
        return  # never registered here (another environment's): nothing the public should hear
    names = context.places(place.region_code, place.municipality_code)
    alert = message_for(
        place, PlaceNames(names.municipality_name or "", names.region_name), event.status, event.mode,
        event.changed_at, event.id, await uow.public_alerts.running_episode(place.id), sender,
    )
    if alert is not None:
        await uow.public_alerts.add(alert)


def handlers(context: NotifyContext, sender: Sender) -> dict[str, Handler]:
    def with_context(handle: Callable[..., Any]) -> Handler:
        return lambda event, uow: handle(event, uow, context, sender)

    known = Batchable(place_known, places_known)  # one object for both types: a mixed run is applied together
    return {
        NoodsteunpuntRegistered.TYPE: known,
        NoodsteunpuntUpdated.TYPE: known,
        NoodsteunpuntActivationChanged.TYPE: with_context(activation_changed),
    }
