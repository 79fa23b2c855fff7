"""Persistence of notifications, deliveries and the delivery log."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.notify.adapters.tables import deliveries, delivery_attempts, notifications, subscriptions
from services.notify.domain.delivery import Channel, Delivery, Status

DELIVERY_COLUMNS = ("id", "dedupe_key", "channel", "recipient", "subject", "body", "region_code", "next_attempt_at",
                    "subscription_id", "endpoint_id", "html", "attachment_name", "attachment", "status", "attempts",
                    "last_response", "dead_reason", "sent_at")


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

    async def claim_due(self, now: datetime) -> Delivery | None:
        """The oldest due delivery, locked for this transaction; others skip it."""
        query = (
            select(deliveries)
            .where(deliveries.c.status == Status.QUEUED.value, deliveries.c.next_attempt_at <= now)
            .order_by(deliveries.c.next_attempt_at, deliveries.c.created_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        row = (await self._session.execute(query)).first()
        return _delivery(row) if row else None

    async def save(self, delivery: Delivery) -> None:
        await self._session.execute(
            update(deliveries).where(deliveries.c.id == delivery.id).values(
                status=delivery.status.value, attempts=delivery.attempts, next_attempt_at=delivery.next_attempt_at,
                last_response=delivery.last_response, dead_reason=delivery.dead_reason, sent_at=delivery.sent_at,
            )
        )
        if delivery.log:
            await self._session.execute(
                delivery_attempts.insert(),
                [{"delivery_id": delivery.id, "attempted_at": at, "ok": ok, "response": answer[:2000]}
                 for at, ok, answer in delivery.log],
            )
            delivery.log.clear()

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

    async def personal_feed(self, owner: str, limit: int) -> list[Any]:
        query = (
            select(notifications, subscriptions.c.frequency)
            .join(subscriptions, subscriptions.c.id == notifications.c.subscription_id)
            .where(subscriptions.c.owner == owner, subscriptions.c.kind == "person")
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
