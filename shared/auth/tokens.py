"""Minting and verifying bearer tokens (JWT).

Locally a shared signing key (HS256) signs and verifies. In production set
``auth.jwks_url`` to an OIDC provider's JWKS address and tokens are verified
against its published keys. Claims: ``sub``, ``role``, ``region``, ``municipality``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import jwt

from shared.auth.principal import Principal, Role
from shared.auth.verified import VerifiedTokens
from shared.refdata import ReferenceData
from shared.settings import AuthSettings


class InvalidToken(Exception):
    """Missing, expired, badly signed, or with claims that do not add up."""


def mint(settings: AuthSettings, principal: Principal, ttl: timedelta = timedelta(hours=8)) -> str:
    now = datetime.now(timezone.utc)
    claims: dict[str, Any] = {
        "sub": principal.subject,
        "role": principal.role.value,
        "iss": settings.issuer,
        "aud": settings.audience,
        "iat": now,
        "exp": now + ttl,
    }
    if principal.region_code:
        claims["region"] = principal.region_code
    if principal.municipality_code:
        claims["municipality"] = principal.municipality_code
    if principal.email:
        claims["email"] = principal.email
    return jwt.encode(claims, settings.signing_key.get_secret_value(), algorithm=settings.algorithm)


class TokenVerifier:
    def __init__(self, settings: AuthSettings, reference: ReferenceData) -> None:
        self._settings = settings
        self._reference = reference
        self._jwks = jwt.PyJWKClient(settings.jwks_url) if settings.jwks_url else None
        self._verified = VerifiedTokens()

    def verify(self, token: str) -> Principal:
        """The principal of a valid token; ``InvalidToken`` otherwise. A token verified less than
        a minute ago (and not expired since) is answered from ``VerifiedTokens``."""
        known = self._verified.get(token)
        if known is not None:
            return known
        try:
            claims = self._decode(token)
        except jwt.PyJWTError as error:
            raise InvalidToken(str(error)) from error
        principal = self._principal(claims)
        self._verified.put(token, principal, claims["exp"])
        return principal

    def _decode(self, token: str) -> dict[str, Any]:
        options = {"require": ["exp", "sub", "role"]}
        common = {"audience": self._settings.audience, "issuer": self._settings.issuer, "options": options}
        if self._jwks is not None:
            key = self._jwks.get_signing_key_from_jwt(token).key
            return jwt.decode(token, key, algorithms=self._settings.jwks_algorithms, **common)
        return jwt.decode(token, self._settings.signing_key.get_secret_value(), algorithms=[self._settings.algorithm], **common)

    def _principal(self, claims: dict[str, Any]) -> Principal:
        try:
            role = Role(claims["role"])
        except ValueError:
            raise InvalidToken(f"unknown role {claims['role']!r}") from None
        principal = Principal(
            subject=str(claims["sub"]),
            role=role,
            region_code=claims.get("region"),
            municipality_code=claims.get("municipality"),
            issuer=str(claims.get("iss", "")),
            email=_vouched_email(claims),
        )
        check_scope(principal, self._reference)
        return principal


def _vouched_email(claims: dict[str, Any]) -> str | None:
    email = claims.get("email")
    if not isinstance(email, str) or claims.get("email_verified") is False:
        return None
    return email


def check_scope(principal: Principal, reference: ReferenceData) -> None:
    """A region token names a real region; a municipality token a real municipality of that region."""
    if principal.role in (Role.REGION, Role.MUNICIPALITY):
        if principal.region_code not in reference.regions:
            raise InvalidToken(f"{principal.role.value} token needs a known region code, got {principal.region_code!r}")
    if principal.role is Role.MUNICIPALITY:
        municipality = reference.municipalities.get(principal.municipality_code or "")
        if municipality is None or municipality.region_code != principal.region_code:
            raise InvalidToken(
                f"municipality {principal.municipality_code!r} is not in region {principal.region_code!r}"
            )
