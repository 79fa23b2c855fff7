from uuid import uuid4

import pytest

from shared.errors import InvalidInput
from services.notify.domain.subscription import Frequency, PersonRole, Subscription


def person(**overrides):
    values = dict(id=uuid4(), owner="u1", name="Anna", email="anna@oss.nl", role=PersonRole.COMMUNICATION,
                  event_types=["inventory.*"], frequency=Frequency.IMMEDIATE, region_code="VR21", municipality_code=None)
    values.update(overrides)
    return Subscription.for_person(**values)


def test_type_filters_match_exact_types_domains_and_everything():
    assert person(event_types=["inventory.pilot.started.v1"]).matches("inventory.pilot.started.v1", "VR21", None)
    assert not person(event_types=["inventory.pilot.started.v1"]).matches("inventory.pilot.approved.v1", "VR21", None)
    assert person(event_types=["funding.*"]).matches("funding.tranche.allocated.v1", "VR21", None)
    assert not person(event_types=["funding.*"]).matches("inventory.pilot.started.v1", "VR21", None)
    assert person(event_types=["*"]).matches("campaign.activity.scheduled.v1", "VR21", None)


def test_region_and_municipality_filters():
    sub = person(municipality_code="GM0828")
    assert sub.matches("inventory.noodsteunpunt.registered.v1", "VR21", "GM0828")
    assert not sub.matches("inventory.noodsteunpunt.registered.v1", "VR21", "GM0796")
    assert sub.matches("inventory.round.opened.v1", "VR21", None), "a region-wide event concerns every gemeente"
    assert not sub.matches("inventory.noodsteunpunt.registered.v1", "VR01", "GM0014")
    assert sub.matches("inventory.standard.published.v1", "NL", None), "national events concern every region"


def test_an_inactive_subscription_matches_nothing():
    sub = person()
    sub.active = False
    assert not sub.matches("inventory.noodsteunpunt.registered.v1", "VR21", None)


@pytest.mark.parametrize("bad", [dict(email="not-an-email"), dict(name="  "), dict(event_types=[]),
                                 dict(event_types=["inventory"]), dict(event_types=["DROP TABLE"])])
def test_bad_subscriptions_are_refused(bad):
    with pytest.raises(InvalidInput):
        person(**bad)


def test_audience_is_by_role_within_the_region():
    board = person(role=PersonRole.BOARD)
    assert board.in_audience(["board", "iv_advisors"], "VR21")
    assert person(role=PersonRole.IV).in_audience(["municipal_advisors"], "VR21")
    assert not board.in_audience(["communication"], "VR21")
    assert not board.in_audience(["board"], "VR01")
    assert person(role=PersonRole.BOARD, region_code=None).in_audience(["BOARD"], "VR01")
