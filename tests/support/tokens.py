"""Bearer headers for tests, signed with the settings' local key."""

from __future__ import annotations

from shared.auth.principal import Principal, Role
from shared.auth.tokens import mint
from shared.refdata import load_reference_data
from shared.settings import AuthSettings


def bearer(role: str, region: str | None = None, municipality: str | None = None, sub: str = "test-user",
           email: str | None = None) -> dict[str, str]:
    if municipality and not region:
        region = load_reference_data().municipalities[municipality].region_code
    token = mint(AuthSettings(), Principal(sub, Role(role), region, municipality, email=email))
    return {"Authorization": f"Bearer {token}"}


def municipality(code: str) -> dict[str, str]:
    return bearer("municipality", municipality=code)


def region(code: str) -> dict[str, str]:
    return bearer("region", region=code)


def national() -> dict[str, str]:
    return bearer("national")
