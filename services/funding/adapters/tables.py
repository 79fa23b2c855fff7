"""The funding service's tables, in its own schema ``funding``. Money columns are
BIGINT cents; the ledger is append-only (a trigger in migration 0002 refuses
UPDATE and DELETE on it)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from shared.messaging.tables import MessagingTables

SCHEMA = "funding"
metadata = MetaData(schema=SCHEMA)
messaging = MessagingTables(metadata)

budget_amendments = Table(
    "budget_amendments",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("line", String(60), primary_key=True),
    Column("version", Integer, primary_key=True),  # version 1 is the data file; amendments start at 2
    Column("amount_cents", BigInteger, nullable=False),
    Column("reason", Text, nullable=False),
    Column("amended_by", String(200), nullable=False),
    Column("amended_at", DateTime(timezone=True), nullable=False),
)

allocations = Table(
    "allocations",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("year", Integer, nullable=False),
    Column("line", String(60), nullable=False),
    Column("version", Integer, nullable=False),
    Column("key_kind", String(30), nullable=False),
    Column("base_cents", BigInteger, nullable=False),
    Column("total_cents", BigInteger, nullable=False),
    Column("budget_version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("year", "line", "version"),
)

allocation_shares = Table(
    "allocation_shares",
    metadata,
    Column("allocation_id", UUID(as_uuid=True), ForeignKey("allocations.id"), primary_key=True),
    Column("region_code", String(4), primary_key=True),
    Column("amount_cents", BigInteger, nullable=False),
    Column("previous_cents", BigInteger, nullable=False),
)

commitments = Table(
    "commitments",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("region_code", String(4), nullable=False, index=True),
    Column("year", Integer, nullable=False),
    Column("source", String(20), nullable=False),
    Column("source_id", UUID(as_uuid=True), nullable=False),
    Column("municipality_code", String(6)),
    Column("purpose", Text, nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("status", String(20), nullable=False),
    Column("remaining_before_cents", BigInteger, nullable=False),
    Column("spent_cents", BigInteger, nullable=False),
    Column("released_cents", BigInteger, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # One pilot or proposal commits once, whatever number of times its event arrives.
    UniqueConstraint("source", "source_id"),
)

spendings = Table(
    "spendings",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("commitment_id", UUID(as_uuid=True), ForeignKey("commitments.id"), nullable=False, index=True),
    Column("amount_cents", BigInteger, nullable=False),
    Column("description", Text, nullable=False),
    Column("spent_on", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

region_rules = Table(
    "region_rules",
    metadata,
    Column("region_code", String(4), primary_key=True),
    Column("rule", String(20), nullable=False),
)

proposals = Table(
    "proposals",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("region_code", String(4), nullable=False, index=True),
    Column("year", Integer, nullable=False),
    Column("purpose", Text, nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("municipality_codes", ARRAY(String(6)), nullable=False),
    Column("rule", String(20), nullable=False),
    Column("submitted_by", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
    Column("commitment_id", UUID(as_uuid=True)),
    Column("submitted_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # A gemeente's list (municipality_codes @> ARRAY[code]) reads this index, not every proposal.
    Index("ix_proposals_municipality_codes", "municipality_codes", postgresql_using="gin"),
)

proposal_votes = Table(
    "proposal_votes",
    metadata,
    Column("proposal_id", UUID(as_uuid=True), ForeignKey("proposals.id"), primary_key=True),
    Column("municipality_code", String(6), primary_key=True),
    Column("choice", String(10), nullable=False),
    Column("remark", Text),
    Column("cast_at", DateTime(timezone=True), nullable=False),
)

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("seq", BigInteger, Identity(always=True), primary_key=True),
    Column("id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("region_code", String(4), nullable=False),
    Column("year", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("reference_id", UUID(as_uuid=True), nullable=False),
    Column("cause_kind", String(10), nullable=False),
    Column("cause_id", UUID(as_uuid=True), nullable=False),
    Column("cause_note", String(300), nullable=False),
    Column("memo", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

Index("ix_ledger_entries_region_year", ledger_entries.c.region_code, ledger_entries.c.year)
