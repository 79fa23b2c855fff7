"""The outbox's queue of pending ids (shared.messaging.tables): publishing deletes from it
instead of updating the outbox row.

Revision ID: notify_outbox_pending_ids
Revises: notify_delivery
"""
from shared.messaging.migration import queue_pending_ids, unqueue_pending_ids

revision = "notify_outbox_pending_ids"
down_revision = "notify_delivery"
branch_labels = None
depends_on = None


def upgrade() -> None:
    queue_pending_ids("notify")


def downgrade() -> None:
    unqueue_pending_ids("notify")
