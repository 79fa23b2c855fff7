"""Inventory rounds (completeness, superseding) and pilots (lifecycle, the two-pilot rule)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from uuid import uuid4

import pytest

from shared.errors import InvalidInput, RuleViolation
from services.inventory.domain.pilot import Pilot, PilotStatus, two_pilot_rule
from services.inventory.domain.round import InventoryRound, RoundStatus

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)


def a_round(deadline: date = date(2026, 12, 31)) -> InventoryRound:
    round_ = InventoryRound.open(id=uuid4(), region_code="VR21", title="Ronde 1", deadline=deadline,
                                 municipality_codes=["GM0828", "GM0796", "GM0755"], now=NOW)
    return round_


def snapshot(*names: str) -> list[dict[str, object]]:
    return [{"id": str(uuid4()), "name": n} for n in names]


def submit(round_, code, names=("Dorpshuis",), at=NOW):
    return round_.submit(submission_id=uuid4(), municipality_code=code, snapshot=snapshot(*names),
                         submitted_by="tester", remarks=None, now=at)


def test_a_round_knows_who_has_and_has_not_submitted():
    round_ = a_round()
    submit(round_, "GM0828")
    assert round_.submitted() == ["GM0828"] and round_.missing() == ["GM0755", "GM0796"] and not round_.complete
    submit(round_, "GM0796")
    submit(round_, "GM0755")
    assert round_.complete and round_.missing() == []


def test_a_new_submission_supersedes_the_old_one():
    round_ = a_round()
    first = submit(round_, "GM0828", ["A"])
    second = submit(round_, "GM0828", ["A", "B"])
    assert second.supersedes == first.id
    assert round_.submissions["GM0828"] is second
    assert [e.supersedes for e in round_.events[1:]] == [None, first.id]


def test_closing_lists_submitted_and_missing_and_stops_submissions():
    round_ = a_round()
    submit(round_, "GM0828")
    round_.close(NOW)
    closed = round_.events[-1]
    assert (closed.submitted, closed.missing) == (["GM0828"], ["GM0755", "GM0796"])
    assert round_.status is RoundStatus.CLOSED
    with pytest.raises(RuleViolation):
        submit(round_, "GM0796")
    with pytest.raises(RuleViolation):
        round_.close(NOW)


def test_a_municipality_outside_the_round_cannot_submit():
    with pytest.raises(RuleViolation):
        submit(a_round(), "GM0014")


def test_a_late_submission_is_accepted_but_marked():
    round_ = a_round(deadline=NOW.date())
    assert submit(round_, "GM0828", at=NOW + timedelta(days=1)).late is True


def test_a_deadline_in_the_past_is_refused():
    with pytest.raises(InvalidInput):
        a_round(deadline=NOW.date() - timedelta(days=1))


def a_pilot(year: int = 2025, budget: int = 9_000_000) -> Pilot:
    return Pilot.propose(id=uuid4(), region_code="VR21", municipality_code="GM0828", name="Pilot Oss",
                         noodsteunpunt_ids=[uuid4()], goals=["information"], starts_on=date(year, 10, 1),
                         ends_on=date(year + 1, 3, 1), budget_cents=budget)


def test_a_pilot_goes_through_its_stages_in_order():
    pilot = a_pilot()
    pilot.approve()
    pilot.start(date(2025, 10, 1))
    pilot.evaluate({"basis": {"worked": "key holders", "did_not_work": "signage"}}, cost_cents=8_750_050)
    pilot.complete(date(2026, 3, 1))
    assert pilot.status is PilotStatus.COMPLETED
    assert [e.TYPE.split(".")[2] for e in pilot.events] == ["proposed", "approved", "started", "evaluated", "completed"]
    started = pilot.events[2]
    assert (started.pilot_year, started.budget_cents) == (2025, 9_000_000)


@pytest.mark.parametrize("skip", ["start", "evaluate", "complete"])
def test_a_proposed_pilot_cannot_skip_approval(skip):
    pilot = a_pilot()
    actions = {"start": lambda: pilot.start(date(2025, 10, 1)),
               "evaluate": lambda: pilot.evaluate({"basis": {"worked": "x"}}, 0),
               "complete": lambda: pilot.complete(date(2026, 1, 1))}
    with pytest.raises(RuleViolation):
        actions[skip]()
    assert pilot.status is PilotStatus.PROPOSED and len(pilot.events) == 1


def test_an_evaluation_uses_the_nipv_themes_and_whole_cents():
    pilot = a_pilot()
    pilot.approve()
    pilot.start(date(2025, 10, 1))
    with pytest.raises(InvalidInput, match="theme"):
        pilot.evaluate({"weather": {"worked": "x"}}, 0)
    with pytest.raises(InvalidInput, match="cents"):
        pilot.evaluate({"basis": {"worked": "x"}}, 10.5)  # type: ignore[arg-type]
    assert pilot.status is PilotStatus.STARTED


def test_money_is_whole_cents():
    with pytest.raises(InvalidInput):
        a_pilot(budget=100.5)  # type: ignore[arg-type]


def test_the_two_pilot_rule_counts_started_pilots_per_pilot_year():
    pilots = [a_pilot(2025), a_pilot(2025), a_pilot(2026), a_pilot(2026)]
    for p in pilots[:3]:
        p.approve()
        p.start(p.starts_on)
    # 2025: two started -> fine. 2026: one started, one only proposed -> flagged.
    checks = {c.pilot_year: (c.started, c.flagged) for c in two_pilot_rule(pilots)}
    assert checks == {2025: (2, False), 2026: (1, True)}
    assert {c.pilot_year: c.flagged for c in two_pilot_rule([])} == {2025: True, 2026: True}


def started(year: int = 2026) -> Pilot:
    pilot = a_pilot(year)
    pilot.approve()
    pilot.start(date(year, 3, 1))
    pilot.events.clear()
    return pilot


def test_a_pilot_whose_money_is_refused_counts_apart_until_money_is_committed():
    counting, refused = started(), started()
    refused.money_refused(uuid4(), "niet genoeg over")
    refused.money_refused(uuid4(), "niet genoeg over")  # heard twice: one transition
    (check,) = [c for c in two_pilot_rule([counting, refused]) if c.pilot_year == 2026]
    assert (check.started, check.unfunded, check.flagged) == (1, 1, True)
    assert [e.TYPE for e in refused.events] == ["inventory.pilot.unfunded.v1"]

    refused.money_committed(uuid4(), 9_000_000)
    (check,) = [c for c in two_pilot_rule([counting, refused]) if c.pilot_year == 2026]
    assert (check.started, check.unfunded, check.flagged) == (2, 0, False)
    assert [e.TYPE for e in refused.events] == ["inventory.pilot.unfunded.v1", "inventory.pilot.funded.v1"]
