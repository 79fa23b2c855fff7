"""Request and response bodies of the notify HTTP API."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.notify.domain.subscription import Frequency, PersonRole, Status


class FeedItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    event_id: UUID
    event_type: str
    region_code: str
    municipality_code: str | None
    subject: str
    title: str
    occurred_at: datetime


class PersonalFeedItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    event_id: UUID
    event_type: str
    region_code: str
    subject: str
    title: str
    link: str
    occurred_at: datetime
    subscription_id: UUID
    state: str = Field(description="immediate (sent on its own), digest_pending or digested")


class PersonSubscriptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=320)
    role: PersonRole
    event_types: list[str] = Field(min_length=1, max_length=100)
    frequency: Frequency = Frequency.IMMEDIATE
    region_code: str | None = Field(default=None, pattern=r"^VR(0[1-9]|1[0-9]|2[0-5])$")
    municipality_code: str | None = Field(default=None, pattern=r"^GM[0-9]{4}$")


class SubscriptionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    kind: str
    event_types: list[str]
    frequency: Frequency
    region_code: str | None
    municipality_code: str | None
    name: str | None
    email: str | None
    role: PersonRole | None
    endpoint_id: UUID | None
    status: Status = Field(description="pending: waits until the address is confirmed by the link sent to it; "
                                       "active; ended")


class ConfirmationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$",
                       description="The token from the link in the confirmation message")


class ConfirmationOut(BaseModel):
    status: Status


class EndpointIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="", max_length=200)
    url: str = Field(min_length=8, max_length=2000, description="https only; the host must resolve to public addresses")
    event_types: list[str] = Field(min_length=1, max_length=100)
    region_code: str | None = Field(default=None, pattern=r"^VR(0[1-9]|1[0-9]|2[0-5])$")
    municipality_code: str | None = Field(default=None, pattern=r"^GM[0-9]{4}$")
    secrets: list[str] | None = Field(default=None, max_length=5)


class EndpointOut(SubscriptionOut):
    secrets: list[str] = Field(description="Signing secrets (Standard Webhooks whsec_...); shown once, to who registered it")


class SecretsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    secrets: list[str] = Field(min_length=1, max_length=5)


class AttemptOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    attempted_at: datetime
    ok: bool
    response: str


class DeliveryOut(BaseModel):
    id: UUID
    kind: str = Field(description="event, digest, reminder, memo or confirmation")
    channel: str
    recipient: str
    subject: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_response: str | None = Field(description="The receiving server's status and a short excerpt of its answer")
    dead_reason: str | None
    created_at: datetime
    sent_at: datetime | None
    log: list[AttemptOut]


class MemoIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    period_start: date
    period_end: date


class MemoOut(BaseModel):
    id: UUID
    region_code: str
    period_start: date
    period_end: date
    kind: str = Field(description="requested (made on request) or scheduled (by the memo schedule, once per period)")
    subject: str
    event_count: int = Field(description="events of the period the memo summarises")
    recipients: int = Field(description="board subscribers it was sent to")
    created_at: datetime
    html_url: str
    pdf_url: str


class ReminderOut(BaseModel):
    activity_id: UUID
    title: str
    activity_kind: str
    starts_at: datetime
    place: str
    audience: list[str]
    region_code: str
    reminder: str = Field(description="invitation, week_before or day_before")
    due_at: datetime
