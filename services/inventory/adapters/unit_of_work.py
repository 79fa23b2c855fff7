from __future__ import annotations

from typing import Self

from shared.messaging.unit_of_work import UnitOfWork
from services.inventory.adapters.repository import NoodsteunpuntRepository


class InventoryUnitOfWork(UnitOfWork):
    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.noodsteunpunten = NoodsteunpuntRepository(self.session, self.track)
        return self
