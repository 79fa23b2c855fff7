"""Balances, the national overview and the ledger export: all derived from the ledger."""

from __future__ import annotations

from dataclasses import dataclass

from shared.auth.principal import Principal
from shared.documents import dutch, excel_csv
from shared.refdata import ReferenceData
from services.funding.adapters.unit_of_work import FundingUnitOfWork
from services.funding.domain.commitment import Commitment
from services.funding.domain.ledger import Balance
from services.funding.handlers.access import reads_programme_money, sees_region_money

# The ledger export is read in Dutch Excel: Dutch headers, amounts as numbers with a decimal comma.
CSV_COLUMNS = (
    "Volgnummer", "Vastgelegd op", "Regio", "Jaar", "Soort", "Bedrag (centen)", "Bedrag (euro)", "Referentie",
    "Oorzaak", "Oorzaak-id", "Oorzaak toelichting", "Omschrijving",
)
KINDS = {"allocation": "toekenning", "commitment": "vastlegging", "release": "vrijgave", "spending": "besteding"}
CAUSES = {"event": "gebeurtenis", "request": "verzoek"}


@dataclass(frozen=True)
class RegionYear:
    balance: Balance
    commitments: list[Commitment]  # planned (committed) against actual (spent), per commitment


@dataclass(frozen=True)
class Overview:
    year: int
    line: str
    budget_cents: int
    budget_version: int
    regions: list[tuple[str, str, Balance]]  # code, name, balance

    def total(self, attribute: str) -> int:
        return sum(getattr(balance, attribute) for _, _, balance in self.regions)


async def region_year(actor: Principal, region_code: str, year: int, uow: FundingUnitOfWork) -> RegionYear:
    actor.require(reads_programme_money(actor, region_code), f"see the funding of {region_code}")
    async with uow:
        balance = await uow.ledger.balance(region_code, year)
        commitments = await uow.commitments.list(region_code, year)
    return RegionYear(balance, commitments)


async def overview(
    actor: Principal, year: int, line: str, uow: FundingUnitOfWork, reference: ReferenceData
) -> Overview:
    actor.require(actor.reads_open_data, "see the national overview")
    async with uow:
        budget = await uow.budget.get(year, line)
        balances = await uow.ledger.balances(year)
    regions = [
        (code, region.name, balances.get(code) or Balance(code, year))
        for code, region in sorted(reference.regions.items())
    ]
    return Overview(year, line, budget.current.amount_cents, budget.current.version, regions)


async def ledger_csv(actor: Principal, region_code: str, year: int, uow: FundingUnitOfWork) -> bytes:
    actor.require(sees_region_money(actor, region_code), f"export the ledger of {region_code}")
    async with uow:
        rows = await uow.ledger.entries(region_code, year)
    return excel_csv.write(CSV_COLUMNS, (
        [seq, recorded_at, entry.region_code, entry.year, KINDS.get(entry.kind.value, entry.kind.value),
         entry.amount_cents, dutch.euro_plain(entry.amount_cents), str(entry.reference_id),
         CAUSES.get(entry.cause.kind, entry.cause.kind), str(entry.cause.id), entry.cause.note, entry.memo]
        for seq, (entry, recorded_at) in enumerate(rows, start=1)
    ))
