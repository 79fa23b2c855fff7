"""Budget amendments keep their history; balances come from ledger entries alone."""

from __future__ import annotations

from datetime import datetime, timezone
from uuid import uuid4

import pytest

from shared.contract.funding import BudgetAmended
from shared.errors import InvalidInput, NotFound, RuleViolation
from services.funding.adapters.schedule_file import load_schedule
from services.funding.domain.allocation import DistributionKey, KeyKind, allocate
from services.funding.domain.commitment import Commitment, OverCommitmentPolicy, Source
from services.funding.domain.ledger import Cause, EntryKind, LedgerEntry, balances
from services.funding.domain.postings import allocation_postings, commitment_posting, release_posting, spending_posting
from services.funding.domain.schedule import budget_line

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)
CAUSE = Cause("request", uuid4(), "test")


def test_an_amendment_adds_a_version_keeps_the_earlier_one_and_is_an_event():
    budget = budget_line(list(load_schedule()), 2027, "weerbaarheid", [])
    budget.amend(3_600_000_000, "Voorjaarsnota: extra for regional coordination points", "minister", NOW)
    assert [(v.version, v.amount_cents) for v in budget.versions] == [(1, 3_500_000_000), (2, 3_600_000_000)]
    (event,) = budget.events
    assert isinstance(event, BudgetAmended)
    assert (event.region_code, event.previous_amount_cents, event.amount_cents) == ("NL", 3_500_000_000, 3_600_000_000)


def test_an_amendment_needs_a_reason_and_a_change():
    budget = budget_line(list(load_schedule()), 2027, "weerbaarheid", [])
    with pytest.raises(InvalidInput):
        budget.amend(1, "  ", "minister", NOW)
    with pytest.raises(RuleViolation):
        budget.amend(3_500_000_000, "same again", "minister", NOW)
    assert len(budget.versions) == 1 and not budget.events


def test_years_after_2030_carry_the_structural_amount_and_unknown_lines_do_not_exist():
    assert budget_line(list(load_schedule()), 2033, "weerbaarheid", []).current.amount_cents == 3_700_000_000
    with pytest.raises(NotFound):
        budget_line(list(load_schedule()), 2024, "weerbaarheid", [])


def test_balances_are_rebuilt_from_entries_alone():
    v1 = allocate(
        id=uuid4(),
        year=2026,
        line="l",
        total_cents=1_000_000_000,
        budget_version=1,
        key=DistributionKey(KeyKind.EQUAL),
        populations={f"VR{i:02d}": i for i in range(1, 26)},
        latest=None,
    )
    v2 = allocate(
        id=uuid4(),
        year=2026,
        line="l",
        total_cents=1_000_000_000,
        budget_version=1,
        key=DistributionKey(KeyKind.POPULATION),
        populations={f"VR{i:02d}": i for i in range(1, 26)},
        latest=v1,
    )
    assert v1 and v2
    commitment = Commitment.request(
        region_code="VR21",
        year=2026,
        source=Source.PILOT,
        source_id=uuid4(),
        municipality_code="GM0828",
        purpose="pilot",
        amount_cents=15_000_000,
        remaining_cents=v2.shares["VR21"],
        policy=OverCommitmentPolicy.REFUSE,
    )
    spending = commitment.record_spending(4_000_000, "aggregaat", NOW.date())
    released = commitment.release("pilot cheaper than planned")
    entries: list[LedgerEntry] = [
        *allocation_postings(v1, CAUSE),
        *allocation_postings(v2, CAUSE),
        commitment_posting(commitment, CAUSE),
        spending_posting(commitment, spending, CAUSE),
        release_posting(commitment, released, CAUSE, "cheaper"),
    ]
    balance = balances(entries)[("VR21", 2026)]
    assert balance.allocated_cents == v2.shares["VR21"]  # v1 + the v2 difference
    assert balance.committed_cents == 4_000_000  # 15M committed, 11M released
    assert balance.spent_cents == 4_000_000
    assert balance.remaining_cents == v2.shares["VR21"] - 4_000_000
    assert sum(b.allocated_cents for b in balances(entries).values()) == 1_000_000_000
    assert all(
        e.kind is not EntryKind.ALLOCATION or e.amount_cents != 0 for e in entries
    )  # unchanged shares write nothing
