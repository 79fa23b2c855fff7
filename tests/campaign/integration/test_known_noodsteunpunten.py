"""The read model's upserts on a real PostgreSQL: a registration (one statement for a run,
no read) keeps the activation of a noodsteunpunt already known and makes a new one
inactive; a plain put takes every field."""

from __future__ import annotations

from dataclasses import replace
from uuid import uuid4

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from services.campaign.adapters.local_repository import KnownNoodsteunpuntRepository
from services.campaign.domain.local_knowledge import KnownNoodsteunpunt
from tests.campaign.examples import OSS, VR21
from tests.campaign.integration.helpers import unique_database
from tests.support.running import migrate

pytestmark = pytest.mark.asyncio(loop_scope="session")


def known(name: str, **changes) -> KnownNoodsteunpunt:
    return replace(KnownNoodsteunpunt(id=uuid4(), region_code=VR21, municipality_code=OSS, name=name, layer="local",
                                      address="Kantstraat 2", public=True), **changes)


async def test_registration_keeps_a_known_activation_and_put_takes_everything(postgres):
    database = unique_database("campaign_known")
    postgres.create_database(database)
    await migrate("campaign", postgres.url(database))
    engine = create_async_engine(postgres.url(database))
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    kazerne, sporthal = known("Kazerne", readiness="operational", activation="open"), known("Sporthal")
    try:
        async with sessions.begin() as session:
            await KnownNoodsteunpuntRepository(session).put_many([kazerne])
        async with sessions.begin() as session:
            repository = KnownNoodsteunpuntRepository(session)
            # Registered again (a replay, or inventory's re-registration): new facts, activation untold.
            await repository.register_many([replace(kazerne, name="Brandweerkazerne", readiness="planned",
                                                    activation="inactive"), sporthal])
        async with sessions() as session:
            stored = await KnownNoodsteunpuntRepository(session).get_many([kazerne.id, sporthal.id])
        assert stored[kazerne.id] == replace(kazerne, name="Brandweerkazerne", readiness="planned"), "activation kept"
        assert stored[sporthal.id] == sporthal and sporthal.activation == "inactive"

        async with sessions.begin() as session:
            await KnownNoodsteunpuntRepository(session).put(replace(kazerne, activation="closed", public=False))
        async with sessions() as session:
            stored = await KnownNoodsteunpuntRepository(session).get_many([kazerne.id])
        assert stored[kazerne.id] == replace(kazerne, activation="closed", public=False)
    finally:
        await engine.dispose()
