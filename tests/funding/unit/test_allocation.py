"""Allocation worked examples: exact integer cents, largest remainder, deterministic ties."""

from __future__ import annotations

from uuid import uuid4

import pytest

from shared.contract.funding import TrancheAllocated
from shared.errors import InvalidInput
from shared.refdata import load_reference_data
from services.funding.adapters.schedule_file import load_schedule
from services.funding.domain.allocation import DistributionKey, KeyKind, allocate, largest_remainder, shares

POPULATIONS = {code: r.population for code, r in load_reference_data().regions.items()}
EQUAL = DistributionKey(KeyKind.EQUAL)
BY_POPULATION = DistributionKey(KeyKind.POPULATION)


def first_version(total: int, key: DistributionKey = EQUAL, year: int = 2025):
    return allocate(
        id=uuid4(),
        year=year,
        line="weerbaarheid",
        total_cents=total,
        budget_version=1,
        key=key,
        populations=POPULATIONS,
        latest=None,
    )


def test_the_memos_equal_split_is_exact():
    assert set(shares(450_000_000, EQUAL, POPULATIONS).values()) == {18_000_000}  # EUR 180,000 per region
    assert set(shares(1_000_000_000, EQUAL, POPULATIONS).values()) == {40_000_000}  # EUR 400,000 per region


def test_a_population_split_sums_to_the_cent_and_follows_population():
    total = 3_500_000_001  # EUR 35M and one cent: a total that cannot divide evenly
    split = shares(total, BY_POPULATION, POPULATIONS)
    assert sum(split.values()) == total
    everyone = sum(POPULATIONS.values())
    for code, amount in split.items():
        exact = total * POPULATIONS[code] / everyone
        assert abs(amount - exact) < 1, code
    assert split["VR09"] > split["VR21"] > split["VR14"]  # Utrecht > Brabant-Noord > Gooi en Vechtstreek


def test_left_over_cents_go_to_the_largest_remainders():
    # 100 over weights 1:1:1 is 33.33 each, one cent left; 10 over 6:3:1 is exact
    assert largest_remainder(100, {"B": 1, "A": 1, "C": 1}) == {"A": 34, "B": 33, "C": 33}
    assert largest_remainder(10, {"A": 6, "B": 3, "C": 1}) == {"A": 6, "B": 3, "C": 1}
    # 7 over 1:2:4 -> quotas exactly 1, 2, 4; 8 over 1:2:4 -> 1.14, 2.29, 4.57: largest remainder is C
    assert largest_remainder(8, {"A": 1, "B": 2, "C": 4}) == {"A": 1, "B": 2, "C": 5}


def test_ties_are_broken_by_region_code_whatever_the_input_order():
    forwards = largest_remainder(2, {"VR01": 1, "VR02": 1, "VR03": 1})
    backwards = largest_remainder(2, {"VR03": 1, "VR02": 1, "VR01": 1})
    assert forwards == backwards == {"VR01": 1, "VR02": 1, "VR03": 0}


def test_fixed_base_plus_population_share():
    base = 50_000_000  # EUR 500,000 per region
    split = shares(3_500_000_000, DistributionKey(KeyKind.BASE_PLUS_POPULATION, base), POPULATIONS)
    assert sum(split.values()) == 3_500_000_000
    assert min(split.values()) > base
    rest = {code: amount - base for code, amount in split.items()}
    assert rest == largest_remainder(3_500_000_000 - 25 * base, POPULATIONS)


def test_impossible_keys_are_refused():
    with pytest.raises(InvalidInput):
        shares(1_000, DistributionKey(KeyKind.BASE_PLUS_POPULATION, 100), POPULATIONS)  # 25 x 100 > 1000
    with pytest.raises(InvalidInput):
        DistributionKey(KeyKind.EQUAL, base_cents=5)
    with pytest.raises(InvalidInput):
        largest_remainder(100, {"A": 0})


def test_the_first_version_makes_one_tranche_event_per_region():
    allocation = first_version(450_000_000)
    assert allocation.version == 1
    events = [e for e in allocation.events if isinstance(e, TrancheAllocated)]
    assert sorted(e.region_code for e in events) == sorted(POPULATIONS)
    assert {(e.amount_cents, e.previous_amount_cents, e.difference_cents) for e in events} == {
        (18_000_000, 0, 18_000_000)
    }


def test_re_running_the_same_key_and_total_changes_nothing():
    latest = first_version(450_000_000)
    again = allocate(
        id=uuid4(),
        year=2025,
        line="weerbaarheid",
        total_cents=450_000_000,
        budget_version=1,
        key=EQUAL,
        populations=POPULATIONS,
        latest=latest,
    )
    assert again is None


def test_a_new_key_makes_a_new_version_with_the_differences_per_region():
    latest = first_version(3_500_000_000, year=2027)
    latest.events.clear()
    second = allocate(
        id=uuid4(),
        year=2027,
        line="weerbaarheid",
        total_cents=3_500_000_000,
        budget_version=1,
        key=BY_POPULATION,
        populations=POPULATIONS,
        latest=latest,
    )
    assert second is not None and second.version == 2
    differences = {d.region_code: d for d in second.differences()}
    assert sum(d.difference_cents for d in differences.values()) == 0  # same total, moved between regions
    assert differences["VR09"].previous_cents == 140_000_000  # EUR 35M / 25
    assert differences["VR09"].difference_cents == second.shares["VR09"] - 140_000_000 > 0  # populous Utrecht gains
    assert differences["VR14"].difference_cents < 0
    assert {e.version for e in second.events} == {2} and len(second.events) == 25


def test_the_schedule_file_has_the_memos_figures():
    rows = {row.year: row for row in load_schedule()}
    assert {y: r.amount_cents // 100 for y, r in rows.items()} == {
        2025: 4_500_000,
        2026: 10_000_000,
        2027: 35_000_000,
        2028: 35_000_000,
        2029: 36_000_000,
        2030: 37_000_000,
    }
    assert rows[2030].phase == "structural"
    for year, per_region in ((2025, 18_000_000), (2026, 40_000_000)):
        assert rows[year].pilot_share_per_region_cents == per_region
        assert 25 * per_region == rows[year].amount_cents
