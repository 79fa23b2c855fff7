"""The transactional outbox on a real PostgreSQL and Kafka: nothing from a rolled-back
transaction, nothing lost while Kafka is down, and per-key order kept."""

from __future__ import annotations

import asyncio
from uuid import uuid4

import pytest
from sqlalchemy import func, select, text

from services.inventory.adapters.tables import messaging
from shared.contract.inventory import NoodsteunpuntRegistered
from shared.messaging.unit_of_work import UnitOfWork
from tests.support import tokens
from tests.support.kafka import header, read_topic
from tests.support.polling import eventually
from tests.support.brokers import kafka_fixtures

pytestmark = pytest.mark.asyncio(loop_scope="session")
kafka_broker, kafka_bootstrap, kafka_settings = kafka_fixtures("module")  # Kafka goes down here: a broker of its own
TOPIC = "weerbaar.inventory.events"


def an_event(name: str) -> NoodsteunpuntRegistered:
    nsp_id = uuid4()
    return NoodsteunpuntRegistered(
        subject=f"noodsteunpunt/{nsp_id}", region_code="VR21", municipality_code="GM0828",
        noodsteunpunt_id=nsp_id, name=name, layer="local",
    )


async def outbox_rows(inventory, event_id) -> int:
    async with inventory.service.session_factory() as session:
        query = select(func.count()).select_from(messaging.outbox).where(messaging.outbox.c.event_id == event_id)
        return await session.scalar(query)


async def test_a_rolled_back_transaction_emits_nothing(inventory, kafka_settings):
    rolled_back, committed = an_event("Rolled back"), an_event("Committed after")
    with pytest.raises(RuntimeError):
        async with inventory.service.uow_factory() as uow:
            uow.emit(rolled_back)
            raise RuntimeError("the business step failed")
    async with inventory.service.uow_factory() as uow:
        uow.emit(committed)
        await uow.commit()

    # The later commit's event arriving proves the relay ran past the point where the other would be.
    records = await read_topic(kafka_settings, TOPIC, until=lambda rs: str(committed.id) in [header(r, "ce_id") for r in rs])
    assert str(rolled_back.id) not in [header(r, "ce_id") for r in records]
    assert await outbox_rows(inventory, rolled_back.id) == 0
    assert await outbox_rows(inventory, committed.id) == 1


# Three gemeenten in three regions, so the writes span several keys (and partitions).
WRITERS = ["GM0828", "GM0014", "GM0363"]  # Oss (VR21), Groningen (VR01), Amsterdam (VR13)


async def test_events_written_while_kafka_is_down_all_arrive_in_order_per_key(inventory, kafka_runtime, kafka_settings):
    await kafka_runtime.stop_async()
    written: list[tuple[str, str]] = []  # (region, subject) in commit order
    try:
        for n in range(12):
            code = WRITERS[n % 3]
            response = await inventory.client.post(
                f"/municipalities/{code}/noodsteunpunten", json={"name": f"Buurthuis {n}"}, headers=tokens.municipality(code)
            )
            assert response.status_code == 201, "writes must keep working while Kafka is down"
            body = response.json()
            written.append((body["region_code"], f"noodsteunpunt/{body['id']}"))
        assert await inventory.service.relay.pending() >= 12, "rows wait in the outbox"
    finally:
        await kafka_runtime.start_async()

    subjects = {s for _, s in written}
    records = await read_topic(
        kafka_settings, TOPIC, timeout=60,
        until=lambda rs: subjects <= {header(r, "ce_subject") for r in rs},
    )
    for region in {r for r, _ in written}:
        expected = [s for r, s in written if r == region]
        arrived = [header(r, "ce_subject") for r in records if r.key == region.encode() and header(r, "ce_subject") in subjects]
        # At least once: a retried batch may repeat a record, never reorder first arrivals.
        first_arrivals = list(dict.fromkeys(arrived))
        assert first_arrivals == expected, f"order broken for key {region}"
    await eventually(lambda: outbox_drained(inventory), timeout=20, what="outbox drained")


async def outbox_drained(inventory) -> bool:
    return await inventory.service.relay.pending() == 0



async def test_a_row_committed_after_a_higher_id_was_published_is_still_sent(inventory, kafka_settings):
    """Outbox ids follow insert order, not commit order: the relay reads after the last id
    it read, so the row with the lower id must be found by its sweep for late committers."""
    late = an_event("Committed late").model_copy(update={"source": "/weerbaar/inventory"})
    early = an_event("Committed early")
    outbox = messaging.outbox
    async with inventory.service.engine.connect() as holding:
        transaction = await holding.begin()
        await holding.execute(outbox.insert(), [UnitOfWork._outbox_row(late, [])])  # takes the lower id, uncommitted
        async with inventory.service.uow_factory() as uow:
            uow.emit(early)
            await uow.commit()
        await read_topic(kafka_settings, TOPIC, until=lambda rs: str(early.id) in [header(r, "ce_id") for r in rs])
        ids = {row.event_id: row.id async for row in await holding.stream(select(outbox.c.event_id, outbox.c.id))}
        assert ids[late.id] < ids[early.id], "the test needs the late row to hold the lower id"
        await transaction.commit()
    inventory.service.relay.wake()

    records = await read_topic(kafka_settings, TOPIC, timeout=30, until=lambda rs: str(late.id) in [header(r, "ce_id") for r in rs])
    assert [header(r, "ce_id") for r in records].count(str(late.id)) >= 1
    await eventually(lambda: outbox_drained(inventory), timeout=20, what="outbox drained")


async def test_a_backlog_larger_than_a_read_arrives_whole_and_in_order_per_key(inventory, kafka_settings):
    """Several reads (the next one prefetched while the first is sent), marks of many
    rows at once: every row arrives, first arrivals in outbox order per key, none left."""
    events = [an_event(f"Backlog {n}").model_copy(update={"region_code": region, "municipality_code": code,
                                                         "source": "/weerbaar/inventory"})
              for n, (region, code) in enumerate([("VR21", "GM0828"), ("VR01", "GM0014"), ("VR13", "GM0363")] * 900)]
    async with inventory.service.engine.begin() as conn:  # one commit: the backlog appears at once
        await conn.execute(messaging.outbox.insert(), [UnitOfWork._outbox_row(e, []) for e in events])
    inventory.service.relay.wake()

    wanted = {str(e.id) for e in events}
    records = await read_topic(kafka_settings, TOPIC, timeout=60,
                               until=lambda rs: wanted <= {header(r, "ce_id") for r in rs})
    for region in ("VR21", "VR01", "VR13"):
        expected = [str(e.id) for e in events if e.region_code == region]
        arrived = [header(r, "ce_id") for r in records if r.key == region.encode() and header(r, "ce_id") in wanted]
        assert list(dict.fromkeys(arrived)) == expected, f"order broken for key {region}"
    await eventually(lambda: outbox_drained(inventory), timeout=20, what="outbox drained")


async def advisory_locks(inventory) -> int:
    async with inventory.service.engine.connect() as conn:
        query = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                     "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
        return (await conn.execute(query)).scalar_one()


async def test_a_stopped_relay_releases_its_leadership(inventory):
    """The lock is held by the leader's session: ending leadership must end that session,
    not hand it back to the pool still holding the lock (no replica could take over)."""
    relay = inventory.service.relay
    await eventually(lambda: asyncio.sleep(0, relay.is_leader), what="the relay leads")
    assert await advisory_locks(inventory) == 1
    await relay.stop()
    try:
        assert await advisory_locks(inventory) == 0, "a pooled session still holds the relay's lock"
    finally:
        await relay.start()
    await eventually(lambda: asyncio.sleep(0, relay.is_leader), what="the relay leads again")
