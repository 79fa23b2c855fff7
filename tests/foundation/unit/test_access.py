"""Tokens and the principal's scope."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from pydantic import SecretStr

from shared.auth.principal import AccessDenied, Principal, Role
from shared.auth.tokens import InvalidToken, TokenVerifier, mint
from shared.refdata import load_reference_data
from shared.settings import AuthSettings

OSS = Principal("advisor", Role.MUNICIPALITY, "VR21", "GM0828")


@pytest.fixture
def verifier() -> TokenVerifier:
    return TokenVerifier(AuthSettings(), load_reference_data())


def test_a_minted_token_verifies_to_the_same_principal(verifier):
    # The verified principal also names who vouches for it (the token's issuer).
    assert verifier.verify(mint(AuthSettings(), OSS)) == replace(OSS, issuer=AuthSettings().issuer)


def test_a_token_signed_with_another_key_is_refused(verifier):
    token = mint(AuthSettings(signing_key=SecretStr("someone-elses-key-that-is-long-enough")), OSS)
    with pytest.raises(InvalidToken, match="Signature"):
        verifier.verify(token)


def test_an_expired_token_is_refused(verifier):
    with pytest.raises(InvalidToken, match="expired"):
        verifier.verify(mint(AuthSettings(), OSS, ttl=timedelta(seconds=-5)))


def test_a_municipality_outside_its_claimed_region_is_refused(verifier):
    with pytest.raises(InvalidToken, match="not in region"):
        verifier.verify(mint(AuthSettings(), Principal("x", Role.MUNICIPALITY, "VR01", "GM0828")))


def test_scope_rules():
    region = Principal("r", Role.REGION, "VR21")
    national = Principal("n", Role.NATIONAL)
    assert OSS.can_manage_municipality("GM0828") and not OSS.can_manage_municipality("GM0796")
    assert OSS.can_read_municipality("VR21", "GM0828") and not OSS.can_read_municipality("VR21", "GM0796")
    assert region.can_manage_region("VR21") and not region.can_manage_region("VR01")
    assert region.can_read_municipality("VR21", "GM0796") and not region.can_read_municipality("VR01", "GM0014")
    assert national.can_read_region("VR01") and not national.can_manage_region("VR01")
    assert not national.can_manage_municipality("GM0828")


def test_require_raises_access_denied_naming_the_scope():
    with pytest.raises(AccessDenied, match="GM0828"):
        OSS.require(False, "do that")
