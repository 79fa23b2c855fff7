"""Calendar activities carry what the notify service needs to invite and remind."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from uuid import uuid4

import pytest

from shared.errors import InvalidInput
from services.campaign.adapters.data_files import memo_campaigns, october_activities
from services.campaign.domain.activity import Activity, ActivityAudience, Kind

CEST = timezone(timedelta(hours=2))


def schedule(**changes) -> Activity:
    values = dict(
        id=uuid4(), region_code="VR21", kind=Kind.COUNCIL_EVENING, title="Regionale Raadsavond",
        starts_at=datetime(2025, 10, 8, 19, 30, tzinfo=CEST), ends_at=datetime(2025, 10, 8, 21, 30, tzinfo=CEST),
        place="Raadzaal gemeentehuis Oss", audience=[ActivityAudience.COUNCIL_MEMBERS, ActivityAudience.BOARD],
    )
    values.update(changes)
    return Activity.schedule(**values)


def test_scheduling_is_an_event_with_title_kind_time_place_and_audience():
    (event,) = schedule().events
    assert event.TYPE == "campaign.activity.scheduled.v1" and event.region_code == "VR21"
    assert (event.kind, event.place) == ("council_evening", "Raadzaal gemeentehuis Oss")
    assert event.starts_at == datetime(2025, 10, 8, 17, 30, tzinfo=timezone.utc)
    assert event.audience == ["council_members", "board"]


def test_times_need_a_zone_and_an_end_after_the_start():
    with pytest.raises(InvalidInput, match="time zone"):
        schedule(starts_at=datetime(2025, 10, 8, 19, 30), ends_at=None)
    with pytest.raises(InvalidInput, match="ends after it starts"):
        schedule(ends_at=datetime(2025, 10, 8, 19, 0, tzinfo=CEST))


def test_the_data_files_hold_the_memos_campaigns_and_october_activities():
    assert [c["name"] for c in memo_campaigns()] == ["Denk Vooruit", "Vul de ontbrekende spullen van het noodpakket aan"]
    days = [(a["starts_at"][:10], a["kind"]) for a in october_activities()]
    assert days == [("2025-10-05", "webinar"), ("2025-10-08", "council_evening"), ("2025-10-09", "workshop")]
