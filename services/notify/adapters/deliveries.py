"""Persistence of notifications, deliveries and the delivery log."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.notify.adapters.subscriptions import owned_by
from services.notify.adapters.tables import deliveries, delivery_attempts, endpoints, notifications, subscriptions
from services.notify.domain.delivery import Channel, Delivery, Status
from services.notify.domain.subscription import Owner, Status as SubscriptionStatus

DELIVERY_COLUMNS = ("id", "dedupe_key", "channel", "recipient", "subject", "body", "region_code", "next_attempt_at",
                    "subscription_id", "endpoint_id", "html", "attachment_name", "attachment", "status", "attempts",
                    "last_response", "dead_reason", "sent_at", "event_id", "event_type", "correlation_id",
                    "causation_id")
ENDED = "the subscription ended before it was sent"


class DeliveryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_notification(self, row: dict[str, Any]) -> bool:
        """False when this subscriber already has this event (a redelivery)."""
        statement = insert(notifications).values(row).on_conflict_do_nothing().returning(notifications.c.id)
        return (await self._session.execute(statement)).first() is not None

    async def queue(self, delivery: Delivery, created_at: datetime) -> bool:
        """False when a delivery with the same dedupe key exists: nothing is sent twice."""
        row = {c: getattr(delivery, c) for c in DELIVERY_COLUMNS}
        row.update(channel=delivery.channel.value, status=delivery.status.value, created_at=created_at)
        statement = insert(deliveries).values(row).on_conflict_do_nothing().returning(deliveries.c.id)
        return (await self._session.execute(statement)).first() is not None

    async def claim_due(self, now: datetime, limit: int, token: UUID, lease_until: datetime) -> list[Delivery]:
        """Up to ``limit`` due deliveries, marked with ``token`` until ``lease_until``.

        The claim commits at once: sending happens outside any transaction, and a
        worker that dies mid-send leaves its claim to expire, after which the delivery
        is due again (at least once; webhooks carry a stable id for that case).
        """
        due = (
            select(deliveries.c.id)
            .where(deliveries.c.status == Status.QUEUED.value, deliveries.c.next_attempt_at <= now,
                   or_(deliveries.c.claimed_until.is_(None), deliveries.c.claimed_until <= now))
            .order_by(deliveries.c.next_attempt_at, deliveries.c.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        statement = (
            update(deliveries).where(deliveries.c.id.in_(due.scalar_subquery()))
            .values(claim_token=token, claimed_until=lease_until)
            .returning(*deliveries.c)
        )
        rows = (await self._session.execute(statement)).all()
        return sorted((_delivery(r) for r in rows), key=lambda d: (d.next_attempt_at, d.id.int))

    async def hold_for_paused_endpoints(self, now: datetime) -> None:
        """Due deliveries to a paused endpoint wait for the pause to end, using no attempt."""
        await self._session.execute(
            update(deliveries)
            .where(deliveries.c.endpoint_id == endpoints.c.id, endpoints.c.paused_until > now,
                   deliveries.c.status == Status.QUEUED.value, deliveries.c.next_attempt_at <= now)
            .values(next_attempt_at=endpoints.c.paused_until)
        )

    async def cancel_for_ended_subscriptions(self, now: datetime) -> None:
        """Queued messages of a subscription that ended are not sent (also those an older
        copy of the subscription list queued in another replica)."""
        ended = select(subscriptions.c.id).where(subscriptions.c.status == SubscriptionStatus.ENDED.value)
        await self._session.execute(
            update(deliveries)
            .where(deliveries.c.status == Status.QUEUED.value, deliveries.c.next_attempt_at <= now,
                   deliveries.c.subscription_id.in_(ended.scalar_subquery()))
            .values(status=Status.CANCELLED.value, dead_reason=ENDED)
        )

    async def cancel_of(self, subscription_id: UUID) -> None:
        await self._session.execute(
            update(deliveries)
            .where(deliveries.c.subscription_id == subscription_id, deliveries.c.status == Status.QUEUED.value)
            .values(status=Status.CANCELLED.value, dead_reason=ENDED)
        )

    async def queued(self) -> int:
        """Messages waiting for a (next) attempt: the delivery worker's queue depth."""
        query = select(func.count()).select_from(deliveries).where(deliveries.c.status == Status.QUEUED.value)
        return int(await self._session.scalar(query) or 0)

    async def record(self, results: list[Delivery], token: UUID) -> list[Delivery]:
        """Writes attempts' results under the claim that made them, in a few statements
        whatever their number; returns those written. A result whose claim was lost (its
        lease ran out and another worker took the delivery over) is not written."""
        held_query = (select(deliveries.c.id)
                      .where(deliveries.c.id.in_([d.id for d in results]), deliveries.c.claim_token == token)
                      .with_for_update())
        held = set((await self._session.execute(held_query)).scalars().all())
        mine = [d for d in results if d.id in held]
        if not mine:
            return []
        c = deliveries.c
        statement = update(deliveries).where(c.id == bindparam("delivery_id")).values(
            status=bindparam("new_status"), attempts=bindparam("new_attempts"),
            next_attempt_at=bindparam("new_next_attempt_at"), last_response=bindparam("new_last_response"),
            dead_reason=bindparam("new_dead_reason"), sent_at=bindparam("new_sent_at"), claim_token=None,
            claimed_until=None,
        )
        await self._session.execute(statement, [
            {"delivery_id": d.id, "new_status": d.status.value, "new_attempts": d.attempts,
             "new_next_attempt_at": d.next_attempt_at, "new_last_response": d.last_response,
             "new_dead_reason": d.dead_reason, "new_sent_at": d.sent_at} for d in mine
        ])
        attempts = [{"delivery_id": d.id, "attempted_at": at, "ok": ok, "response": answer[:2000]}
                    for d in mine for at, ok, answer in d.log]
        if attempts:
            await self._session.execute(delivery_attempts.insert(), attempts)
        for delivery in mine:
            delivery.log.clear()
        return mine

    async def with_pending_digest(self, subscription_ids: list[UUID], before: datetime) -> set[UUID]:
        """Which of these subscriptions have notifications waiting from before ``before``."""
        query = (
            select(notifications.c.subscription_id).distinct()
            .where(notifications.c.state == "digest_pending", notifications.c.occurred_at < before,
                   notifications.c.subscription_id.in_(subscription_ids))
        )
        return set((await self._session.execute(query)).scalars().all())

    async def pending_digest(self, subscription_id: UUID, before: datetime) -> list[Any]:
        query = (
            select(notifications)
            .where(notifications.c.subscription_id == subscription_id, notifications.c.state == "digest_pending",
                   notifications.c.occurred_at < before)
            .order_by(notifications.c.occurred_at)
            .with_for_update()
        )
        return list((await self._session.execute(query)).all())

    async def mark_digested(self, notification_ids: list[int], delivery_id: UUID) -> None:
        await self._session.execute(
            update(notifications).where(notifications.c.id.in_(notification_ids))
            .values(state="digested", delivery_id=delivery_id)
        )

    async def personal_feed(self, owner: Owner, limit: int) -> list[Any]:
        query = (
            select(notifications, subscriptions.c.frequency)
            .join(subscriptions, subscriptions.c.id == notifications.c.subscription_id)
            .where(owned_by(owner), subscriptions.c.kind == "person")
            .order_by(notifications.c.occurred_at.desc(), notifications.c.id.desc())
            .limit(limit)
        )
        return list((await self._session.execute(query)).all())

    async def log_of(self, subscription_id: UUID, limit: int = 200) -> list[tuple[Any, list[Any]]]:
        query = (
            select(deliveries).where(deliveries.c.subscription_id == subscription_id)
            .order_by(deliveries.c.created_at.desc()).limit(limit)
        )
        heads = list((await self._session.execute(query)).all())
        attempts = (await self._session.execute(
            select(delivery_attempts).where(delivery_attempts.c.delivery_id.in_([h.id for h in heads]))
            .order_by(delivery_attempts.c.id)
        )).all()
        by_delivery: dict[UUID, list[Any]] = {}
        for attempt in attempts:
            by_delivery.setdefault(attempt.delivery_id, []).append(attempt)
        return [(head, by_delivery.get(head.id, [])) for head in heads]


def _delivery(row: Any) -> Delivery:
    values = {c: getattr(row, c) for c in DELIVERY_COLUMNS}
    values.update(channel=Channel(row.channel), status=Status(row.status))
    return Delivery(**values)
