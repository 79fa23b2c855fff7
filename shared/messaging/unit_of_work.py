"""The transaction boundary: a state change, its outgoing events and the
consumed-event record commit together or not at all.

Services subclass it to add their repositories. Aggregates collect events in
their ``events`` list; whatever the unit of work has seen is drained into the
outbox on commit, in the same transaction (the transactional outbox).

Each event is stamped with its cause (correlation and causation ids) and the trace
context current when it was raised. A consumer applying a batch of records in one
transaction calls ``caused_by`` per record; the events of the record before are
sealed with that record's cause and span first.

A repository may hand the unit of work the INSERT of a new row (``insert_at_commit``)
instead of executing it. When the commit has one event (the common case: one command, one
aggregate), the waiting inserts go to the database in one statement with its outbox row
(``WITH w0 AS (INSERT ...) INSERT INTO outbox ...``). One statement is one transaction, so
the rows and the event still commit together or not at all; when nothing else ran in the
unit of work, that statement is all it sends (no BEGIN and COMMIT round trips). Several
events keep one multi-row INSERT of their own (its rows take outbox ids in order, which
rows inserted by sibling WITH clauses would not), after the waiting inserts. Any other
statement of the unit of work sends the waiting inserts first, so what runs later sees them.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Protocol, Self
from uuid import UUID

from sqlalchemy import Insert as CoreInsert
from sqlalchemy import String, Table, bindparam, func, select
from sqlalchemy import event as sa_event
from sqlalchemy.dialects.postgresql import ARRAY, Insert, insert
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import ORMExecuteState

from shared.contract.cloudevents import to_kafka
from shared.contract.envelope import IntegrationEvent
from shared.messaging.tables import MessagingTables
from shared.messaging.tracing import current_trace_headers


class HasEvents(Protocol):
    events: list[IntegrationEvent]


PENDING = "weerbaar.pending_inserts"  # the session's ``info`` key for inserts waiting for commit
WATCHED = "weerbaar.pending_watched"  # its statements send those first
# At most this many waiting inserts go in one statement with the outbox row (one statement
# per shape is built, compiled and cached); more (a CSV import) are sent one by one.
MAX_TOGETHER = 8


OUTBOX_COLUMNS = ("event_id", "event_type", "topic", "key", "headers", "payload")


class UnitOfWork:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        tables: MessagingTables,
        source: str,
        after_commit: Callable[[], None] | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._tables = tables
        self._source = source
        self._after_commit = after_commit
        self.correlation_id: UUID | None = None
        self.causation_id: UUID | None = None

    async def __aenter__(self) -> Self:
        self.session = self._session_factory()
        self._emitted: list[IntegrationEvent] = []
        self._seen: list[HasEvents] = []
        self._sealed: list[tuple[IntegrationEvent, list[tuple[str, str]]]] = []
        self._committed = False
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        if not self._committed:
            await self.session.rollback()
        await self.session.close()

    def caused_by(self, event: IntegrationEvent) -> None:
        """Events emitted from now on, while applying ``event``, carry its correlation and cause."""
        self.seal()
        self.correlation_id = event.correlation_id or event.id
        self.causation_id = event.id

    def seal(self) -> None:
        """Stamp the events raised so far with the current cause and trace context."""
        self._sealed.extend((event, current_trace_headers(self.correlation_id, event.id))
                            for event in map(self._stamp, self._drain()))

    def track(self, aggregate: HasEvents) -> None:
        self._seen.append(aggregate)

    def emit(self, event: IntegrationEvent) -> None:
        self._emitted.append(event)

    def insert_at_commit(self, statement: CoreInsert, row: dict[str, Any]) -> None:
        """INSERT ``row`` with ``statement`` (an ``insert()`` built once, without values) at
        commit, together with the outbox row; sooner if another statement runs first. Columns
        with a Python-side default that ``row`` leaves out get it here (scalar ones only)."""
        row = _with_defaults(statement.table, row)
        info = self.session.info
        if PENDING not in info and not info.get(WATCHED):
            sa_event.listen(self.session.sync_session, "do_orm_execute", _pending_inserts_first)
            info[WATCHED] = True
        info.setdefault(PENDING, []).append((statement, row))

    async def claim(self, consumer: str, event: IntegrationEvent) -> bool:
        """Record that ``consumer`` applies ``event``; False when it already did."""
        statement = (
            insert(self._tables.inbox)
            .values(consumer=consumer, event_id=event.id, event_type=event.TYPE)
            .on_conflict_do_nothing()
            .returning(self._tables.inbox.c.event_id)
        )
        return (await self.session.execute(statement)).first() is not None

    async def claim_many(self, consumer: str, events: list[IntegrationEvent]) -> set[UUID]:
        """Record that ``consumer`` applies each of ``events``, in one statement; returns the
        ids it had not applied before (the others are redeliveries)."""
        if not events:
            return set()
        statement = _claim_statement(self._tables.inbox)
        params = {"consumer": consumer, "ids": [e.id for e in events], "types": [e.TYPE for e in events]}
        return set((await self.session.execute(statement, params)).scalars())

    async def commit(self) -> list[IntegrationEvent]:
        self.seal()
        sealed, self._sealed = self._sealed, []
        events = [event for event, _ in sealed]
        rows = [self._outbox_row(e, t) for e, t in sealed]
        pending: list[tuple[CoreInsert, dict[str, Any]]] = self.session.info.pop(PENDING, [])
        if pending and len(rows) == 1 and len(pending) <= MAX_TOGETHER:
            if not self.session.in_transaction():  # nothing else ran: the one statement is the transaction
                await self.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            statement = _together(self._tables.outbox, tuple((s, tuple(row)) for s, row in pending))
            await self.session.execute(statement, _numbered([row for _, row in pending], rows[0]))
        else:
            for statement, row in pending:
                await self.session.execute(statement, row)
            if rows:
                await self.session.execute(self._tables.outbox_insert, rows)
        await self.session.commit()
        self._committed = True
        if events and self._after_commit:
            self._after_commit()
        return events

    async def rollback(self) -> None:
        await self.session.rollback()
        self.session.info.pop(PENDING, None)
        self._drain()
        self._sealed.clear()

    def _drain(self) -> list[IntegrationEvent]:
        events = list(self._emitted)
        for aggregate in self._seen:
            events.extend(aggregate.events)
            aggregate.events.clear()
        self._emitted.clear()
        return events

    def _stamp(self, event: IntegrationEvent) -> IntegrationEvent:
        update: dict[str, Any] = {"source": event.source or self._source}
        if event.correlation_id is None:
            update["correlation_id"] = self.correlation_id
        if event.causation_id is None:
            update["causation_id"] = self.causation_id
        return event.model_copy(update=update)

    @staticmethod
    def _outbox_row(event: IntegrationEvent, trace_headers: list[tuple[str, str]]) -> dict[str, Any]:
        """One outbox row: the values of ``OUTBOX_COLUMNS``."""
        record = to_kafka(event)
        return {
            "event_id": event.id,
            "event_type": event.TYPE,
            "topic": record.topic,
            "key": record.key.decode(),
            "headers": [[name, value.decode()] for name, value in record.headers] + [list(h) for h in trace_headers],
            "payload": record.value,
        }


def _with_defaults(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    missing = [c for c in _client_defaults(table) if c.key not in row]
    if not missing:
        return row
    if any(not c.default.is_scalar for c in missing):
        raise TypeError(f"insert_at_commit: give {[c.key for c in missing]} of {table.name}: their defaults are computed")
    return {**row, **{c.key: c.default.arg for c in missing}}


@functools.lru_cache(maxsize=None)
def _client_defaults(table: Table) -> tuple[Any, ...]:
    return tuple(c for c in table.c if c.default is not None)


def _pending_inserts_first(state: ORMExecuteState) -> None:
    """Before any statement of a unit of work's session: the inserts still waiting for commit."""
    pending = state.session.info.pop(PENDING, None)
    for statement, row in pending or ():
        state.session.execute(statement, row)


@functools.lru_cache(maxsize=64)
def _together(outbox: Table, inserts: tuple[tuple[CoreInsert, tuple[str, ...]], ...]) -> CoreInsert:
    """``WITH w0 AS (INSERT ...), w1 AS (...) INSERT INTO outbox VALUES (...)``: the waiting
    inserts (statement and columns) and one outbox row as one statement, built once per shape
    (single-row VALUES: SQLAlchemy caches its compiled form, not a multi-row one's).
    Parameters are named ``w{i}_{column}`` and ``o_{column}``."""

    def values(table: Table, columns: tuple[str, ...], prefix: str) -> dict[str, Any]:
        return {c: bindparam(f"{prefix}_{c}", type_=table.c[c].type) for c in columns}

    ctes = [statement.values(values(statement.table, columns, f"w{i}")).cte(f"w{i}")
            for i, (statement, columns) in enumerate(inserts)]
    return outbox.insert().values(values(outbox, OUTBOX_COLUMNS, "o")).add_cte(*ctes)


def _numbered(inserts: list[dict[str, Any]], outbox_row: dict[str, Any]) -> dict[str, Any]:
    """The parameters of ``_together``'s statement."""
    params = {f"w{i}_{column}": value for i, row in enumerate(inserts) for column, value in row.items()}
    params.update({f"o_{column}": value for column, value in outbox_row.items()})
    return params


@functools.lru_cache(maxsize=None)
def _claim_statement(inbox: Table) -> Insert:
    """One statement of three parameters per inbox table, whatever the batch: built once, so
    SQLAlchemy computes its cache key once (not per batch), and asyncpg prepares it once."""
    rows = select(
        bindparam("consumer", type_=String),
        func.unnest(bindparam("ids", type_=ARRAY(PG_UUID(as_uuid=True)))),
        func.unnest(bindparam("types", type_=ARRAY(String))),
    )
    return (
        insert(inbox)
        .from_select(["consumer", "event_id", "event_type"], rows)
        .on_conflict_do_nothing()
        .returning(inbox.c.event_id)
    )
