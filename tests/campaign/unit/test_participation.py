"""Joint campaigns: taking part with the owner's consent, and the campaign's figures over its regions."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from shared.errors import RuleViolation
from services.campaign.domain.campaign import Level
from services.campaign.domain.rollup import roll_up
from services.campaign.domain.survey import Phase, SurveyResult, Tally
from services.campaign.domain.wave import Reach, Wave, WaveStatus
from tests.campaign.examples import VR21, noodpakket_campaign


def types(campaign) -> list[str]:
    return [e.TYPE.split(".")[-2] for e in campaign.events]


def test_a_region_takes_part_in_another_regions_campaign_only_with_consent():
    campaign = noodpakket_campaign()
    campaign.events.clear()
    assert campaign.ask_to_join("VR03") is False and campaign.requested_by == ["VR03"]
    assert not campaign.includes_region("VR03")
    campaign.admit("VR03")
    assert campaign.participating_regions == ["VR03", VR21] and campaign.requested_by == []
    with pytest.raises(RuleViolation):
        campaign.admit("VR05")  # never asked
    campaign.leave("VR03")
    assert types(campaign) == ["requested", "joined", "left"]
    assert {e.region_code for e in campaign.events} == {"VR03"}, "keyed by the region that takes part"


def test_the_owner_cannot_leave_and_declining_ends_a_request():
    campaign = noodpakket_campaign()
    with pytest.raises(RuleViolation):
        campaign.leave(VR21)
    campaign.ask_to_join("VR05")
    campaign.decline("VR05")
    assert campaign.requested_by == [] and "VR05" not in campaign.participating_regions


def test_a_region_joins_a_national_campaign_at_once():
    campaign = noodpakket_campaign(level=Level.NATIONAL, region_code="NL", participating_regions=["VR01"])
    assert campaign.ask_to_join("VR03") is True and campaign.includes_region("VR03")


def wave(region: str, households: int) -> Wave:
    return Wave(uuid4(), uuid4(), uuid4(), region, "golf", [], [], [], date(2025, 11, 3), date(2025, 11, 28),
                WaveStatus.COMPLETED, date(2025, 11, 3), date(2025, 11, 28), Reach(households, 2 * households))


def survey(region: str, phase: Phase, respondents: int, complete: int) -> SurveyResult:
    return SurveyResult(uuid4(), region, None, date(2025, 11, 1), Tally(respondents, {"water": complete}, complete),
                        phase=phase, wave_id=uuid4())


def test_the_rollup_adds_counts_per_region_and_for_the_whole_campaign():
    campaign = noodpakket_campaign()
    campaign.ask_to_join("VR03")
    campaign.admit("VR03")
    rollup = roll_up(campaign, [wave(VR21, 1_000), wave("VR03", 700)],
                     [survey(VR21, Phase.BEFORE, 400, 20), survey("VR03", Phase.BEFORE, 200, 10),
                      survey(VR21, Phase.AFTER, 500, 60)])
    assert [r.region_code for r in rollup.regions] == ["VR03", VR21]
    assert rollup.total.households_reached == 1_700 and rollup.total.waves_completed == 2
    assert rollup.total.before == Tally(600, {"water": 30}, 30), "counts are summed, not percentages averaged"
    assert rollup.regions[0].figures.after is None, "no measurement after the wave in VR03 yet"
