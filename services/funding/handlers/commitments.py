"""Commitments against a region's allocation, and spending against commitments."""

from __future__ import annotations

from uuid import UUID

from shared.auth.principal import Principal
from shared.errors import found
from services.funding.adapters.unit_of_work import FundingUnitOfWork
from services.funding.domain.commitment import Commitment, OverCommitmentPolicy, Source, Spending
from services.funding.domain.ledger import Cause
from services.funding.domain.postings import commitment_posting, release_posting, spending_posting
from services.funding.handlers import causes
from services.funding.handlers.access import reads_programme_money
from services.funding.handlers.commands import ReconsiderCommitment, RecordSpending, ReleaseCommitment


async def commit(
    uow: FundingUnitOfWork,
    *,
    region_code: str,
    year: int,
    source: Source,
    source_id: UUID,
    municipality_code: str | None,
    purpose: str,
    amount_cents: int,
    policy: OverCommitmentPolicy,
    cause: Cause,
) -> Commitment:
    """Inside an open unit of work: commit once per pilot or proposal, against what remains."""
    existing = await uow.commitments.by_source(source, source_id)
    if existing is not None:
        return existing
    # Read-then-write on the region's balance: one decision at a time per region and year.
    await uow.commitments.lock_region_year(region_code, year)
    balance = await uow.ledger.balance(region_code, year)
    commitment = Commitment.request(
        region_code=region_code,
        year=year,
        source=source,
        source_id=source_id,
        municipality_code=municipality_code,
        purpose=purpose,
        amount_cents=amount_cents,
        remaining_cents=balance.remaining_cents,
        policy=policy,
    )
    await uow.commitments.add(commitment)
    if commitment.committed:
        await uow.ledger.append([commitment_posting(commitment, cause)])
    return commitment


async def _own_commitment(actor: Principal, commitment_id: UUID, uow: FundingUnitOfWork) -> Commitment:
    commitment = found(await uow.commitments.get(commitment_id, for_update=True), f"no commitment {commitment_id}")
    actor.require(actor.can_manage_region(commitment.region_code), f"act on commitments of {commitment.region_code}")
    return commitment


async def record_spending(command: RecordSpending, uow: FundingUnitOfWork) -> Spending:
    async with uow:
        commitment = await _own_commitment(command.actor, command.commitment_id, uow)
        spending = commitment.record_spending(command.amount_cents, command.description, command.spent_on)
        await uow.commitments.add_spending(spending)
        await uow.commitments.save(commitment)
        cause = causes.from_request(uow, command.actor, f"record spending on {commitment.id}")
        await uow.ledger.append([spending_posting(commitment, spending, cause)])
        await uow.commit()
    return spending


async def release(command: ReleaseCommitment, uow: FundingUnitOfWork) -> Commitment:
    async with uow:
        commitment = await _own_commitment(command.actor, command.commitment_id, uow)
        amount = commitment.release(command.reason)
        await uow.commitments.save(commitment)
        cause = causes.from_request(uow, command.actor, f"release {commitment.id}")
        await uow.ledger.append([release_posting(commitment, amount, cause, command.reason.strip())])
        await uow.commit()
    return commitment


async def reconsider(command: ReconsiderCommitment, uow: FundingUnitOfWork, policy: OverCommitmentPolicy) -> Commitment:
    async with uow:
        commitment = await _own_commitment(command.actor, command.commitment_id, uow)
        await uow.commitments.lock_region_year(commitment.region_code, commitment.year)
        balance = await uow.ledger.balance(commitment.region_code, commitment.year)
        commitment.reconsider(balance.remaining_cents, policy)
        await uow.commitments.save(commitment)
        if commitment.committed:
            cause = causes.from_request(uow, command.actor, f"reconsider {commitment.id}")
            await uow.ledger.append([commitment_posting(commitment, cause)])
        await uow.commit()
    return commitment


async def list_commitments(
    actor: Principal, region_code: str, year: int | None, uow: FundingUnitOfWork
) -> list[Commitment]:
    actor.require(reads_programme_money(actor, region_code), f"see the commitments of {region_code}")
    async with uow:
        return await uow.commitments.list(region_code, year)
