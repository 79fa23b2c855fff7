"""The verified-token cache: bounded, short-lived, never past a token's ``exp``, and only
for tokens that passed the whole check."""

from __future__ import annotations

import time
from datetime import timedelta

import jwt
import pytest
from pydantic import SecretStr

from shared.auth.principal import Principal, Role
from shared.auth.tokens import InvalidToken, TokenVerifier, mint
from shared.auth.verified import MAX_ENTRIES, TTL_SECONDS, VerifiedTokens
from shared.refdata import load_reference_data
from shared.settings import AuthSettings

OSS = Principal("advisor", Role.MUNICIPALITY, "VR21", "GM0828")


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_bounds_are_at_most_1024_entries_and_60_seconds():
    assert MAX_ENTRIES <= 1024 and TTL_SECONDS <= 60


@pytest.mark.parametrize("exp_in, lives", [(3600, 60), (10, 10)], ids=["ttl first", "exp first"])
def test_an_entry_lives_until_the_ttl_or_the_tokens_exp_whichever_comes_first(exp_in, lives):
    clock = Clock()
    cache = VerifiedTokens(ttl_seconds=60, clock=clock)
    cache.put("t", OSS, expires_at=clock.now + exp_in)
    clock.now += lives - 0.1
    assert cache.get("t") == OSS
    clock.now += 0.1
    assert cache.get("t") is None
    assert len(cache) == 0


def test_a_token_already_expired_is_not_kept():
    clock = Clock()
    cache = VerifiedTokens(clock=clock)
    cache.put("t", OSS, expires_at=clock.now)
    assert len(cache) == 0 and cache.get("t") is None


def test_the_least_recently_used_goes_first_when_full():
    clock = Clock()
    cache = VerifiedTokens(max_entries=3, clock=clock)
    for token in ("a", "b", "c"):
        cache.put(token, OSS, expires_at=clock.now + 3600)
    assert cache.get("a") == OSS  # a is used again: b is now the oldest
    cache.put("d", OSS, expires_at=clock.now + 3600)
    assert len(cache) == 3
    assert cache.get("b") is None
    assert [cache.get(t) for t in ("a", "c", "d")] == [OSS, OSS, OSS]


def test_the_default_cache_stays_within_its_bound():
    clock = Clock()
    cache = VerifiedTokens(clock=clock)
    for n in range(MAX_ENTRIES + 50):
        cache.put(f"t{n}", OSS, expires_at=clock.now + 3600)
    assert len(cache) == MAX_ENTRIES
    assert cache.get("t0") is None and cache.get(f"t{MAX_ENTRIES + 49}") == OSS


@pytest.fixture
def decodes(monkeypatch) -> list[str]:
    """Every signature check the verifier makes."""
    calls: list[str] = []
    real = jwt.decode

    def counting(token, *args, **kwargs):
        calls.append(token)
        return real(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counting)
    return calls


def test_a_verified_token_is_served_from_the_cache(decodes):
    verifier = TokenVerifier(AuthSettings(), load_reference_data())
    token = mint(AuthSettings(), OSS)
    first = verifier.verify(token)
    assert verifier.verify(token) == first
    assert decodes == [token]


def test_a_token_that_fails_verification_is_never_cached(decodes):
    verifier = TokenVerifier(AuthSettings(), load_reference_data())
    forged = mint(AuthSettings(signing_key=SecretStr("someone-elses-key-that-is-long-enough")), OSS)
    for _ in range(2):
        with pytest.raises(InvalidToken, match="Signature"):
            verifier.verify(forged)
    assert decodes == [forged, forged], "checked again every time"


def test_a_token_with_a_scope_that_does_not_add_up_is_never_cached(decodes):
    verifier = TokenVerifier(AuthSettings(), load_reference_data())
    wrong_region = mint(AuthSettings(), Principal("advisor", Role.MUNICIPALITY, "VR01", "GM0828"))
    for _ in range(2):
        with pytest.raises(InvalidToken, match="not in region"):
            verifier.verify(wrong_region)
    assert decodes == [wrong_region, wrong_region]


def test_a_cached_token_is_refused_once_it_expired():
    verifier = TokenVerifier(AuthSettings(), load_reference_data())
    token = mint(AuthSettings(), OSS, ttl=timedelta(seconds=1))
    assert verifier.verify(token).subject == "advisor"
    exp = jwt.decode(token, options={"verify_signature": False})["exp"]
    time.sleep(max(0.0, exp - time.time()) + 0.05)
    with pytest.raises(InvalidToken, match="expired"):
        verifier.verify(token)
