"""The read model of noodsteunpunten follows the inventory events (fake repository, no infrastructure)."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from uuid import uuid4

import pytest

from shared.contract.inventory import (
    NoodsteunpuntActivationChanged, NoodsteunpuntReadinessChanged, NoodsteunpuntRegistered, NoodsteunpuntUpdated,
)
from shared.contract.envelope import utc_now
from shared.messaging.consumer import PermanentError
from services.campaign.handlers.inventory_events import HANDLERS
from tests.campaign.examples import OSS, VR21


class FakeKnown:
    def __init__(self) -> None:
        self.rows = {}

    async def get(self, nsp_id):
        return self.rows.get(nsp_id)

    async def put(self, nsp) -> None:
        self.rows[nsp.id] = nsp

    async def get_many(self, ids):
        return {i: self.rows[i] for i in ids if i in self.rows}

    async def put_many(self, nsps) -> None:
        for nsp in nsps:
            await self.put(nsp)

    async def register_many(self, nsps) -> None:
        """As the real one: a known noodsteunpunt keeps its activation."""
        for nsp in nsps:
            before = self.rows.get(nsp.id)
            await self.put(replace(nsp, activation=before.activation) if before else nsp)


async def apply(uow, event) -> None:
    await HANDLERS[event.TYPE](event, uow)


async def test_registration_readiness_update_and_activation_shape_what_a_local_version_may_list():
    uow = SimpleNamespace(known_noodsteunpunten=FakeKnown())
    nsp_id = uuid4()
    common = dict(subject=f"noodsteunpunt/{nsp_id}", region_code=VR21, municipality_code=OSS, noodsteunpunt_id=nsp_id)
    await apply(uow, NoodsteunpuntRegistered(**common, name="Kazerne", layer="regional", address="Kantstraat 2", public=True))
    known = uow.known_noodsteunpunten.rows[nsp_id]
    assert (known.readiness, known.listable) == ("planned", False)

    await apply(uow, NoodsteunpuntReadinessChanged(**common, previous="planned", readiness="operational"))
    assert uow.known_noodsteunpunten.rows[nsp_id].listable

    await apply(uow, NoodsteunpuntActivationChanged(**common, previous="inactive", status="open", mode="exercise",
                                                    changed_at=utc_now()))
    assert uow.known_noodsteunpunten.rows[nsp_id].activation == "open"

    await apply(uow, NoodsteunpuntUpdated(**common, name="Brandweerkazerne Oss", layer="regional", address="Kantstraat 4",
                                          public=False, changed_fields=["name", "address", "public"]))
    updated = uow.known_noodsteunpunten.rows[nsp_id]
    assert (updated.name, updated.address, updated.readiness, updated.activation) == (
        "Brandweerkazerne Oss", "Kantstraat 4", "operational", "open"
    )
    assert not updated.listable, "no longer public"


async def test_a_change_for_an_unknown_noodsteunpunt_is_a_permanent_error():
    uow = SimpleNamespace(known_noodsteunpunten=FakeKnown())
    nsp_id = uuid4()
    event = NoodsteunpuntReadinessChanged(subject=f"noodsteunpunt/{nsp_id}", region_code=VR21, municipality_code=OSS,
                                          noodsteunpunt_id=nsp_id, previous="planned", readiness="operational")
    with pytest.raises(PermanentError, match="never registered"):
        await apply(uow, event)
