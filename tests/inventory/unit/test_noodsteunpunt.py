"""The noodsteunpunt aggregate: registration, updates, readiness and activation rules, and their events."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from uuid import uuid4

import pytest

from shared.errors import InvalidInput, RuleViolation
from services.inventory.domain.details import Details
from services.inventory.domain.noodsteunpunt import ActivationMode, ActivationStatus, Layer, Noodsteunpunt, Readiness

T0 = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)


def nsp(readiness: Readiness = Readiness.PLANNED) -> Noodsteunpunt:
    point = Noodsteunpunt.register(
        id=uuid4(), region_code="VR21", municipality_code="GM0828", name=" Dorpshuis ", layer=Layer.LOCAL,
        details=Details(services=[{"service": "information"}]), readiness=readiness,
    )
    point.events.clear()
    return point


def test_registering_records_the_identity_in_its_event():
    point = Noodsteunpunt.register(
        id=uuid4(), region_code="VR21", municipality_code="GM0828", name="Dorpshuis", layer=Layer.REGIONAL,
        details=Details(address="Markt 1, Oss", latitude=51.76, longitude=5.52, services=[{"service": "information"}]),
    )
    (event,) = point.events
    assert event.TYPE == "inventory.noodsteunpunt.registered.v1"
    assert (event.name, event.layer, event.address, event.services) == ("Dorpshuis", "regional", "Markt 1, Oss", ["information"])
    assert (event.latitude, event.longitude, event.readiness) == (51.76, 5.52, "planned")


def test_a_blank_name_is_refused():
    with pytest.raises(InvalidInput):
        Noodsteunpunt.register(id=uuid4(), region_code="VR21", municipality_code="GM0828", name="  ", layer=Layer.LOCAL)


@pytest.mark.parametrize("current", list(Readiness)[:-1])
def test_readiness_moves_forward_one_step(current):
    point = nsp(current)
    following = list(Readiness)[current.rank + 1]
    point.change_readiness(following)
    assert point.readiness is following
    (event,) = point.events
    assert (event.previous, event.readiness, event.reason) == (current.value, following.value, None)


def test_readiness_cannot_skip_a_step():
    point = nsp(Readiness.INVENTORIED)
    with pytest.raises(RuleViolation, match="one step at a time"):
        point.change_readiness(Readiness.EQUIPPED)
    assert point.readiness is Readiness.INVENTORIED and point.events == []


def test_readiness_cannot_stay_where_it_is():
    with pytest.raises(RuleViolation):
        nsp(Readiness.AGREED).change_readiness(Readiness.AGREED)


def test_going_back_needs_a_reason_and_records_it():
    point = nsp(Readiness.OPERATIONAL)
    with pytest.raises(InvalidInput, match="needs a reason"):
        point.change_readiness(Readiness.AGREED, "   ")
    assert point.readiness is Readiness.OPERATIONAL and point.events == []
    point.change_readiness(Readiness.AGREED, "generator stolen")
    assert point.readiness is Readiness.AGREED
    assert point.events[0].reason == "generator stolen"


def test_an_update_lists_what_changed_and_no_change_is_no_event():
    point = nsp()
    changed = point.update(public=True, details=point.details.model_copy(update={"generator_fuel_hours": 96}))
    assert changed == ["public", "generator_fuel_hours"]
    assert point.events[0].changed_fields == ["public", "generator_fuel_hours"] and point.events[0].public is True
    assert point.update(public=True) == [] and len(point.events) == 1


def test_activation_follows_its_cycle_with_a_timestamp_each_step():
    point = nsp(Readiness.EQUIPPED)
    steps = [ActivationStatus.OPENING, ActivationStatus.OPEN, ActivationStatus.FULL, ActivationStatus.OPEN,
             ActivationStatus.CLOSING, ActivationStatus.CLOSED, ActivationStatus.INACTIVE]
    for minutes, status in enumerate(steps):
        point.change_activation(status, ActivationMode.EXERCISE, T0 + timedelta(minutes=minutes))
    assert [e.status for e in point.events] == [s.value for s in steps]
    assert [e.changed_at for e in point.events] == [T0 + timedelta(minutes=m) for m in range(len(steps))]
    assert all(e.mode == "exercise" for e in point.events)
    assert point.activation_mode is None and len(point.activation_log) == len(steps)


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], ActivationStatus.OPEN),  # inactive cannot jump to open
        ([ActivationStatus.OPENING], ActivationStatus.CLOSED),  # must close via closing
        ([ActivationStatus.OPENING, ActivationStatus.OPEN], ActivationStatus.INACTIVE),
    ],
)
def test_activation_refuses_jumps(path, refused):
    point = nsp(Readiness.EQUIPPED)
    for status in path:
        point.change_activation(status, ActivationMode.REAL, T0)
    before = point.activation_status
    with pytest.raises(RuleViolation):
        point.change_activation(refused, ActivationMode.REAL, T0)
    assert point.activation_status is before and len(point.events) == len(path)


def test_an_nsp_that_is_not_equipped_cannot_open():
    point = nsp(Readiness.AGREED)
    with pytest.raises(RuleViolation, match="at least equipped"):
        point.change_activation(ActivationStatus.OPENING, ActivationMode.EXERCISE, T0)


def test_an_exercise_does_not_turn_real_halfway():
    point = nsp(Readiness.OPERATIONAL)
    point.change_activation(ActivationStatus.OPENING, ActivationMode.EXERCISE, T0)
    with pytest.raises(RuleViolation, match="exercise"):
        point.change_activation(ActivationStatus.OPEN, ActivationMode.REAL, T0)


def test_activation_time_cannot_run_backwards():
    point = nsp(Readiness.OPERATIONAL)
    point.change_activation(ActivationStatus.OPENING, ActivationMode.REAL, T0)
    with pytest.raises(RuleViolation):
        point.change_activation(ActivationStatus.OPEN, ActivationMode.REAL, T0 - timedelta(seconds=1))


def test_details_check_their_own_consistency():
    with pytest.raises(ValueError, match="trained_volunteers"):
        Details(volunteers=2, trained_volunteers=3)
    with pytest.raises(ValueError, match="latitude"):
        Details(latitude=51.7)
    with pytest.raises(ValueError, match="once"):
        Details(services=[{"service": "information"}, {"service": "information"}])
