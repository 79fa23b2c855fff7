"""Events and small probes the notify integration tests share."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import select

from services.notify.adapters.tables import deliveries, subscriptions

INVENTORY = "/weerbaar/inventory"
FUNDING = "/weerbaar/funding"
CAMPAIGN = "/weerbaar/campaign"


def stamped(cls: type, *, source: str, region: str, subject: str | None = None, time: datetime | None = None, **data: Any):
    values: dict[str, Any] = {"source": source, "region_code": region, "subject": subject or f"thing/{uuid4()}", **data}
    if time is not None:
        values["time"] = time
    return cls(**values)


async def deliveries_to(notify, recipient_prefix: str) -> list[Any]:
    async with notify.service.session_factory() as session:
        query = select(deliveries).where(deliveries.c.recipient.startswith(recipient_prefix)).order_by(deliveries.c.created_at)
        return list((await session.execute(query)).all())


async def active_subscriptions(notify) -> int:
    """Subscriptions not ended (active, or waiting for their address to be confirmed)."""
    async with notify.service.session_factory() as session:
        rows = (await session.execute(select(subscriptions.c.id).where(subscriptions.c.status != "ended"))).all()
    return len(rows)
