"""The outbox's queue of pending ids (shared.messaging.tables): publishing deletes from it
instead of updating the outbox row.

Revision ID: funding_outbox_pending_ids
Revises: 0004
"""
from shared.messaging.migration import queue_pending_ids, unqueue_pending_ids

revision = "funding_outbox_pending_ids"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    queue_pending_ids("funding")


def downgrade() -> None:
    unqueue_pending_ids("funding")
