"""Events owned by the notify service (topic weerbaar.notify.events).

They tell who was notified of what without carrying personal data: a delivery is
named by its id and subscription, never by an email address or an endpoint URL.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import Field

from shared.contract.envelope import IntegrationEvent

Channel = Literal["email", "webhook"]
DeliveryKind = Literal["event", "digest", "reminder", "memo"]


class NotificationSent(IntegrationEvent):
    """A message reached its recipient's server (SMTP accepted it, or the webhook answered 2xx)."""

    TYPE = "notify.notification.sent.v1"

    delivery_id: UUID
    kind: DeliveryKind
    channel: Channel
    subscription_id: UUID | None = None
    attempts: int = Field(ge=1)


class NotificationFailed(IntegrationEvent):
    """A message was given up after its last attempt: a dead letter, with the reason."""

    TYPE = "notify.notification.failed.v1"

    delivery_id: UUID
    kind: DeliveryKind
    channel: Channel
    subscription_id: UUID | None = None
    attempts: int = Field(ge=1)
    reason: str


class MemoGenerated(IntegrationEvent):
    """The periodic update memo for a region's general board was generated and sent to its subscribers."""

    TYPE = "notify.memo.generated.v1"

    memo_id: UUID
    period_start: date
    period_end: date
    event_count: int = Field(ge=0)
    recipients: int = Field(ge=0)
