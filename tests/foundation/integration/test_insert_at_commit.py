"""A new row handed to the unit of work (``insert_at_commit``) commits with its event in one
statement, still all or nothing, and is visible to whatever the unit of work runs after it."""

from __future__ import annotations

import asyncio
from uuid import uuid4

import pytest
from sqlalchemy import event, func, select

from services.inventory.adapters.tables import messaging, noodsteunpunten
from services.inventory.domain.noodsteunpunt import Layer, Noodsteunpunt
from shared.contract.inventory import NoodsteunpuntRegistered

pytestmark = pytest.mark.asyncio(loop_scope="session")


def a_noodsteunpunt(name: str) -> Noodsteunpunt:
    return Noodsteunpunt.register(id=uuid4(), region_code="VR21", municipality_code="GM0828", name=name, layer=Layer.LOCAL)


class Statements:
    """The SQL the service's engine sends for the task that made this, and whether PostgreSQL
    had a transaction open (a BEGIN sent) while it ran. Only this task's: the running service
    shares the engine (its relay reads the outbox whenever a commit wakes it)."""

    def __init__(self, engine) -> None:
        self.sent: list[tuple[str, bool]] = []
        self._task = asyncio.current_task()
        self._engine = engine.sync_engine
        event.listen(self._engine, "after_cursor_execute", self._statement)

    def _statement(self, conn, cursor, statement, *args) -> None:
        if asyncio.current_task() is self._task:
            self.sent.append((statement, conn.connection.driver_connection.is_in_transaction()))

    def close(self) -> None:
        event.remove(self._engine, "after_cursor_execute", self._statement)


async def stored(inventory, nsp_id) -> tuple[int, int]:
    async with inventory.service.session_factory() as session:
        rows = await session.scalar(select(func.count()).select_from(noodsteunpunten).where(noodsteunpunten.c.id == nsp_id))
        events = await session.scalar(select(func.count()).select_from(messaging.outbox)
                                      .where(messaging.outbox.c.key == "VR21", messaging.outbox.c.payload.contains(str(nsp_id).encode())))
    return rows, events


async def test_a_registration_is_one_statement_without_begin_or_commit(inventory):
    nsp = a_noodsteunpunt("Eén statement")
    statements = Statements(inventory.service.engine)
    try:
        async with inventory.service.uow_factory() as uow:
            await uow.noodsteunpunten.add(nsp)
            await uow.commit()
    finally:
        statements.close()
    ((sql, in_transaction),) = statements.sent
    assert sql.lstrip().startswith("WITH") and "INSERT INTO inventory.outbox" in sql
    assert not in_transaction, "no BEGIN: the one statement is the transaction"
    assert await stored(inventory, nsp.id) == (1, 1)


async def test_the_row_and_its_event_commit_together_or_not_at_all(inventory):
    first = a_noodsteunpunt("Eerste")
    async with inventory.service.uow_factory() as uow:
        await uow.noodsteunpunten.add(first)
        (registered,) = first.events
        await uow.commit()
    second = a_noodsteunpunt("Tweede, met een event-id dat al bestaat")
    async with inventory.service.uow_factory() as uow:
        await uow.noodsteunpunten.add(second)
        second.events[:] = [registered.model_copy(update={"subject": f"noodsteunpunt/{second.id}"})]  # same event id
        with pytest.raises(Exception, match="outbox_event_id_key|unique|duplicate"):
            await uow.commit()
    assert await stored(inventory, second.id) == (0, 0), "the outbox refused the event, so the row is not there either"


async def test_what_runs_after_the_insert_sees_the_row(inventory):
    nsp = a_noodsteunpunt("Direct zichtbaar")
    async with inventory.service.uow_factory() as uow:
        await uow.noodsteunpunten.add(nsp)
        seen = await uow.noodsteunpunten.get(nsp.id)
        assert seen is not None and seen.name == "Direct zichtbaar"
        await uow.commit()
    assert await stored(inventory, nsp.id) == (1, 1)


async def test_nothing_is_written_when_the_unit_of_work_does_not_commit(inventory):
    nsp = a_noodsteunpunt("Nooit vastgelegd")
    with pytest.raises(RuntimeError):
        async with inventory.service.uow_factory() as uow:
            await uow.noodsteunpunten.add(nsp)
            raise RuntimeError("the business step failed")
    assert await stored(inventory, nsp.id) == (0, 0)


async def test_several_events_keep_their_order_in_the_outbox(inventory):
    nsp = a_noodsteunpunt("Met drie events")
    extra = [NoodsteunpuntRegistered(subject=f"noodsteunpunt/{nsp.id}", region_code="VR21", municipality_code="GM0828",
                                     noodsteunpunt_id=nsp.id, name=f"Volgorde {n}", layer="local") for n in range(2)]
    async with inventory.service.uow_factory() as uow:
        await uow.noodsteunpunten.add(nsp)
        for e in extra:
            uow.emit(e)
        events = await uow.commit()
    async with inventory.service.session_factory() as session:
        outbox = messaging.outbox
        ids = list(await session.scalars(select(outbox.c.event_id).where(outbox.c.event_id.in_([e.id for e in events]))
                                         .order_by(outbox.c.id)))
    assert ids == [e.id for e in events] and len(ids) == 3
    assert (await stored(inventory, nsp.id))[0] == 1
