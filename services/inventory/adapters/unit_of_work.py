from __future__ import annotations

from typing import Self

from shared.messaging.unit_of_work import UnitOfWork
from services.inventory.adapters.pilots import PilotRepository
from services.inventory.adapters.repository import NoodsteunpuntRepository
from services.inventory.adapters.rounds import RoundRepository
from services.inventory.adapters.standards import StandardRepository


class InventoryUnitOfWork(UnitOfWork):
    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.noodsteunpunten = NoodsteunpuntRepository(self.session, self.track, self.insert_at_commit)
        self.rounds = RoundRepository(self.session, self.track)
        self.pilots = PilotRepository(self.session, self.track)
        self.standards = StandardRepository(self.session)
        return self
