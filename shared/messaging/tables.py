"""The outbox (with its queue of pending ids) and inbox tables every service carries in
its own database.

A service adds them to its own MetaData, so its own migrations create them and
no service ever touches another's tables.
"""

from __future__ import annotations

from sqlalchemy import (DDL, BigInteger, Column, DateTime, ForeignKey, Identity, LargeBinary, MetaData, String, Table,
                        event, func)
from sqlalchemy.dialects.postgresql import JSONB, UUID


def outbox_table(metadata: MetaData) -> Table:
    # id is the publication order: one relay reads rows by id, so events leave
    # in commit order and per-key order holds. A row is never changed: what still
    # waits for Kafka is in ``outbox_pending``, and rows are removed after the retention.
    table = Table(
        "outbox",
        metadata,
        Column("id", BigInteger, Identity(always=True), primary_key=True),
        Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
        Column("event_type", String(200), nullable=False),
        Column("topic", String(200), nullable=False),
        Column("key", String(100), nullable=False),
        Column("headers", JSONB, nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )
    for statement in pending_on_insert(table.schema):
        event.listen(table, "after_create", DDL(statement))
    return table


def pending_table(metadata: MetaData, outbox: Table) -> Table:
    # The ids of outbox rows Kafka has not acknowledged yet: the relay's queue, read in id
    # order and deleted from when acknowledged. Kept apart from the wide outbox row because
    # marking that row published was an UPDATE PostgreSQL cannot do in place (a new 2 KB row
    # version and new index entries per event); deleting a narrow row costs far less.
    return Table(
        "outbox_pending",
        metadata,
        Column("id", BigInteger, ForeignKey(outbox.c.id, ondelete="CASCADE"), primary_key=True, autoincrement=False),
    )


def pending_on_insert(schema: str | None) -> list[str]:
    """DDL of the trigger that queues every new outbox row in ``outbox_pending``, in the
    inserting statement's transaction, whoever inserts it (one statement-level call per
    INSERT, with the inserted rows as a transition table)."""
    prefix = f'"{schema}".' if schema else ""
    return [
        f"CREATE OR REPLACE FUNCTION {prefix}outbox_pending_add() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN INSERT INTO {prefix}outbox_pending (id) SELECT id FROM inserted; RETURN NULL; END $$",
        f"CREATE OR REPLACE TRIGGER outbox_pending_add AFTER INSERT ON {prefix}outbox "
        f"REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION {prefix}outbox_pending_add()",
    ]


def inbox_table(metadata: MetaData) -> Table:
    # One row per (consumer, event) applied, written in the effect's transaction:
    # the primary key makes a redelivered event a no-op.
    return Table(
        "inbox",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", UUID(as_uuid=True), primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("applied_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


class MessagingTables:
    """The outbox, its queue of pending ids and the inbox, bound to one service's MetaData."""

    def __init__(self, metadata: MetaData) -> None:
        self.outbox = outbox_table(metadata)
        self.pending = pending_table(metadata, self.outbox)
        self.inbox = inbox_table(metadata)
        self.outbox_insert = self.outbox.insert()  # every commit's outbox rows: built once
