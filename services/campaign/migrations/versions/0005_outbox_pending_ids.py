"""The outbox's queue of pending ids (shared.messaging.tables): publishing deletes from it
instead of updating the outbox row.

Revision ID: campaign_outbox_pending_ids
Revises: campaign_participation
"""
from shared.messaging.migration import queue_pending_ids, unqueue_pending_ids

revision = "campaign_outbox_pending_ids"
down_revision = "campaign_participation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    queue_pending_ids("campaign")


def downgrade() -> None:
    unqueue_pending_ids("campaign")
