"""Survey aggregation, the worked example: per-item shares, complete kit, before and after a wave."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from uuid import uuid4

import pytest

from shared.errors import InvalidInput
from services.campaign.adapters.data_files import checklist_keys
from services.campaign.domain.survey import Phase, SurveyResult, Tally, percent, progress, total, wave_difference
from tests.campaign.examples import (
    AFTER_COMPLETE, AFTER_PCT, AFTER_RESPONDENTS, BEFORE_COMPLETE, BEFORE_PCT, BEFORE_RESPONDENTS, OSS, VR21, counts,
)

CHECKLIST = checklist_keys()


def result(tally: Tally, on: date, phase: Phase | None = None, municipality: str | None = OSS) -> SurveyResult:
    wave = uuid4() if phase else None
    return SurveyResult.record(id=uuid4(), checklist=CHECKLIST, region_code=VR21, municipality_code=municipality,
                               surveyed_on=on, tally=tally, wave_id=wave, phase=phase)


def test_the_checklist_has_the_sixteen_items_of_the_denk_vooruit_noodpakket():
    assert len(CHECKLIST) == 16
    assert CHECKLIST[0] == "water" and "personal_items" in CHECKLIST


def test_shares_are_exact_fractions_rounded_half_up_to_one_decimal_only_for_display():
    assert percent(Fraction(1, 3)) == Decimal("33.3")
    assert percent(Fraction(2, 3)) == Decimal("66.7")
    assert percent(Fraction(1, 8)) == Decimal("12.5")
    assert percent(Fraction(-1, 16)) == Decimal("-6.3")


def test_a_recorded_result_is_an_event_with_each_items_share_and_the_complete_kit_share():
    tally = Tally(BEFORE_RESPONDENTS, counts(BEFORE_RESPONDENTS, BEFORE_PCT), BEFORE_COMPLETE)
    survey = result(tally, date(2025, 10, 20))
    (event,) = survey.events
    assert event.TYPE == "campaign.survey.recorded.v1"
    assert event.region_code == VR21 and event.municipality_code == OSS
    shares = {i.item: (i.having, i.share_pct) for i in event.items}
    assert shares["water"] == (200, Decimal("50.0"))
    assert shares["radio"] == (80, Decimal("20.0"))
    assert shares["whistle"] == (40, Decimal("10.0"))
    assert (event.complete_kit, event.complete_kit_share_pct) == (20, Decimal("5.0"))


def test_before_and_after_a_wave_the_difference_is_in_percentage_points():
    before = result(Tally(BEFORE_RESPONDENTS, counts(BEFORE_RESPONDENTS, BEFORE_PCT), BEFORE_COMPLETE), date(2025, 10, 20), Phase.BEFORE)
    after = result(Tally(AFTER_RESPONDENTS, counts(AFTER_RESPONDENTS, AFTER_PCT), AFTER_COMPLETE), date(2025, 12, 10), Phase.AFTER)
    difference = wave_difference([before, after])
    assert difference.item_points("water") == Decimal("15.0")  # 50 % -> 65 %
    assert difference.item_points("radio") == Decimal("10.0")  # 20 % -> 30 %
    assert difference.item_points("flashlight") == Decimal("5.0")
    assert difference.complete_points == Decimal("7.0")  # 5 % -> 12 %
    assert wave_difference([before]) is None, "no difference without an after-measurement"


def test_results_of_one_date_add_up_counts_not_percentages():
    oss = Tally(400, {"water": 200}, 20)  # 50 %
    vught = Tally(100, {"water": 80}, 10)  # 80 %
    combined = total([oss, vught])
    assert combined.respondents == 500
    assert percent(combined.share("water")) == Decimal("56.0")  # 280 / 500, not the 65 % mean of shares
    assert percent(combined.complete_share) == Decimal("6.0")


def test_progress_over_time_is_one_point_per_survey_date_in_order():
    def tally(water: int) -> Tally:
        return Tally(100, {k: water for k in CHECKLIST}, 5)

    series = progress([result(tally(60), date(2025, 12, 1)), result(tally(40), date(2025, 10, 1)),
                       result(tally(50), date(2025, 12, 1), municipality="GM0865")])
    assert [day for day, _ in series] == [date(2025, 10, 1), date(2025, 12, 1)]
    assert [percent(t.share("water")) for _, t in series] == [Decimal("40.0"), Decimal("55.0")]


@pytest.mark.parametrize(
    "respondents, having, complete, message",
    [
        (0, {k: 0 for k in CHECKLIST}, 0, "at least one respondent"),
        (10, {**{k: 5 for k in CHECKLIST}, "water": 11}, 0, "water: 11 is not between 0 and 10"),
        (10, {k: 5 for k in CHECKLIST[1:]}, 0, "counts missing for checklist items: water"),
        (10, {**{k: 5 for k in CHECKLIST}, "umbrella": 1}, 0, "not on the noodpakket checklist: umbrella"),
        (10, {**{k: 5 for k in CHECKLIST}, "whistle": 2}, 3, "complete kit 3 must be between 0 and 2"),
    ],
)
def test_impossible_results_are_refused_with_a_reason(respondents, having, complete, message):
    with pytest.raises(InvalidInput, match=message):
        result(Tally(respondents, having, complete), date(2025, 11, 1))


def test_a_wave_survey_must_say_before_or_after():
    with pytest.raises(InvalidInput, match="before or after"):
        SurveyResult.record(id=uuid4(), checklist=CHECKLIST, region_code=VR21, municipality_code=OSS,
                            surveyed_on=date(2025, 11, 1), tally=Tally(10, {k: 1 for k in CHECKLIST}, 1), wave_id=uuid4())
