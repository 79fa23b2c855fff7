"""Coverage against the norm, with worked numbers."""

from __future__ import annotations

import pytest

from shared.errors import InvalidInput
from services.inventory.domain.coverage import Norm, combine, coverage
from services.inventory.domain.status import Readiness as R


def test_worked_example_for_oss():
    # Oss: 94,634 inhabitants. Norm 1 per 5,000 -> ceil(94,634 / 5,000) = 19 NSPs needed.
    # 3 operational and 5 still being built up: 8 in all.
    levels = [R.OPERATIONAL] * 3 + [R.PLANNED, R.AGREED, R.EQUIPPED, R.EXERCISED, R.INVENTORIED]
    oss = coverage("GM0828", "Oss", 94_634, levels, Norm())
    assert oss.needed == 19
    assert (oss.operational, oss.planned) == (3, 8)
    assert oss.inhabitants_per_operational_nsp == 31_544  # 94,634 // 3
    assert oss.inhabitants_per_planned_nsp == 11_829  # 94,634 // 8
    assert (oss.gap_operational, oss.gap_planned) == (16, 11)
    assert oss.meets_norm_when_planned is False


def test_the_norm_is_configurable():
    oss = coverage("GM0828", "Oss", 94_634, [R.OPERATIONAL] * 8, Norm(inhabitants_per_nsp=12_000))
    assert oss.needed == 8 and oss.gap_operational == 0 and oss.meets_norm_when_planned


def test_no_nsp_means_no_ratio_and_the_whole_need_is_the_gap():
    boekel = coverage("GM0755", "Boekel", 11_293, [], Norm())
    assert boekel.inhabitants_per_planned_nsp is None and boekel.gap_planned == 3


def test_a_region_sums_its_municipalities_gaps_without_netting_surpluses():
    norm = Norm()
    a = coverage("GM0001", "A", 10_000, [R.OPERATIONAL] * 5, norm)  # needs 2, has 5
    b = coverage("GM0002", "B", 10_000, [], norm)  # needs 2, has 0
    region = combine("VR25", "X", [a, b], norm)
    assert (region.needed, region.operational, region.gap_operational) == (4, 5, 2)
    assert region.inhabitants_per_operational_nsp == 4_000


def test_an_absurd_norm_is_refused():
    with pytest.raises(InvalidInput):
        Norm(inhabitants_per_nsp=0)
