"""Wave rules: launch only within the campaign period and with a published toolkit; states in order."""

from __future__ import annotations

from datetime import date, datetime, timezone
from uuid import uuid4

import pytest

from shared.errors import InvalidInput, RuleViolation
from services.campaign.domain.toolkit import Channel
from services.campaign.domain.wave import Material, Reach, Wave, WaveStatus
from tests.campaign.examples import OSS, VR21, VUGHT, flyer_toolkit, noodpakket_campaign


def scheduled(campaign, toolkit, **changes) -> Wave:
    values = dict(
        id=uuid4(), campaign=campaign, toolkit=toolkit, region_code=VR21, name="Brabant-Noord november",
        municipality_codes=[VUGHT, OSS], channels=[Channel.SOCIAL_POST, Channel.POSTER, Channel.DOOR_TO_DOOR],
        materials=[Material("flyer", printed=40_000)], planned_start=date(2025, 11, 3), planned_end=date(2025, 11, 28),
    )
    values.update(changes)
    return Wave.schedule(**values)


@pytest.fixture
def campaign():
    return noodpakket_campaign()


@pytest.fixture
def toolkit(campaign):
    return flyer_toolkit(campaign)


def test_scheduling_puts_offline_channels_first_and_is_an_event(campaign, toolkit):
    wave = scheduled(campaign, toolkit)
    assert wave.channels == [Channel.POSTER, Channel.DOOR_TO_DOOR, Channel.SOCIAL_POST]
    assert wave.municipality_codes == [OSS, VUGHT]
    (event,) = wave.events
    assert event.TYPE == "campaign.wave.scheduled.v1" and event.region_code == VR21
    assert event.channels == ["poster", "door_to_door", "social_post"]


def test_a_wave_cannot_launch_before_its_toolkit_version_is_published(campaign, toolkit):
    wave = scheduled(campaign, toolkit)
    with pytest.raises(RuleViolation, match="toolkit version 1 is not published"):
        wave.launch(date(2025, 11, 3), campaign, toolkit)
    assert wave.status is WaveStatus.SCHEDULED and len(wave.events) == 1


@pytest.mark.parametrize("day", [date(2025, 10, 31), date(2025, 12, 1)])
def test_a_wave_cannot_launch_outside_its_campaign_period(campaign, toolkit, day):
    toolkit.publish(datetime.now(timezone.utc))
    wave = scheduled(campaign, toolkit)
    with pytest.raises(RuleViolation, match="outside the campaign period 2025-11-01 to 2025-11-30"):
        wave.launch(day, campaign, toolkit)
    assert wave.status is WaveStatus.SCHEDULED


def test_launch_then_complete_with_reach_figures(campaign, toolkit):
    toolkit.publish(datetime.now(timezone.utc))
    wave = scheduled(campaign, toolkit)
    wave.launch(date(2025, 11, 3), campaign, toolkit)
    with pytest.raises(RuleViolation, match="only a scheduled wave launches"):
        wave.launch(date(2025, 11, 4), campaign, toolkit)
    with pytest.raises(InvalidInput, match="more than 40000 printed"):
        wave.complete(date(2025, 11, 28), Reach(30_000, 65_000), {"flyer": 50_000})
    wave.complete(date(2025, 11, 28), Reach(30_000, 65_000), {"flyer": 38_500})
    assert wave.status is WaveStatus.COMPLETED and wave.materials[0].distributed == 38_500
    assert [e.TYPE for e in wave.events] == [
        "campaign.wave.scheduled.v1", "campaign.wave.launched.v1", "campaign.wave.completed.v1"
    ]
    assert wave.events[-1].households_reached == 30_000


def test_a_scheduled_wave_cannot_complete(campaign, toolkit):
    wave = scheduled(campaign, toolkit)
    with pytest.raises(RuleViolation, match="only a launched wave completes"):
        wave.complete(date(2025, 11, 28), Reach(1, 1), {})


def test_plans_that_cannot_work_are_refused(campaign, toolkit):
    with pytest.raises(RuleViolation, match="VR01 does not take part"):
        scheduled(campaign, toolkit, region_code="VR01")
    with pytest.raises(InvalidInput, match="not in toolkit version 1: booklet"):
        scheduled(campaign, toolkit, materials=[Material("booklet", printed=10)])
    with pytest.raises(InvalidInput, match="before planned start"):
        scheduled(campaign, toolkit, planned_end=date(2025, 11, 1))
    with pytest.raises(InvalidInput, match="another campaign"):
        scheduled(campaign, flyer_toolkit(noodpakket_campaign()))
