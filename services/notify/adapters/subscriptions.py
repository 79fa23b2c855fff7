"""Persistence of subscriptions and integrator endpoints."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.notify.adapters.tables import endpoints, subscriptions
from services.notify.domain.delivery import EndpointHealth
from services.notify.domain.subscription import Frequency, Kind, PersonRole, Subscription

COLUMNS = ("id", "kind", "owner", "event_types", "frequency", "region_code", "municipality_code", "name", "email",
           "role", "endpoint_id", "active", "created_at")


class SubscriptionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, subscription: Subscription) -> None:
        row = {c: getattr(subscription, c) for c in COLUMNS if c != "created_at"}
        row.update(kind=subscription.kind.value, frequency=subscription.frequency.value,
                   role=subscription.role.value if subscription.role else None)
        await self._session.execute(subscriptions.insert().values(row))

    async def get(self, subscription_id: UUID) -> Subscription | None:
        row = (await self._session.execute(select(subscriptions).where(subscriptions.c.id == subscription_id))).first()
        return _subscription(row) if row else None

    async def active(self) -> list[Subscription]:
        query = select(subscriptions).where(subscriptions.c.active.is_(True)).order_by(subscriptions.c.created_at)
        return [_subscription(r) for r in (await self._session.execute(query)).all()]

    async def visible(self, owner: str, region_code: str | None, kind: Kind | None = None) -> list[Subscription]:
        """The caller's own, plus (for a region user) every subscription of their region."""
        scope = subscriptions.c.owner == owner
        if region_code:
            scope = or_(scope, subscriptions.c.region_code == region_code)
        query = select(subscriptions).where(scope, subscriptions.c.active.is_(True))
        if kind:
            query = query.where(subscriptions.c.kind == kind.value)
        return [_subscription(r) for r in (await self._session.execute(query.order_by(subscriptions.c.created_at))).all()]

    async def deactivate(self, subscription_id: UUID) -> None:
        await self._session.execute(update(subscriptions).where(subscriptions.c.id == subscription_id).values(active=False))


def _subscription(row: Any) -> Subscription:
    values = {c: getattr(row, c) for c in COLUMNS}
    values.update(kind=Kind(row.kind), frequency=Frequency(row.frequency), role=PersonRole(row.role) if row.role else None)
    return Subscription(**values)


class EndpointRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, endpoint_id: UUID, name: str, url: str, secrets: list[str], created_by: str) -> None:
        await self._session.execute(
            endpoints.insert().values(id=endpoint_id, name=name, url=url, secrets=secrets, created_by=created_by)
        )

    async def get(self, endpoint_id: UUID) -> Any | None:
        return (await self._session.execute(select(endpoints).where(endpoints.c.id == endpoint_id))).first()

    async def all(self) -> list[Any]:
        return list((await self._session.execute(select(endpoints).order_by(endpoints.c.created_at))).all())

    async def set_secrets(self, endpoint_id: UUID, secrets: list[str]) -> None:
        await self._session.execute(update(endpoints).where(endpoints.c.id == endpoint_id).values(secrets=secrets))

    async def save_health(self, endpoint_id: UUID, health: EndpointHealth) -> None:
        await self._session.execute(
            update(endpoints).where(endpoints.c.id == endpoint_id)
            .values(consecutive_failures=health.consecutive_failures, paused_until=health.paused_until)
        )

    async def get_locked(self, endpoint_id: UUID) -> Any:
        """The endpoint, locked for this transaction: its health is updated by one worker at a time."""
        query = select(endpoints).where(endpoints.c.id == endpoint_id).with_for_update()
        return (await self._session.execute(query)).one()
