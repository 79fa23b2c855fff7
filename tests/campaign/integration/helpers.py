"""Helpers for the campaign integration tests: inventory events as the inventory service would publish them."""

from __future__ import annotations

from uuid import UUID, uuid4

from shared.contract.inventory import NoodsteunpuntReadinessChanged, NoodsteunpuntRegistered
from shared.refdata import load_reference_data
from shared.settings import KafkaSettings
from tests.support.kafka import produce_event

INVENTORY = "/weerbaar/inventory"


def unique_database(prefix: str) -> str:
    return f"{prefix}_{uuid4().hex[:8]}"


async def publish_operational_nsp(
    kafka: KafkaSettings, municipality: str, name: str, address: str, public: bool = True, operational: bool = True
) -> UUID:
    """Registered, then readiness moved to operational: the two events the inventory service emits."""
    region = load_reference_data().municipalities[municipality].region_code
    nsp_id = uuid4()
    common = dict(source=INVENTORY, subject=f"noodsteunpunt/{nsp_id}", region_code=region, municipality_code=municipality)
    await produce_event(kafka, NoodsteunpuntRegistered(
        **common, noodsteunpunt_id=nsp_id, name=name, layer="local", address=address, public=public, readiness="planned",
    ))
    if operational:
        await produce_event(kafka, NoodsteunpuntReadinessChanged(
            **common, noodsteunpunt_id=nsp_id, previous="planned", readiness="operational",
        ))
    return nsp_id
