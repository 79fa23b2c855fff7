from __future__ import annotations

from typing import Self

from shared.messaging.unit_of_work import UnitOfWork
from services.funding.adapters.allocation_repository import AllocationRepository
from services.funding.adapters.budget_repository import BudgetRepository
from services.funding.adapters.commitment_repository import CommitmentRepository
from services.funding.adapters.ledger_repository import LedgerRepository
from services.funding.adapters.proposal_repository import ProposalRepository


class FundingUnitOfWork(UnitOfWork):
    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.budget = BudgetRepository(self.session, self.track)
        self.allocations = AllocationRepository(self.session, self.track)
        self.commitments = CommitmentRepository(self.session, self.track)
        self.proposals = ProposalRepository(self.session, self.track)
        self.ledger = LedgerRepository(self.session)
        return self
