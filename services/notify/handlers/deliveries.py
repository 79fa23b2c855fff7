"""Sending what is due, and queueing documents for subscribers.

A round claims up to ``batch_size`` due deliveries in one short transaction (a
claim token and a lease, no lock kept), sends them outside any transaction, and
records each result, with its attempt, the endpoint's health and notify's own
event, in short transactions as results come in (several results per commit).
No transaction is open while SMTP or HTTP is waited for.

Sending runs in lanes: one per webhook endpoint (its messages one after another,
oldest first, so an endpoint that starts failing is paused after
``pause_after_failures`` and the rest of its lane waits without using attempts),
and a few e-mail lanes, each reusing one SMTP connection. At most ``concurrency``
sends are in flight at once.

Exactly one message per event and subscriber comes from the unique dedupe key when
the delivery is queued. A claim whose worker dies expires after ``lease`` and the
delivery is tried again: at least once, with the same ``webhook-id``.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, get_args
from uuid import UUID, uuid4

from shared.contract.notify import DeliveryKind, NotificationFailed, NotificationSent
from shared.observability.metrics import DELIVERIES
from services.notify.adapters.senders import SendFailed, SmtpSender, WebhookSender
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.domain.delivery import Channel, Delivery, EndpointHealth, EndpointTally, Status
from services.notify.domain.subscription import Subscription
from services.notify.handlers.context import NotifyContext

log = logging.getLogger(__name__)
SERVICE = "notify"
# Kinds notify's events know (v1). Confirmations are address checks, not programme news: not announced.
ANNOUNCED_KINDS = frozenset(get_args(DeliveryKind))
ADDRESS = re.compile(r"[^\s<>@]+@[^\s<>@]+")


@dataclass
class Senders:
    email: SmtpSender
    webhook: WebhookSender


@dataclass(frozen=True)
class DeliveryOptions:
    batch_size: int = 50
    concurrency: int = 16
    smtp_connections: int = 2
    lease: timedelta = timedelta(minutes=5)
    longest_send: timedelta = timedelta(seconds=20)  # a send's deadline: no send starts that could outlive the lease


@dataclass
class Result:
    """One claimed delivery after its turn; ``endpoint_ok`` None when no endpoint was contacted."""

    delivery: Delivery
    at: datetime
    tried: bool
    endpoint_ok: bool | None = None


@dataclass
class RoundReport:
    claimed: int = 0
    recorded: int = 0
    lost_claims: int = 0
    errors: list[str] = field(default_factory=list)


async def deliver_due(uow_factory: Callable[[], Any], context: NotifyContext, senders: Senders,
                      options: DeliveryOptions) -> RoundReport:
    """One round: claim, send, record. Returns what it did."""
    token = uuid4()
    claimed, endpoints, lease_until = await _claim(uow_factory, context, options, token)
    report = RoundReport(claimed=len(claimed))
    if not claimed:
        return report
    recorder = Recorder(uow_factory, context, token, report)
    recording = asyncio.create_task(recorder.run(), name="notify-delivery-recorder")
    turn = Turn(asyncio.Semaphore(options.concurrency), senders, context, recorder.put, lease_until, options.longest_send)
    try:
        await asyncio.gather(*(lane(turn) for lane in _lanes(claimed, endpoints, options.smtp_connections)))
    finally:
        recorder.finish()
        await asyncio.shield(recording)
    return report


async def _claim(uow_factory: Callable[[], Any], context: NotifyContext, options: DeliveryOptions,
                 token: UUID) -> tuple[list[Delivery], dict[UUID, Any], datetime]:
    now = context.clock()
    lease_until = now + options.lease
    async with uow_factory() as uow:
        await uow.deliveries.cancel_for_ended_subscriptions(now)
        await uow.deliveries.hold_for_paused_endpoints(now)
        claimed = await uow.deliveries.claim_due(now, options.batch_size, token, lease_until)
        endpoints = await uow.endpoints.of(sorted({d.endpoint_id for d in claimed if d.endpoint_id}, key=str))
        await uow.commit()
    return claimed, endpoints, lease_until


@dataclass
class Turn:
    """What every lane of a round shares."""

    bound: asyncio.Semaphore  # sends in flight across lanes
    senders: Senders
    context: NotifyContext
    report: Callable[[Result], None]
    lease_until: datetime
    longest_send: timedelta

    def in_time(self) -> bool:
        """One more send ends before the claim does. Otherwise the lane stops and gives its
        remaining deliveries back unchanged: no other worker can take a delivery in flight."""
        return self.context.clock() + self.longest_send < self.lease_until

    def give_back(self, delivery: Delivery) -> None:
        self.report(Result(delivery, self.context.clock(), tried=False))


def _lanes(claimed: list[Delivery], endpoints: dict[UUID, Any], smtp_connections: int) -> list[Any]:
    by_endpoint: dict[UUID | None, list[Delivery]] = {}
    emails: list[Delivery] = []
    for delivery in claimed:
        if delivery.channel is Channel.WEBHOOK:
            by_endpoint.setdefault(delivery.endpoint_id, []).append(delivery)
        else:
            emails.append(delivery)
    lanes: list[Any] = [WebhookLane(endpoints.get(key), batch) for key, batch in by_endpoint.items()]
    width = max(1, min(smtp_connections, len(emails)))
    lanes += [EmailLane(emails[i::width]) for i in range(width) if emails[i::width]]
    return lanes


@dataclass
class WebhookLane:
    endpoint: Any | None  # the endpoints row: url, secrets, health
    deliveries: list[Delivery]

    async def __call__(self, turn: Turn) -> None:
        if self.endpoint is None:
            for delivery in self.deliveries:
                delivery.cancel("its endpoint no longer exists")
                turn.give_back(delivery)
            return
        health = EndpointHealth(self.endpoint.consecutive_failures, self.endpoint.paused_until)
        for delivery in self.deliveries:
            now = turn.context.clock()
            if health.paused(now):
                delivery.wait_until(health.paused_until)  # type: ignore[arg-type]
                turn.give_back(delivery)
                continue
            if not turn.in_time():
                turn.give_back(delivery)
                continue
            async with turn.bound:
                ok = await _attempt(delivery, now, turn.context, turn.senders.webhook.send(
                    delivery, now, self.endpoint.url, list(self.endpoint.secrets)))
            if ok:
                health.succeeded()
            else:
                health.failed(now, turn.context.policy)
            turn.report(Result(delivery, now, tried=True, endpoint_ok=ok))


@dataclass
class EmailLane:
    deliveries: list[Delivery]

    async def __call__(self, turn: Turn) -> None:
        session = turn.senders.email.session()
        try:
            for delivery in self.deliveries:
                if not turn.in_time():
                    turn.give_back(delivery)
                    continue
                now = turn.context.clock()
                async with turn.bound:
                    await _attempt(delivery, now, turn.context, session.send(delivery, now))
                turn.report(Result(delivery, now, tried=True))
        finally:
            await session.close()


async def _attempt(delivery: Delivery, now: datetime, context: NotifyContext, sending: Any) -> bool:
    try:
        delivery.succeeded(now, await sending)
        return True
    except SendFailed as error:
        delivery.failed(now, str(error), context.policy)
    except Exception as error:  # a message that cannot even be built fails like any attempt, towards its dead letter
        log.exception("notify: delivery %s could not be sent", delivery.id,
                      extra={"event": "delivery_error", "delivery_id": str(delivery.id)})
        delivery.failed(now, f"could not be sent: {type(error).__name__}", context.policy)
    return False


class Recorder:
    """Writes results as they come, several per transaction."""

    def __init__(self, uow_factory: Callable[[], Any], context: NotifyContext, token: UUID, report: RoundReport) -> None:
        self._uow_factory, self._context, self._token, self._report = uow_factory, context, token, report
        self._queue: asyncio.Queue[Result | None] = asyncio.Queue()

    def put(self, result: Result) -> None:
        self._queue.put_nowait(result)

    def finish(self) -> None:
        self._queue.put_nowait(None)

    async def run(self) -> None:
        finished = False
        while not finished:
            batch = [await self._queue.get()]
            while not self._queue.empty():
                batch.append(self._queue.get_nowait())
            finished = None in batch
            results = [r for r in batch if r is not None]
            if results:
                await self._write(results)

    async def _write(self, results: list[Result]) -> None:
        try:
            async with self._uow_factory() as uow:
                written = await self._write_all(results, uow)
                await uow.commit()
        except Exception as error:  # the claims expire and these deliveries are tried again
            self._report.errors.append(f"{type(error).__name__}: {error}")
            log.exception("notify: %d delivery results not recorded; tried again when their claim expires",
                          len(results), extra={"event": "delivery_record_failed", "deliveries": len(results)})
            return
        self._report.recorded += len(written)
        for result in written:
            observe(result)

    async def _write_all(self, results: list[Result], uow: NotifyUnitOfWork) -> list[Result]:
        recorded = {d.id for d in await uow.deliveries.record([r.delivery for r in results], self._token)}
        written = [r for r in results if r.delivery.id in recorded]
        for result in results:
            if result.delivery.id not in recorded:
                self._report.lost_claims += 1
                log.warning("notify: claim on delivery %s lost (lease expired); its result is dropped",
                            result.delivery.id, extra={"event": "delivery_claim_lost", "delivery_id": str(result.delivery.id)})
        policy = self._context.policy
        await uow.endpoints.report(_tallies(written), policy.pause_after_failures, policy.pause_for)
        for result in written:
            announce(result.delivery, uow)
        return written


def _tallies(results: list[Result]) -> dict[UUID, EndpointTally]:
    tallies: dict[UUID, EndpointTally] = {}
    for result in results:
        if result.delivery.endpoint_id and result.endpoint_ok is not None:
            tallies.setdefault(result.delivery.endpoint_id, EndpointTally()).add(result.endpoint_ok, result.at)
    return tallies


def announce(delivery: Delivery, uow: NotifyUnitOfWork) -> None:
    """notify.notification.sent.v1 / .failed.v1, in the same transaction as the result."""
    if delivery.kind not in ANNOUNCED_KINDS or delivery.status not in (Status.SENT, Status.DEAD):
        return
    common: dict[str, Any] = {
        "subject": f"delivery/{delivery.id}", "region_code": delivery.region_code, "delivery_id": delivery.id,
        "kind": delivery.kind, "channel": delivery.channel.value, "subscription_id": delivery.subscription_id,
        "attempts": max(delivery.attempts, 1), "event_id": delivery.event_id, "event_type": delivery.event_type,
        "webhook_id": delivery.webhook_id if delivery.channel is Channel.WEBHOOK else None,
        # A delivery continues its event's story; one that no event caused starts its own.
        "correlation_id": delivery.correlation_id or delivery.id, "causation_id": delivery.causation_id,
    }
    if delivery.status is Status.SENT:
        uow.emit(NotificationSent(**common))
    else:
        uow.emit(NotificationFailed(**common, reason=delivery.dead_reason or "unknown"))


def observe(result: Result) -> None:
    """Metrics and a structured log line for every failed attempt, once its result is committed."""
    delivery = result.delivery
    if not result.tried:
        return
    outcome = {Status.SENT: "delivered", Status.DEAD: "failed"}.get(delivery.status, "retry")
    DELIVERIES.labels(service=SERVICE, channel=delivery.channel.value, outcome=outcome).inc()
    if outcome == "delivered":
        return
    level = logging.ERROR if outcome == "failed" else logging.WARNING
    log.log(level, "notify: %s delivery %s failed (attempt %d, %s): %s", delivery.channel.value, delivery.id,
            delivery.attempts, outcome, without_addresses(delivery.last_response or ""), extra={
                "event": "delivery_failed", "delivery_id": str(delivery.id), "channel": delivery.channel.value,
                "delivery_kind": delivery.kind, "outcome": outcome, "attempt": delivery.attempts,
                "answer": without_addresses(delivery.last_response or ""), "subscription_id": _text(delivery.subscription_id),
                "endpoint_id": _text(delivery.endpoint_id), "event_id": _text(delivery.event_id),
                "correlation_id": _text(delivery.correlation_id),
                "next_attempt_at": delivery.next_attempt_at.isoformat() if outcome == "retry" else None,
            })


def without_addresses(answer: str) -> str:
    """A server's answer for the logs: an SMTP refusal may quote the recipient's address."""
    return ADDRESS.sub("<address>", answer)


def _text(value: UUID | None) -> str | None:
    return str(value) if value else None


@dataclass(frozen=True)
class Document:
    """Something to e-mail to several subscribers, e.g. the board memo.

    ``key`` names the document ("memo:<id>"): with each address it makes the dedupe
    key, so a document reaches an address once, however often it is queued.
    ``body`` is the text, or a function that writes it for one subscriber.
    """

    key: str
    region_code: str
    subject: str
    body: str | Callable[[Subscription], str]
    html: str | None = None
    attachment_name: str | None = None
    attachment: bytes | None = None
    causation_id: UUID | None = None


async def enqueue_document(document: Document, recipients: Iterable[Subscription], uow: NotifyUnitOfWork,
                           now: datetime) -> int:
    """Queues ``document`` by e-mail for ``recipients`` (the caller chooses them, e.g. a region's
    active board subscribers), one message per address, in the caller's transaction.
    Returns the number of addresses."""
    by_address: dict[str, Subscription] = {}
    for subscription in recipients:
        if subscription.email:
            by_address.setdefault(subscription.email.lower(), subscription)
    for address, subscription in by_address.items():
        body = document.body(subscription) if callable(document.body) else document.body
        await uow.deliveries.queue(Delivery(
            id=uuid4(), dedupe_key=f"{document.key}:{address}", channel=Channel.EMAIL,
            recipient=subscription.email or address, subject=document.subject, body=body, html=document.html,
            attachment_name=document.attachment_name, attachment=document.attachment,
            region_code=document.region_code, next_attempt_at=now, subscription_id=subscription.id,
            correlation_id=uow.correlation_id, causation_id=document.causation_id,
        ), now)
    return len(by_address)
