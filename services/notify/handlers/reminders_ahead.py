"""The invitations and reminders still to come, so advisors see them before they are due."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.auth.principal import Principal
from services.notify.adapters.unit_of_work import NotifyUnitOfWork


async def upcoming_reminders(region_code: str, actor: Principal, uow: NotifyUnitOfWork, now: datetime, offset: int,
                             limit: int) -> tuple[list[dict[str, Any]], int]:
    actor.require(actor.can_read_region(region_code), f"read the reminders of {region_code}")
    async with uow:
        rows, total = await uow.reminders.pending([region_code, "NL"], now, offset, limit)
    return [_reminder(row) for row in rows], total


def _reminder(row: Any) -> dict[str, Any]:
    activity = row.activity
    return {"activity_id": activity["activity_id"], "title": activity["title"], "activity_kind": activity["kind"],
            "starts_at": activity["starts_at"], "place": activity["place"], "audience": activity["audience"],
            "region_code": activity["region_code"], "reminder": row.kind, "due_at": row.due_at}
