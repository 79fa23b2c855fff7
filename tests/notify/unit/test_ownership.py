"""A subscription belongs to subject + issuer + scope (issue 10); region users manage
their region's person subscriptions, operators every endpoint, integrators their own."""

from uuid import uuid4

import pytest

from shared.auth.principal import Principal, Role
from services.notify.domain.subscription import Frequency, PersonRole, Subscription
from services.notify.handlers.deliveries import without_addresses
from services.notify.handlers.subscriptions import may_manage, owner_of

DIRK = Principal("dirk", Role.MUNICIPALITY, "VR21", "GM0828", issuer="https://idp.example.nl")


def made_by(actor: Principal, kind: str = "person") -> Subscription:
    if kind == "endpoint":
        return Subscription.for_endpoint(id=uuid4(), owner=owner_of(actor), endpoint_id=uuid4(), event_types=["*"],
                                         region_code=None, municipality_code=None)
    return Subscription.for_person(id=uuid4(), owner=owner_of(actor), name="Dirk", email="dirk@oss.nl",
                                   role=PersonRole.IV, event_types=["*"], frequency=Frequency.IMMEDIATE,
                                   region_code="VR21", municipality_code="GM0828")


@pytest.mark.parametrize(("actor", "allowed"), [
    (DIRK, True),
    (Principal("dirk", Role.MUNICIPALITY, "VR21", "GM0828", issuer="https://other-idp.example.nl"), False),
    (Principal("dirk", Role.MUNICIPALITY, "VR21", "GM0796", issuer="https://idp.example.nl"), False),
    (Principal("eva", Role.MUNICIPALITY, "VR21", "GM0828", issuer="https://idp.example.nl"), False),
    (Principal("programma", Role.REGION, "VR21", issuer="https://idp.example.nl"), True),
    (Principal("programma", Role.REGION, "VR01", issuer="https://idp.example.nl"), False),
    (Principal("ops", Role.OPERATOR, issuer="https://idp.example.nl"), False),
])
def test_who_manages_a_person_subscription(actor, allowed):
    assert may_manage(actor, made_by(DIRK)) is allowed


def test_an_integrators_endpoint_is_its_own_and_the_operators():
    lcms = Principal("lcms", Role.INTEGRATOR, issuer="https://idp.example.nl")
    endpoint = made_by(lcms, "endpoint")
    assert may_manage(lcms, endpoint)
    assert may_manage(Principal("ops", Role.OPERATOR), endpoint)
    assert not may_manage(Principal("other", Role.INTEGRATOR, issuer="https://idp.example.nl"), endpoint)
    assert not may_manage(Principal("programma", Role.REGION, "VR21"), endpoint)


def test_failure_logs_carry_no_email_address():
    assert without_addresses("SMTP 550 5.1.1 <dirk@oss.nl>: Recipient address rejected") == \
        "SMTP 550 5.1.1 <<address>>: Recipient address rejected"


def test_the_token_vouches_for_its_email_claim_unless_it_says_otherwise():
    from datetime import datetime, timedelta, timezone

    import jwt

    from shared.auth.tokens import TokenVerifier, mint
    from shared.refdata import load_reference_data
    from shared.settings import AuthSettings

    settings = AuthSettings()
    verifier = TokenVerifier(settings, load_reference_data())
    principal = verifier.verify(mint(settings, Principal("anna", Role.REGION, "VR21", email="anna@oss.nl")))
    assert (principal.email, principal.issuer) == ("anna@oss.nl", settings.issuer)
    claims = {"sub": "anna", "role": "region", "region": "VR21", "iss": settings.issuer, "aud": settings.audience,
              "exp": datetime.now(timezone.utc) + timedelta(minutes=5), "email": "anna@oss.nl", "email_verified": False}
    unverified = jwt.encode(claims, settings.signing_key.get_secret_value(), algorithm=settings.algorithm)
    assert verifier.verify(unverified).email is None
