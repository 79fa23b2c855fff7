"""A run of events applied in one call (the consumer's batch path) leaves exactly the rows
that applying them one at a time leaves: feed items in order, remembered public flags,
notifications, deliveries, reminders and public places (issue 14, consumer catch-up).

Two notify databases, the same subscriptions in each; the same records go through the
real consumers, one transaction per record in the first, one batch in the second.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from uuid import UUID, uuid4

import pytest
import pytest_asyncio
from sqlalchemy import select

from shared.contract.campaign import ActivityScheduled, CampaignCreated
from shared.contract.cloudevents import to_kafka
from shared.contract.inventory import NoodsteunpuntReadinessChanged, NoodsteunpuntRegistered, NoodsteunpuntUpdated
from shared.messaging.consumer import Batchable, Outcome
from shared.messaging.records import ReceivedRecord
from shared.settings import DatabaseSettings, KafkaSettings, Settings
from services.notify.adapters import tables
from services.notify.adapters.public_alerts import public_places
from services.notify.bootstrap import bootstrap
from services.notify.domain.clock import Clock
from services.notify.domain.subscription import Frequency, Kind, Owner, PersonRole, Subscription
from services.notify.domain.visibility import Scope
from tests.notify.integration.helpers import CAMPAIGN, INVENTORY, stamped
from tests.support.running import migrate

pytestmark = pytest.mark.asyncio(loop_scope="session")
NOW = datetime.now(timezone.utc).replace(microsecond=0)  # the events are stamped with the real time
OSS, DEN_BOSCH = "GM0828", "GM0796"  # both in Brabant-Noord, VR21
ENDPOINT = UUID("6a1d3c43-5d1e-4f3a-9b55-0c7f1f1f0001")
DIRK, REGIO, PARTNER = (UUID(f"6a1d3c43-5d1e-4f3a-9b55-0c7f1f1f010{n}") for n in range(3))


def subscriptions() -> list[Subscription]:
    def owner(role: str, municipality: str | None = None) -> Owner:
        return Owner(f"{role}-subject", "weerbaar-local", Scope(role, "VR21" if role != "integrator" else None, municipality))

    return [
        # A gemeente advisor of Oss: other gemeenten's noodsteunpunten only when public (the flag is looked up).
        Subscription(DIRK, Kind.PERSON, owner("municipality", OSS), ["inventory.noodsteunpunt.*", "campaign.*"],
                     Frequency.IMMEDIATE, "VR21", name="Dirk", email="dirk@oss.example", role=PersonRole.IV),
        Subscription(REGIO, Kind.PERSON, owner("region"), ["*"], Frequency.DAILY, "VR21", name="Regio",
                     email="regio@vr21.example", role=PersonRole.COMMUNICATION),
        # An integrator's webhook: noodsteunpunt events only when public.
        Subscription(PARTNER, Kind.ENDPOINT, owner("integrator"), ["inventory.noodsteunpunt.*"], endpoint_id=ENDPOINT),
    ]


def registered(municipality: str, public: bool, name: str) -> NoodsteunpuntRegistered:
    nsp = uuid4()
    return stamped(NoodsteunpuntRegistered, source=INVENTORY, region="VR21", subject=f"noodsteunpunt/{nsp}",
                   municipality_code=municipality, noodsteunpunt_id=nsp, name=name, layer="local", public=public)


def updated(of: NoodsteunpuntRegistered, public: bool) -> NoodsteunpuntUpdated:
    return stamped(NoodsteunpuntUpdated, source=INVENTORY, region="VR21", subject=of.subject,
                   municipality_code=of.municipality_code, noodsteunpunt_id=of.noodsteunpunt_id,
                   name=f"{of.name} (bijgewerkt)", layer="local", public=public)


def readiness(of: NoodsteunpuntRegistered) -> NoodsteunpuntReadinessChanged:
    return stamped(NoodsteunpuntReadinessChanged, source=INVENTORY, region="VR21", subject=of.subject,
                   municipality_code=of.municipality_code, noodsteunpunt_id=of.noodsteunpunt_id,
                   previous="planned", readiness="agreed")


def scenario() -> tuple[list[Any], list[Any], dict[str, Any]]:
    """Events before the batch (applied alone in both databases), the batch, and names for its events."""
    earlier_public = registered(DEN_BOSCH, True, "Bibliotheek")  # its flag is in the database before the batch
    own, opened, closed = registered(OSS, False, "Eigen"), registered(DEN_BOSCH, True, "Open"), registered(DEN_BOSCH, False, "Besloten")
    activity = stamped(ActivityScheduled, source=CAMPAIGN, region="VR21", correlation_id=uuid4(), activity_id=uuid4(),
                       title="Webinar noodsteunpunten", kind="webinar", starts_at=NOW + timedelta(days=30),
                       place="online", audience=["iv_advisors"])
    national = stamped(CampaignCreated, source=CAMPAIGN, region="NL", campaign_id=uuid4(), name="Weerbaar thuis",
                       level="national", owner="NL", starts_on=NOW.date(), ends_on=(NOW + timedelta(days=60)).date(),
                       audiences=["residents"], participating_regions=["VR21"])
    named = {
        "opened read": readiness(opened),  # another gemeente's, public by the flag its registration carried in this run
        "closed read": readiness(closed),
        "earlier read": readiness(earlier_public),  # public by the flag remembered before the run ...
        "earlier made private": updated(earlier_public, False),  # ... which this later event of the run changes
        "opened made private": updated(opened, False),
        "opened read again": readiness(opened),  # no longer public: the later flag of the run counts
        "activity": activity,
        "national": national,
    }
    batch = [own, opened, named["opened read"], closed, named["closed read"], named["earlier read"],
             named["earlier made private"], named["opened made private"], named["opened read again"], activity, national]
    return [earlier_public], batch, {**named, "own": own, "opened": opened, "closed": closed, "earlier": earlier_public}


def records(events: list[Any]) -> list[ReceivedRecord]:
    kafka = [to_kafka(event) for event in events]
    return [ReceivedRecord(k.topic, 0, offset, k.key, k.value, tuple(k.headers)) for offset, k in enumerate(kafka)]


@pytest_asyncio.fixture(loop_scope="session")
async def two_notifies(postgres):
    """Two notify services (not started: their consumers are driven by hand), each on its own database."""
    services = []
    for name in ("notify_one_at_a_time", "notify_batched"):
        postgres.create_database(name)
        await migrate("notify", postgres.url(name))
        settings = Settings(service_name="notify", db=DatabaseSettings(url=postgres.url(name)), kafka=KafkaSettings())
        service = bootstrap(settings, clock=Clock(NOW))
        async with service.engine.begin() as connection:  # a rerun on a long-lived server starts empty
            await connection.exec_driver_sql(
                "TRUNCATE notify.feed_items, notify.noodsteunpunt_visibility, notify.notifications, notify.deliveries, "
                "notify.reminders, notify.public_places, notify.subscriptions, notify.endpoints, notify.inbox CASCADE")
        async with service.uow_factory() as uow:
            await uow.endpoints.add(ENDPOINT, "Partner", "https://partner.example/hook", ["whsec_test"], "tester")
            for subscription in subscriptions():
                await uow.subscriptions.add(subscription)
            await uow.commit()
        services.append(service)
    yield services
    for service in services:
        await service.engine.dispose()


def consumer(service, topic: str):
    """The service's own event consumer of ``topic`` (the feed, not the public alerts)."""
    return next(c.consumer for c in service.consumers if topic in c.topics and not c.name.endswith("public_alerts"))


async def apply(service, events: list[Any], batched: bool) -> list[Outcome]:
    """Through the real consumers, per topic in event order: one batch, or a transaction per record."""
    outcomes: list[Outcome] = []
    for topic in dict.fromkeys(to_kafka(e).topic for e in events):
        mine = records([e for e in events if to_kafka(e).topic == topic])
        for engine in [c.consumer for c in service.consumers if topic in c.topics]:
            if batched:
                outcomes += await engine.process_batch(mine)
            else:
                outcomes += [await engine.process(record) for record in mine]
    return outcomes


async def rows(service) -> dict[str, list[tuple]]:
    """Every row the events left, without what differs by nature (generated ids, insert time)."""
    def without(table, *names: str) -> list[Any]:
        return [c for c in table.c if c.name not in names]

    async with service.session_factory() as session:
        feed = (await session.execute(select(*without(tables.feed_items, "id", "received_at"))
                                      .order_by(tables.feed_items.c.id))).all()
        found = {"feed (in order)": list(feed)}
        for name, table, skip in [("flags", tables.noodsteunpunt_visibility, ()),
                                  ("notifications", tables.notifications, ("id",)),
                                  ("deliveries", tables.deliveries, ()),
                                  ("reminders", tables.reminders, ("id",)),
                                  ("public places", public_places, ())]:
            found[name] = sorted((await session.execute(select(*without(table, *skip)))).all(), key=repr)
    return found


async def notified(service) -> set[tuple[UUID, UUID, str]]:
    async with service.session_factory() as session:
        query = select(tables.notifications.c.subscription_id, tables.notifications.c.event_id, tables.notifications.c.state)
        return {tuple(r) for r in (await session.execute(query)).all()}


async def test_a_batch_leaves_the_rows_one_at_a_time_leaves(two_notifies):
    alone, batched = two_notifies
    before, batch, e = scenario()
    many_calls: list[int] = []
    handler = consumer(batched, to_kafka(e["own"]).topic).handlers[NoodsteunpuntRegistered.TYPE]
    assert isinstance(handler, Batchable)

    async def counting_many(events, uow):
        many_calls.append(len(events))
        await handler.many(events, uow)

    for service in (alone, batched):
        assert await apply(service, before, batched=False) == [Outcome.APPLIED] * 2  # feed and public alerts
    spy = Batchable(handler.one, counting_many)
    for engine in (consumer(batched, to_kafka(e["own"]).topic), consumer(batched, to_kafka(e["activity"]).topic)):
        engine.handlers = {t: spy if h is handler else h for t, h in engine.handlers.items()}

    outcomes = await apply(alone, batch, batched=False)
    assert await apply(batched, batch, batched=True) == outcomes
    assert set(outcomes) == {Outcome.APPLIED, Outcome.IGNORED}, "public alerts ignore readiness changes; nothing failed"

    assert many_calls == [9, 2], "each topic's run went to notify's handler in one call"
    one_at_a_time, together = await rows(alone), await rows(batched)
    assert together == one_at_a_time
    assert [(row.event_id, row.data) for row in together["feed (in order)"]] == [(ev.id, ev.data()) for ev in before + batch]
    expected = {
        (DIRK, e["own"].id, "immediate"), (DIRK, e["opened"].id, "immediate"), (DIRK, e["opened read"].id, "immediate"),
        (DIRK, e["earlier read"].id, "immediate"), (DIRK, e["earlier"].id, "immediate"),
        (DIRK, e["activity"].id, "immediate"), (DIRK, e["national"].id, "immediate"),
        (PARTNER, e["opened"].id, "immediate"), (PARTNER, e["opened read"].id, "immediate"),
        (PARTNER, e["earlier"].id, "immediate"), (PARTNER, e["earlier read"].id, "immediate"),
        *((REGIO, ev.id, "digest_pending") for ev in before + batch),
    }
    assert await notified(batched) == expected
    flags = {row.noodsteunpunt_id: row.public for row in together["flags"]}
    assert flags[e["opened"].noodsteunpunt_id] is False, "the run's last flag of a noodsteunpunt is remembered"
    assert flags[e["earlier"].noodsteunpunt_id] is False
    names = {row.id: row.name for row in together["public places"]}
    assert names[e["opened"].noodsteunpunt_id] == "Open (bijgewerkt)", "the public place as its last event of the run has it"
    assert len(together["reminders"]) == 3, "the scheduled activity's invitation and two reminders"
    webhooks = [d for d in together["deliveries"] if d.endpoint_id == ENDPOINT]
    assert len(webhooks) == 4
    activity_mail = next(d for d in together["deliveries"] if d.event_id == e["activity"].id)
    assert activity_mail.correlation_id == e["activity"].correlation_id
