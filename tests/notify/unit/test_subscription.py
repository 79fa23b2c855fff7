from datetime import datetime, timedelta, timezone
from uuid import uuid4

import pytest

from shared.errors import InvalidInput, NotFound, RuleViolation
from services.notify.domain.subscription import Frequency, Owner, PersonRole, Status, Subscription
from services.notify.domain.visibility import Scope

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
ANNA = Owner("u1", "weerbaar-local", Scope("region", "VR21"))


def person(**overrides):
    values = dict(id=uuid4(), owner=ANNA, name="Anna", email="anna@oss.nl", role=PersonRole.COMMUNICATION,
                  event_types=["inventory.*"], frequency=Frequency.IMMEDIATE, region_code="VR21", municipality_code=None,
                  verified_email="Anna@Oss.nl")
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


def test_an_ended_or_unconfirmed_subscription_matches_nothing():
    sub = person()
    sub.end()
    assert not sub.matches("inventory.noodsteunpunt.registered.v1", "VR21", None)
    assert not person(verified_email=None).matches("inventory.noodsteunpunt.registered.v1", "VR21", None)


def test_the_address_the_token_vouches_for_is_subscribed_at_once_any_other_waits_for_confirmation():
    assert person().status is Status.ACTIVE, "the token's own address, in any letter case"
    for other in (dict(verified_email=None), dict(verified_email="someone@else.nl"), dict(email="bestuur@vr21.nl")):
        assert person(**other).status is Status.PENDING


def test_a_confirmation_link_starts_the_subscription_once_and_only_with_its_token():
    sub = person(verified_email=None)
    token = sub.ask_confirmation(T0, timedelta(days=7))
    assert token not in (sub.confirmation_hash or ""), "only the hash is kept"
    with pytest.raises(NotFound):
        sub.confirm("a-guessed-token-of-enough-length", T0)
    sub.confirm(token, T0 + timedelta(days=1))
    assert sub.status is Status.ACTIVE and sub.confirmation_hash is None
    sub.confirm(token, T0 + timedelta(days=2))  # a second click changes nothing
    assert sub.active


def test_an_expired_confirmation_link_is_refused():
    sub = person(verified_email=None)
    token = sub.ask_confirmation(T0, timedelta(days=7))
    with pytest.raises(RuleViolation):
        sub.confirm(token, T0 + timedelta(days=7))
    assert sub.status is Status.PENDING


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
