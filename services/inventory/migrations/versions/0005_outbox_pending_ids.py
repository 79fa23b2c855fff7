"""The outbox's queue of pending ids (shared.messaging.tables): publishing deletes from it
instead of updating the outbox row.

Revision ID: inventory_outbox_pending_ids
Revises: inventory_pilot_funding
"""
from shared.messaging.migration import queue_pending_ids, unqueue_pending_ids

revision = "inventory_outbox_pending_ids"
down_revision = "inventory_pilot_funding"
branch_labels = None
depends_on = None


def upgrade() -> None:
    queue_pending_ids("inventory")


def downgrade() -> None:
    unqueue_pending_ids("inventory")
