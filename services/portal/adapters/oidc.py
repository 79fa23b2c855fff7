"""OpenID Connect sign-in (authorization-code flow with PKCE) through authlib.

The provider's discovery document names its endpoints and keys; authlib keeps the state
and nonce in the session, checks them on the way back, and validates the ID token. The
access token the provider issues is what the portal passes on to the services, which
verify it against the same provider's JWKS (``WEERBAAR_AUTH__JWKS_URL``).
"""

from __future__ import annotations

from typing import Any

from authlib.integrations.starlette_client import OAuth

from services.portal.settings import OidcSettings

CLIENT_NAME = "weerbaar"


def oidc_client(settings: OidcSettings) -> Any | None:
    """authlib's client for the configured provider, or None when OIDC is not configured."""
    if not settings.enabled:
        return None
    oauth = OAuth()
    oauth.register(
        CLIENT_NAME,
        client_id=settings.client_id,
        client_secret=settings.client_secret.get_secret_value() if settings.client_secret else None,
        server_metadata_url=f"{str(settings.issuer).rstrip('/')}/.well-known/openid-configuration",
        client_kwargs={"scope": settings.scope, "code_challenge_method": "S256"},
    )
    return oauth.create_client(CLIENT_NAME)
