"""The standard ('maatstaf'): the default version, compliance, and what a version must contain."""

from __future__ import annotations

from datetime import date

import pytest

from shared.errors import InvalidInput
from services.inventory.adapters.standards import default_standard
from services.inventory.domain.details import Details
from services.inventory.domain.standard import Standard

TODAY = date(2026, 11, 27)
BASIC = Details(
    services=[{"service": "information"}], contact_means=["c2000"], generator_fuel_hours=72, wheelchair_access=True
)


def test_the_default_version_requires_information_power_contact_and_access():
    standard = default_standard()
    assert standard.version == 1
    assert {c.key for c in standard.criteria if c.required} == {"information", "emergency_power", "emergency_contact", "accessible"}


def test_an_nsp_meeting_the_required_criteria_complies_and_its_score_is_the_weight_met():
    result = default_standard().evaluate(BASIC, TODAY)
    assert result.compliant is True
    assert result.score == 60  # 20 + 15 + 15 + 10 of 100
    assert [m["key"] for m in result.missing if m["required"]] == []


def test_compliance_lists_what_is_missing():
    result = default_standard().evaluate(BASIC.model_copy(update={"generator_fuel_hours": 48}), TODAY)
    assert result.compliant is False
    assert {"key": "emergency_power", "label": "Noodstroom: aggregaat met brandstof voor minstens 72 uur", "required": True} in result.missing


def test_recency_checks_use_the_date():
    exercised = BASIC.model_copy(update={"last_exercise_on": date(2026, 1, 1)})
    assert "exercised" not in [m["key"] for m in default_standard().evaluate(exercised, TODAY).missing]
    assert "exercised" in [m["key"] for m in default_standard().evaluate(exercised, date(2027, 6, 1)).missing]


def test_a_version_without_required_information_is_refused():
    criteria = [{"key": "power", "label": "power", "required": True, "weight": 1,
                 "check": {"kind": "at_least", "attribute": "generator_fuel_hours", "value": 24}}]
    with pytest.raises(InvalidInput, match="information"):
        Standard.parse(2, criteria)


def test_a_criterion_on_an_unknown_attribute_is_refused():
    criteria = [c.model_dump() for c in default_standard().criteria]
    criteria.append({"key": "moat", "label": "has a moat", "required": False, "weight": 1,
                     "check": {"kind": "true", "attribute": "moat"}})
    with pytest.raises(InvalidInput, match="moat"):
        Standard.parse(2, criteria)


def test_a_stricter_version_changes_the_result():
    criteria = [c.model_dump() for c in default_standard().criteria]
    for c in criteria:
        if c["key"] == "emergency_power":
            c["check"]["value"] = 96
    stricter = Standard.parse(2, criteria)
    assert default_standard().evaluate(BASIC, TODAY).compliant is True
    assert stricter.evaluate(BASIC, TODAY).compliant is False
    assert stricter.published_event().region_code == "NL"
