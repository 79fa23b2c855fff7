"""Domain objects to response bodies."""

from __future__ import annotations

from services.funding.domain.allocation import Allocation
from services.funding.domain.commitment import Commitment
from services.funding.domain.ledger import Balance
from services.funding.domain.proposal import Proposal
from services.funding.domain.schedule import BudgetLine
from services.funding.entrypoints import schemas as s
from services.funding.handlers.reports import Overview, RegionYear


def budget_line(budget: BudgetLine, with_names: bool = True) -> s.BudgetLineOut:
    """``with_names=False`` (integrators): who amended a version is personal data and is left out."""
    return s.BudgetLineOut(
        year=budget.year,
        line=budget.line,
        amount_cents=budget.current.amount_cents,
        version=budget.current.version,
        versions=[
            s.BudgetVersionOut(
                version=v.version,
                amount_cents=v.amount_cents,
                reason=v.reason,
                amended_by=v.amended_by if with_names else None,
                amended_at=v.amended_at,
            )
            for v in budget.versions
        ],
    )


def allocation(a: Allocation, changed: bool) -> s.AllocationOut:
    return s.AllocationOut(
        id=a.id,
        year=a.year,
        line=a.line,
        version=a.version,
        key=a.key.kind,
        base_cents=a.key.base_cents,
        total_cents=a.total_cents,
        budget_version=a.budget_version,
        changed=changed,
        shares=[
            s.ShareOut(
                region_code=d.region_code,
                amount_cents=d.amount_cents,
                previous_cents=d.previous_cents,
                difference_cents=d.difference_cents,
            )
            for d in a.differences()
        ],
    )


def commitment(c: Commitment) -> s.CommitmentOut:
    return s.CommitmentOut(
        id=c.id,
        region_code=c.region_code,
        year=c.year,
        source=c.source.value,
        source_id=c.source_id,
        municipality_code=c.municipality_code,
        purpose=c.purpose,
        status=c.status.value,
        planned_cents=c.amount_cents if c.committed else 0,
        actual_cents=c.spent_cents,
        released_cents=c.released_cents,
        open_cents=c.open_cents,
        remaining_before_cents=c.remaining_before_cents,
    )


def proposal(p: Proposal, commitment_status: str | None = None) -> s.ProposalOut:
    return s.ProposalOut(
        id=p.id,
        region_code=p.region_code,
        year=p.year,
        purpose=p.purpose,
        amount_cents=p.amount_cents,
        municipality_codes=list(p.municipality_codes),
        rule=p.rule,
        status=p.status.value,
        votes=[
            s.VoteOut(municipality_code=v.municipality_code, vote=v.choice, remark=v.remark, cast_at=v.cast_at)
            for v in p.votes
        ],
        not_voted=p.not_voted(),
        decided_at=p.decided_at,
        commitment_id=p.commitment_id,
        commitment_status=commitment_status,
    )


def municipality_proposal(p: Proposal, municipality_code: str) -> s.MunicipalityProposalOut:
    """The proposal with whether (and how) the municipality whose list it is has voted."""
    own = p.vote_of(municipality_code)
    return s.MunicipalityProposalOut(
        **proposal(p).model_dump(), has_voted=own is not None, own_vote=own.choice if own else None
    )


def balance(b: Balance) -> s.BalanceOut:
    return s.BalanceOut(
        region_code=b.region_code,
        year=b.year,
        allocated_cents=b.allocated_cents,
        committed_cents=b.committed_cents,
        spent_cents=b.spent_cents,
        remaining_cents=b.remaining_cents,
        planned_cents=b.committed_cents,
        actual_cents=b.spent_cents,
        unspent_commitments_cents=b.unspent_commitments_cents,
    )


def region_year(r: RegionYear) -> s.RegionYearOut:
    return s.RegionYearOut(balance=balance(r.balance), commitments=[commitment(c) for c in r.commitments])


def overview(o: Overview) -> s.OverviewOut:
    allocated = o.total("allocated_cents")
    return s.OverviewOut(
        year=o.year,
        line=o.line,
        budget_cents=o.budget_cents,
        budget_version=o.budget_version,
        allocated_cents=allocated,
        unallocated_cents=o.budget_cents - allocated,
        committed_cents=o.total("committed_cents"),
        spent_cents=o.total("spent_cents"),
        remaining_cents=o.total("remaining_cents"),
        regions=[
            s.OverviewRowOut(
                region_code=code,
                name=name,
                allocated_cents=b.allocated_cents,
                committed_cents=b.committed_cents,
                spent_cents=b.spent_cents,
                remaining_cents=b.remaining_cents,
            )
            for code, name, b in o.regions
        ],
    )
