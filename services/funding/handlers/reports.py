"""Balances, the national overview and the ledger export: all derived from the ledger."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from shared.auth.principal import Principal
from shared.refdata import ReferenceData
from services.funding.adapters.unit_of_work import FundingUnitOfWork
from services.funding.domain.commitment import Commitment
from services.funding.domain.ledger import Balance
from services.funding.handlers.access import reads_programme_money, sees_region_money

CSV_COLUMNS = (
    "seq",
    "recorded_at",
    "region_code",
    "year",
    "kind",
    "amount_cents",
    "amount_eur",
    "reference_id",
    "cause_kind",
    "cause_id",
    "cause_note",
    "memo",
)


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


async def ledger_csv(actor: Principal, region_code: str, year: int, uow: FundingUnitOfWork) -> str:
    actor.require(sees_region_money(actor, region_code), f"export the ledger of {region_code}")
    async with uow:
        rows = await uow.ledger.entries(region_code, year)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for seq, (entry, recorded_at) in enumerate(rows, start=1):
        writer.writerow(
            [
                seq,
                recorded_at.isoformat(),
                entry.region_code,
                entry.year,
                entry.kind.value,
                entry.amount_cents,
                euro(entry.amount_cents),
                entry.reference_id,
                entry.cause.kind,
                entry.cause.id,
                entry.cause.note,
                entry.memo,
            ]
        )
    return out.getvalue()


def euro(cents: int) -> str:
    """Exact decimal euros for people reading the export (never through float)."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"
