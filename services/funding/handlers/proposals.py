"""Joint decisions on spending: proposals, votes, the region's decision rule."""

from __future__ import annotations

from datetime import datetime, timezone
from uuid import UUID, uuid4

from shared.auth.principal import Principal, Role
from shared.contract.funding import ProposalDecided
from shared.errors import InvalidInput, NotFound, found
from shared.refdata import ReferenceData
from services.funding.adapters.unit_of_work import FundingUnitOfWork
from services.funding.domain.commitment import OverCommitmentPolicy, Source
from services.funding.domain.proposal import Proposal, ProposalStatus
from services.funding.domain.region_rule import RegionRule
from services.funding.domain.schedule import baseline_for
from services.funding.handlers import causes
from services.funding.handlers.access import sees_municipality_proposals, sees_region_money
from services.funding.handlers.commands import CastVote, ChangeDecisionRule, SubmitProposal
from services.funding.handlers.commitments import commit


async def change_rule(command: ChangeDecisionRule, uow: FundingUnitOfWork) -> RegionRule:
    """Setting the rule already in force changes nothing and succeeds (a PUT may be repeated)."""
    command.actor.require(
        command.actor.can_manage_region(command.region_code), f"set the decision rule of {command.region_code}"
    )
    async with uow:
        rule = await uow.proposals.rule_of(command.region_code)
        if rule.rule is command.rule:
            return rule
        rule.change(command.rule)
        await uow.proposals.save_rule(rule)
        await uow.commit()
    return rule


async def decision_rule(actor: Principal, region_code: str, uow: FundingUnitOfWork) -> RegionRule:
    actor.require(actor.can_read_open_data_of(region_code), f"read the decision rule of {region_code}")
    async with uow:
        return await uow.proposals.rule_of(region_code)


async def submit(command: SubmitProposal, uow: FundingUnitOfWork, reference: ReferenceData, line: str) -> Proposal:
    command.actor.require(
        command.actor.can_manage_region(command.region_code), f"submit proposals for {command.region_code}"
    )
    outside = [
        code
        for code in command.municipality_codes
        if (m := reference.municipalities.get(code)) is None or m.region_code != command.region_code
    ]
    if outside:
        raise InvalidInput(f"not municipalities of {command.region_code}: {', '.join(outside)}")
    async with uow:
        baseline_for(uow.budget.rows(), command.year, line)  # NotFound for a year without a budget
        rule = await uow.proposals.rule_of(command.region_code)
        proposal = Proposal.submit(
            id=uuid4(),
            region_code=command.region_code,
            year=command.year,
            purpose=command.purpose,
            amount_cents=command.amount_cents,
            municipality_codes=command.municipality_codes,
            rule=rule.rule,
            submitted_by=command.actor.subject,
        )
        await uow.proposals.add(proposal)
        await uow.commit()
    return proposal


async def vote(command: CastVote, uow: FundingUnitOfWork, policy: OverCommitmentPolicy) -> Proposal:
    actor = command.actor
    actor.require(actor.role is Role.MUNICIPALITY, "vote on spending proposals (only municipalities vote)")
    async with uow:
        proposal = found(await uow.proposals.get(command.proposal_id, for_update=True), f"no proposal {command.proposal_id}")
        actor.require(proposal.concerns(actor.municipality_code), "vote on a proposal it is not asked about")
        assert actor.municipality_code is not None
        if _same_vote_again(proposal, actor.municipality_code, command.choice):
            return proposal  # a repeated vote changes nothing and succeeds
        status = proposal.cast(actor.municipality_code, command.choice, command.remark, datetime.now(timezone.utc))
        if status is ProposalStatus.APPROVED:
            await _commit_approved(proposal, uow, policy)
        await uow.proposals.save(proposal)
        await uow.commit()
    return proposal


async def _commit_approved(proposal: Proposal, uow: FundingUnitOfWork, policy: OverCommitmentPolicy) -> None:
    # The ledger entry's cause is the decision event, which travels in this same transaction.
    decided = next(e for e in proposal.events if isinstance(e, ProposalDecided))
    commitment = await commit(
        uow,
        region_code=proposal.region_code,
        year=proposal.year,
        source=Source.PROPOSAL,
        source_id=proposal.id,
        municipality_code=None,
        purpose=proposal.purpose,
        amount_cents=proposal.amount_cents,
        policy=policy,
        cause=causes.from_event(decided),
    )
    proposal.commitment_id = commitment.id


def _same_vote_again(proposal: Proposal, municipality_code: str, choice: object) -> bool:
    return any(v.municipality_code == municipality_code and v.choice == choice for v in proposal.votes)


def _visible(actor: Principal, proposal: Proposal) -> bool:
    if actor.role is Role.MUNICIPALITY:
        return proposal.concerns(actor.municipality_code)
    return sees_region_money(actor, proposal.region_code)


async def get(actor: Principal, proposal_id: UUID, uow: FundingUnitOfWork) -> tuple[Proposal, str | None]:
    """The proposal and the status of the commitment it led to, if any."""
    async with uow:
        proposal = await uow.proposals.get(proposal_id)
        if proposal is None or not _visible(actor, proposal):
            raise NotFound(f"no proposal {proposal_id}")
        commitment = await uow.commitments.get(proposal.commitment_id) if proposal.commitment_id else None
    return proposal, commitment.status.value if commitment else None


async def list_for_region(actor: Principal, region_code: str, uow: FundingUnitOfWork) -> list[Proposal]:
    actor.require(sees_region_money(actor, region_code), f"see the proposals of {region_code}")
    async with uow:
        return await uow.proposals.list(region_code)


async def list_for_municipality(
    actor: Principal, municipality_code: str, offset: int, limit: int, uow: FundingUnitOfWork, reference: ReferenceData
) -> tuple[list[Proposal], int]:
    """One page of the proposals that concern the municipality (newest first) and their number:
    for its own users, its region's users and national users; another gemeente is refused (403)."""
    municipality = reference.municipalities.get(municipality_code)
    if municipality is None:
        raise NotFound(f"no municipality {municipality_code}")
    actor.require(
        sees_municipality_proposals(actor, municipality.region_code, municipality.code),
        f"see the proposals of {municipality.code}",
    )
    async with uow:
        return await uow.proposals.list_concerning(municipality.code, offset, limit)
