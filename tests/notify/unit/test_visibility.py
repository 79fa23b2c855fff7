"""What each scope may hear of (issue 10): a subscription's filter never widens it."""

from datetime import datetime, timezone
from uuid import uuid4

import pytest

from services.notify.domain.event_view import EventView
from services.notify.domain.subscription import Frequency, Owner, PersonRole, Subscription
from services.notify.domain.visibility import Scope, may_see, needs_public_flag, public_flag

OSS, DEN_BOSCH = "GM0828", "GM0796"  # both VR21
GEMEENTE = Scope("municipality", "VR21", OSS)
REGION = Scope("region", "VR21")
INTEGRATOR = Scope("integrator")


def event(type_: str, region: str = "VR21", municipality: str | None = None, **data):
    return EventView(uuid4(), type_, datetime(2026, 11, 2, tzinfo=timezone.utc), region, municipality, "x/1", data)


NSP_OTHER = event("inventory.noodsteunpunt.readiness_changed.v1", municipality=DEN_BOSCH)


@pytest.mark.parametrize(("scope", "seen", "public", "expected"), [
    (GEMEENTE, event("inventory.noodsteunpunt.registered.v1", municipality=OSS), False, True),
    (GEMEENTE, event("inventory.round.opened.v1"), False, True),
    (GEMEENTE, event("inventory.standard.published.v1", region="NL"), False, True),
    (GEMEENTE, NSP_OTHER, False, False),
    (GEMEENTE, NSP_OTHER, True, True),
    (GEMEENTE, event("inventory.pilot.started.v1", municipality=DEN_BOSCH), False, False),
    (GEMEENTE, event("inventory.round.opened.v1", region="VR01"), False, False),
    (REGION, NSP_OTHER, False, True),
    (REGION, event("funding.tranche.allocated.v1", region="VR22"), False, False),
    (Scope("national"), event("funding.tranche.allocated.v1", region="VR22"), False, True),
    (INTEGRATOR, NSP_OTHER, False, False),
    (INTEGRATOR, NSP_OTHER, True, True),
    (INTEGRATOR, event("funding.tranche.allocated.v1", region="VR01"), False, True),
    (INTEGRATOR, event("funding.commitment.refused.v1"), False, False),
    (INTEGRATOR, event("inventory.inventory.submitted.v1", municipality=OSS), False, False),
])
def test_each_scope_sees_only_what_it_may(scope, seen, public, expected):
    assert may_see(scope, seen, public) is expected


def test_the_public_flag_is_asked_only_when_it_decides():
    assert needs_public_flag(GEMEENTE, NSP_OTHER) and needs_public_flag(INTEGRATOR, NSP_OTHER)
    assert not needs_public_flag(GEMEENTE, event("inventory.noodsteunpunt.updated.v1", municipality=OSS))
    assert not needs_public_flag(REGION, NSP_OTHER)
    assert public_flag(event("inventory.noodsteunpunt.registered.v1", municipality=OSS, public=True)) is True
    assert public_flag(event("inventory.noodsteunpunt.updated.v1", municipality=OSS)) is False
    assert public_flag(NSP_OTHER) is None


def test_a_region_wide_filter_of_a_gemeente_user_still_skips_other_gemeenten_private_noodsteunpunten():
    sub = Subscription.for_person(
        id=uuid4(), owner=Owner("dirk", "weerbaar-local", GEMEENTE), name="Dirk", email="dirk@oss.nl",
        role=PersonRole.IV, event_types=["*"], frequency=Frequency.IMMEDIATE, region_code="VR21",
        municipality_code=None, verified_email="dirk@oss.nl")
    assert sub.matches(NSP_OTHER.type, NSP_OTHER.region_code, NSP_OTHER.municipality_code), "the filter lets it pass"
    assert not sub.wants(NSP_OTHER, public=False) and sub.wants(NSP_OTHER, public=True)
