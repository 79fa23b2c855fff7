"""Persistence of planned activity reminders."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.notify.adapters.tables import reminders
from services.notify.domain.reminders import Reminder


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def plan(self, reminder: Reminder, activity: dict[str, Any], now: datetime) -> None:
        """A rescheduled activity moves its reminders that were not sent yet."""
        values = {"activity_id": reminder.activity.activity_id, "kind": reminder.kind.value, "due_at": reminder.due_at,
                  "state": "skipped" if reminder.skipped else "pending", "activity": activity, "updated_at": now}
        statement = insert(reminders).values(values)
        statement = statement.on_conflict_do_update(
            constraint="reminders_once_per_activity_and_kind",
            set_={k: statement.excluded[k] for k in ("due_at", "state", "activity", "updated_at")},
            where=reminders.c.state != "sent",
        )
        await self._session.execute(statement)

    async def claim_due(self, now: datetime) -> Any | None:
        query = (
            select(reminders).where(reminders.c.state == "pending", reminders.c.due_at <= now)
            .order_by(reminders.c.due_at).limit(1).with_for_update(skip_locked=True)
        )
        return (await self._session.execute(query)).first()

    async def mark_sent(self, reminder_id: int, now: datetime) -> None:
        await self._session.execute(update(reminders).where(reminders.c.id == reminder_id).values(state="sent", updated_at=now))

    async def pending(self, region_codes: list[str], now: datetime, offset: int, limit: int) -> tuple[list[Any], int]:
        """Reminders not yet sent whose moment is still ahead, soonest first."""
        where = (reminders.c.state == "pending", reminders.c.due_at > now,
                 reminders.c.activity["region_code"].astext.in_(region_codes))
        total = await self._session.scalar(select(func.count()).select_from(reminders).where(*where)) or 0
        query = select(reminders).where(*where).order_by(reminders.c.due_at, reminders.c.id).offset(offset).limit(limit)
        return list((await self._session.execute(query)).all()), total
