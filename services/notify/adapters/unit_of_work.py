from __future__ import annotations

from typing import Self

from shared.messaging.unit_of_work import UnitOfWork
from services.notify.adapters.repository import FeedRepository


class NotifyUnitOfWork(UnitOfWork):
    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.feed = FeedRepository(self.session)
        return self
