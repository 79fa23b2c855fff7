"""The transaction boundary: a state change, its outgoing events and the
consumed-event record commit together or not at all.

Services subclass it to add their repositories. Aggregates collect events in
their ``events`` list; whatever the unit of work has seen is drained into the
outbox on commit, in the same transaction (the transactional outbox).

Each event is stamped with its cause (correlation and causation ids) and the trace
context current when it was raised. A consumer applying a batch of records in one
transaction calls ``caused_by`` per record; the events of the record before are
sealed with that record's cause and span first.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Protocol, Self
from uuid import UUID

from sqlalchemy import String, Table, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY, Insert, insert
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.contract.cloudevents import to_kafka
from shared.contract.envelope import IntegrationEvent
from shared.messaging.tables import MessagingTables
from shared.messaging.tracing import current_trace_headers


class HasEvents(Protocol):
    events: list[IntegrationEvent]


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
        if sealed:
            await self.session.execute(self._tables.outbox_insert, [self._outbox_row(e, t) for e, t in sealed])
        await self.session.commit()
        self._committed = True
        if events and self._after_commit:
            self._after_commit()
        return events

    async def rollback(self) -> None:
        await self.session.rollback()
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
        record = to_kafka(event)
        return {
            "event_id": event.id,
            "event_type": event.TYPE,
            "topic": record.topic,
            "key": record.key.decode(),
            "headers": [[name, value.decode()] for name, value in record.headers] + [list(h) for h in trace_headers],
            "payload": record.value,
        }


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
