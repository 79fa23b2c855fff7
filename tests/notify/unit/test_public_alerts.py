"""The CAP rules: who hears of an activation, and how one opening's messages hang together."""

from __future__ import annotations

from datetime import datetime, timezone
from uuid import uuid4

from services.notify.domain.public_alerts import PlaceNames, PublicPlace, Sender, cap_time, message_for

NAMES = PlaceNames("Oss", "Brabant-Noord")
SENDER = Sender("noodsteunpunten@vr21.example", "https://weerbaar.example")
AT = datetime(2026, 1, 15, 7, 30, 12, 345678, tzinfo=timezone.utc)


def place(public: bool = True, coordinates: bool = True) -> PublicPlace:
    lat, lon = (51.7652, 5.518) if coordinates else (None, None)
    return PublicPlace(uuid4(), "Brandweerkazerne Oss", "VR21", "GM0828", "Kantstraat 2", lat, lon, public)


def message(where: PublicPlace, status: str, mode: str = "real", episode=()):
    return message_for(where, NAMES, status, mode, AT, uuid4(), list(episode), SENDER)


def test_exercises_and_points_that_are_not_public_are_never_announced():
    assert message(place(), "opening", mode="exercise") is None
    assert message(place(public=False), "opening") is None


def test_a_closing_without_a_public_opening_announces_nothing():
    assert message(place(), "closed") is None


def test_an_opening_starts_an_episode_and_later_messages_reference_all_before_them():
    where = place()
    first = message(where, "opening")
    second = message(where, "open", episode=[first])
    closed = message(where, "closed", episode=[first, second])
    assert (first.msg_type, second.msg_type, closed.msg_type) == ("Alert", "Update", "Update")
    assert first.episode == second.episode == closed.episode == first.identifier
    assert closed.references == f"{first.reference} {second.reference}"
    assert closed.ends_episode and "<urgency>Past</urgency>" in closed.xml and "AllClear" in closed.xml


def test_the_same_event_makes_the_same_message_identifier():
    event_id, where = uuid4(), place()
    once = message_for(where, NAMES, "opening", "real", AT, event_id, [], SENDER)
    again = message_for(where, NAMES, "opening", "real", AT, event_id, [], SENDER)
    assert once.identifier == again.identifier


def test_cap_times_are_local_with_offset_and_whole_seconds():
    assert cap_time(AT) == "2026-01-15T08:30:12+01:00"


def test_the_area_is_the_address_with_a_circle_only_when_coordinates_are_known():
    assert "<circle>51.76520,5.51800 0.5</circle>" in message(place(), "opening").xml
    assert "<circle>" not in message(place(coordinates=False), "opening").xml
