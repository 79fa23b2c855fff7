"""One message on its way to one recipient, and the rules for trying again.

Retries back off exponentially; an endpoint that keeps failing is paused so it is
not hammered (its deliveries wait, their attempts are not used up); after the last
attempt a delivery becomes a dead letter with its reason.
"""

from __future__ import annotations

import enum
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID, uuid5

# Namespace of the delivery ids of event notifications: uuid5(namespace, "<event id>/<subscription id>").
EVENT_DELIVERY_NAMESPACE = UUID("7d1f9a52-3c1e-4f0e-9a49-5d2b8e6c4a10")
EXCERPT_CHARACTERS = 100
_UNPRINTABLE = re.compile(r"[^\x20-\x7e\u00a0-\u024f]+")


class Channel(str, enum.Enum):
    EMAIL = "email"
    WEBHOOK = "webhook"


class Status(str, enum.Enum):
    QUEUED = "queued"  # waiting for its (next) attempt
    SENT = "sent"
    DEAD = "dead"  # gave up after the last attempt: a dead letter
    CANCELLED = "cancelled"  # its subscription ended before it went out


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    first_backoff: timedelta = timedelta(seconds=30)
    max_backoff: timedelta = timedelta(hours=1)
    pause_after_failures: int = 5
    pause_for: timedelta = timedelta(minutes=10)

    def backoff(self, attempts: int) -> timedelta:
        return min(self.first_backoff * (2 ** max(attempts - 1, 0)), self.max_backoff)


@dataclass
class Delivery:
    id: UUID
    dedupe_key: str
    channel: Channel
    recipient: str
    subject: str
    body: str
    region_code: str
    next_attempt_at: datetime
    subscription_id: UUID | None = None
    endpoint_id: UUID | None = None
    html: str | None = None
    attachment_name: str | None = None
    attachment: bytes | None = None
    status: Status = Status.QUEUED
    attempts: int = 0
    last_response: str | None = None
    dead_reason: str | None = None
    sent_at: datetime | None = None
    # What it tells about, for notify's own events: the delivered event and its correlation.
    event_id: UUID | None = None
    event_type: str | None = None
    correlation_id: UUID | None = None
    causation_id: UUID | None = None
    log: list[tuple[datetime, bool, str]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """event, digest, reminder, memo, confirmation: the dedupe key's first part."""
        return self.dedupe_key.split(":", 1)[0]

    @property
    def webhook_id(self) -> str:
        """Standard Webhooks ``webhook-id``: the same on every retry, so receivers deduplicate on it."""
        return f"msg_{self.id.hex}"

    def succeeded(self, now: datetime, response: str) -> None:
        self.attempts += 1
        self.status, self.sent_at, self.last_response = Status.SENT, now, response
        self.log.append((now, True, response))

    def failed(self, now: datetime, response: str, policy: RetryPolicy) -> None:
        self.attempts += 1
        self.last_response = response
        self.log.append((now, False, response))
        if self.attempts >= policy.max_attempts:
            self.status = Status.DEAD
            self.dead_reason = f"gave up after {self.attempts} attempts; last answer: {response}"
        else:
            self.next_attempt_at = now + policy.backoff(self.attempts)

    def cancel(self, reason: str) -> None:
        self.status, self.dead_reason = Status.CANCELLED, reason

    def wait_until(self, moment: datetime) -> None:
        """The endpoint is paused: try again when the pause ends, without using an attempt."""
        self.next_attempt_at = max(self.next_attempt_at, moment)


@dataclass
class EndpointHealth:
    consecutive_failures: int = 0
    paused_until: datetime | None = None

    def paused(self, now: datetime) -> bool:
        return self.paused_until is not None and now < self.paused_until

    def succeeded(self) -> None:
        self.consecutive_failures, self.paused_until = 0, None

    def failed(self, now: datetime, policy: RetryPolicy) -> None:
        self.consecutive_failures += 1
        if self.consecutive_failures >= policy.pause_after_failures:
            self.paused_until = now + policy.pause_for


@dataclass
class EndpointTally:
    """What a batch of results says about an endpoint's health, in order."""

    succeeded: bool = False  # a success in the batch: the count restarts from the failures after it
    failures_since_success: int = 0
    last_failure_at: datetime | None = None

    def add(self, ok: bool, at: datetime) -> None:
        if ok:
            self.succeeded, self.failures_since_success, self.last_failure_at = True, 0, None
        else:
            self.failures_since_success += 1
            self.last_failure_at = at


def webhook_body(event_type: str, timestamp: datetime, data: dict) -> str:
    """Standard Webhooks payload shape: type, timestamp, data."""
    return json.dumps({"type": event_type, "timestamp": timestamp.isoformat(), "data": data}, sort_keys=True,
                      separators=(",", ":"))


def event_delivery_id(event_id: UUID, subscription_id: UUID) -> UUID:
    """The id of the one delivery of an event to a subscription: an integrator can derive it
    from the CloudEvent id it also reads on Kafka (see docs/notify.md)."""
    return uuid5(EVENT_DELIVERY_NAMESPACE, f"{event_id}/{subscription_id}")


def excerpt(text: str, limit: int = EXCERPT_CHARACTERS) -> str:
    """A short, printable piece of what the other side answered: enough to tell "503
    maintenance" from "404 not found", too little to read another server's data through it."""
    flat = " ".join(_UNPRINTABLE.sub(" ", text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
