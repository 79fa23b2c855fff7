"""Settings of the portal (``WEERBAAR_PORTAL_*``, nested groups with ``__``), beside the
platform's shared ones (``WEERBAAR_AUTH__*`` decides which tokens are trusted).

Built by the composition root only, never at import time. No secret has a default that
works in production: without ``SESSION_SECRET`` the portal only starts with the
development sign-in on, and then signs sessions with a key made at start-up.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceUrls(BaseModel):
    """Where the portal reaches each service (scheme, host, port; the API is under /v1 of it)."""

    inventory: str = "http://127.0.0.1:8001"
    funding: str = "http://127.0.0.1:8002"
    campaign: str = "http://127.0.0.1:8003"
    notify: str = "http://127.0.0.1:8004"


class OidcSettings(BaseModel):
    """OpenID Connect sign-in (authorization-code flow). The provider must be the issuer whose
    keys the services trust (``WEERBAAR_AUTH__JWKS_URL``): the access token it issues is what
    the portal passes on to the services."""

    issuer: str | None = None  # e.g. https://login.example.nl/realms/weerbaar (discovery document below it)
    client_id: str | None = None
    client_secret: SecretStr | None = None
    scope: str = "openid profile"

    @property
    def enabled(self) -> bool:
        return bool(self.issuer and self.client_id)


class PortalSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEERBAAR_PORTAL_", env_nested_delimiter="__", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8005
    services: ServiceUrls = Field(default_factory=ServiceUrls)
    oidc: OidcSettings = Field(default_factory=OidcSettings)
    # Local development only: a page to sign in as any role, with a token minted by the local key.
    dev_sign_in: bool = False
    session_secret: SecretStr | None = None
    session_hours: float = 8.0
    # Send the session cookie over HTTPS only; off only for a developer's plain-HTTP loopback.
    cookie_secure: bool = True
    # Where users reach the portal (scheme, host, port), for the OIDC redirect address.
    public_base_url: str | None = None
    request_timeout_seconds: float = 10.0
    max_connections: int = 50
    # The programme's money years shown per region (the budget schedule's years).
    money_years: list[int] = Field(default_factory=lambda: [2025, 2026, 2027, 2028, 2029])
    max_upload_bytes: int = 2 * 1024 * 1024
