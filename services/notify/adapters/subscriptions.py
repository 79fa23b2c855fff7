"""Persistence of subscriptions, integrator endpoints and the public flag of noodsteunpunten."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import and_, bindparam, case, func, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db.bulk import rows_upsert
from services.notify.adapters.tables import endpoints, noodsteunpunt_visibility, subscriptions
from services.notify.domain.delivery import EndpointTally
from services.notify.domain.subscription import Frequency, Kind, Owner, PersonRole, Status, Subscription
from services.notify.domain.visibility import Scope

# Each noodsteunpunt's public flag as of a time, one row each: built once (every event runs it,
# with the feed items: FeedRepository.add_many).
FLAG_COLUMNS = ("noodsteunpunt_id", "public", "updated_at")
REMEMBER_FLAGS = rows_upsert(noodsteunpunt_visibility, FLAG_COLUMNS, key=("noodsteunpunt_id",))

COLUMNS = ("id", "kind", "event_types", "frequency", "region_code", "municipality_code", "name", "email",
           "role", "endpoint_id", "status", "created_at", "confirmation_hash", "confirmation_expires_at")


class SubscriptionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, subscription: Subscription) -> None:
        row = {c: getattr(subscription, c) for c in COLUMNS if c != "created_at"}
        row.update(_owner_columns(subscription.owner), kind=subscription.kind.value,
                   frequency=subscription.frequency.value, status=subscription.status.value,
                   role=subscription.role.value if subscription.role else None)
        await self._session.execute(subscriptions.insert().values(row))

    async def get(self, subscription_id: UUID) -> Subscription | None:
        row = (await self._session.execute(select(subscriptions).where(subscriptions.c.id == subscription_id))).first()
        return _subscription(row) if row else None

    async def awaiting(self, confirmation_hash: str) -> Subscription | None:
        query = select(subscriptions).where(subscriptions.c.confirmation_hash == confirmation_hash).with_for_update()
        row = (await self._session.execute(query)).first()
        return _subscription(row) if row else None

    async def active(self) -> list[Subscription]:
        query = select(subscriptions).where(subscriptions.c.status == Status.ACTIVE.value).order_by(subscriptions.c.created_at)
        return [_subscription(r) for r in (await self._session.execute(query)).all()]

    async def visible(self, owner: Owner, managed_region: str | None, kind: Kind, everyone: bool = False) -> list[Subscription]:
        """The owner's own (pending or active), plus every one of ``managed_region`` when
        given, or every one of this kind (``everyone``)."""
        scope = true() if everyone else owned_by(owner)
        if managed_region:
            scope = or_(scope, subscriptions.c.region_code == managed_region)
        query = select(subscriptions).where(scope, subscriptions.c.status != Status.ENDED.value,
                                            subscriptions.c.kind == kind.value)
        return [_subscription(r) for r in (await self._session.execute(query.order_by(subscriptions.c.created_at))).all()]

    async def pending_of(self, owner: Owner) -> int:
        query = select(func.count()).select_from(subscriptions).where(
            owned_by(owner), subscriptions.c.status == Status.PENDING.value)
        return int(await self._session.scalar(query) or 0)

    async def save_status(self, subscription: Subscription) -> None:
        await self._session.execute(
            update(subscriptions).where(subscriptions.c.id == subscription.id).values(
                status=subscription.status.value, confirmation_hash=subscription.confirmation_hash,
                confirmation_expires_at=subscription.confirmation_expires_at,
            )
        )

    async def public_flag(self, noodsteunpunt_id: UUID) -> bool:
        query = select(noodsteunpunt_visibility.c.public).where(noodsteunpunt_visibility.c.noodsteunpunt_id == noodsteunpunt_id)
        return bool(await self._session.scalar(query))


def _owner_columns(owner: Owner) -> dict[str, Any]:
    return {"owner": owner.subject, "owner_issuer": owner.issuer, "owner_role": owner.scope.role,
            "owner_region_code": owner.scope.region_code, "owner_municipality_code": owner.scope.municipality_code}


def owned_by(owner: Owner) -> Any:
    c = subscriptions.c
    return and_(*(c[name] == value if value is not None else c[name].is_(None)
                  for name, value in _owner_columns(owner).items()))


def _subscription(row: Any) -> Subscription:
    values = {c: getattr(row, c) for c in COLUMNS}
    scope = Scope(row.owner_role, row.owner_region_code, row.owner_municipality_code)
    values.update(kind=Kind(row.kind), frequency=Frequency(row.frequency), status=Status(row.status),
                  role=PersonRole(row.role) if row.role else None, owner=Owner(row.owner, row.owner_issuer, scope))
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

    async def of(self, endpoint_ids: list[UUID]) -> dict[UUID, Any]:
        rows = (await self._session.execute(select(endpoints).where(endpoints.c.id.in_(endpoint_ids)))).all()
        return {row.id: row for row in rows}

    async def set_secrets(self, endpoint_id: UUID, secrets: list[str]) -> None:
        await self._session.execute(update(endpoints).where(endpoints.c.id == endpoint_id).values(secrets=secrets))

    async def report(self, tallies: dict[UUID, EndpointTally], pause_after: int, pause_for: timedelta) -> None:
        """Applies a batch of results to the endpoints' failure counts, in the database and in
        two statements at most: after a success the count restarts from the failures that
        followed it; otherwise it grows (several workers may report at once)."""
        c = endpoints.c
        restarted = [{"endpoint": e, "failures": t.failures_since_success,
                      "pause": _pause(t, pause_for) if t.failures_since_success >= pause_after else None}
                     for e, t in tallies.items() if t.succeeded]
        grown = [{"endpoint": e, "failures": t.failures_since_success, "pause": _pause(t, pause_for)}
                 for e, t in tallies.items() if not t.succeeded]
        if restarted:
            await self._session.execute(
                update(endpoints).where(c.id == bindparam("endpoint"))
                .values(consecutive_failures=bindparam("failures"), paused_until=bindparam("pause")), restarted)
        if grown:
            total = c.consecutive_failures + bindparam("failures")
            await self._session.execute(
                update(endpoints).where(c.id == bindparam("endpoint")).values(
                    consecutive_failures=total,
                    paused_until=case((total >= pause_after, bindparam("pause")), else_=c.paused_until)), grown)


def _pause(tally: EndpointTally, pause_for: timedelta) -> datetime | None:
    return tally.last_failure_at + pause_for if tally.last_failure_at else None
