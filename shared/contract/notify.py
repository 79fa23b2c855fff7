"""Events owned by the notify service (topic weerbaar.notify.events).

They tell who was notified of what without carrying personal data: a delivery is
named by its id and subscription, never by an email address or an endpoint URL.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from uuid import UUID

from pydantic import Field

from shared.contract.envelope import IntegrationEvent

Channel = Literal["email", "webhook"]
DeliveryKind = Literal["event", "digest", "reminder", "memo"]


# Added within v1 (optional, so older readers and producers stay valid): what was delivered.
def _event_id() -> Any:
    return Field(default=None, description="The event this message told about (its CloudEvent id, ce_id); "
                                           "none for digests, reminders and memos")


def _event_type() -> Any:
    return Field(default=None, description="The type of that event (ce_type)")


def _webhook_id() -> Any:
    return Field(default=None, description="For a webhook: the webhook-id header the receiver got, "
                                           "msg_<delivery_id without dashes>, the same on every attempt")


class NotificationSent(IntegrationEvent):
    """A message reached its recipient's server (SMTP accepted it, or the webhook answered 2xx)."""

    TYPE = "notify.notification.sent.v1"

    delivery_id: UUID
    kind: DeliveryKind
    channel: Channel
    subscription_id: UUID | None = None
    attempts: int = Field(ge=1)
    event_id: UUID | None = _event_id()
    event_type: str | None = _event_type()
    webhook_id: str | None = _webhook_id()


class NotificationFailed(IntegrationEvent):
    """A message was given up after its last attempt: a dead letter, with the reason."""

    TYPE = "notify.notification.failed.v1"

    delivery_id: UUID
    kind: DeliveryKind
    channel: Channel
    subscription_id: UUID | None = None
    attempts: int = Field(ge=1)
    event_id: UUID | None = _event_id()
    event_type: str | None = _event_type()
    webhook_id: str | None = _webhook_id()
    reason: str


class MemoGenerated(IntegrationEvent):
    """The periodic update memo for a region's general board was generated and sent to its subscribers."""

    TYPE = "notify.memo.generated.v1"

    memo_id: UUID
    period_start: date
    period_end: date
    event_count: int = Field(ge=0)
    recipients: int = Field(ge=0)
