"""Signing in with OpenID Connect (authorization code with PKCE, through authlib) against an
issuer whose JWKS the platform trusts: the portal keeps the issuer's access token and reads
the role and scope from it, verified exactly as the services verify it."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest

from shared.settings import AuthSettings, Settings
from services.portal.bootstrap import bootstrap
from services.portal.settings import OidcSettings, PortalSettings
from tests.portal.oidc_provider import AUDIENCE, CLIENT_ID, CLIENT_SECRET, Provider

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest.fixture(scope="module")
def provider():
    running = Provider()
    server = running.serve_in_thread()
    yield running
    server.should_exit = True


def portal(provider: Provider) -> httpx.AsyncClient:
    app = bootstrap(
        PortalSettings(session_secret="oidc-test-session-secret", public_base_url="https://portal.test",
                       oidc=OidcSettings(issuer=provider.issuer, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)),
        Settings(auth=AuthSettings(jwks_url=f"{provider.issuer}/jwks", issuer=provider.issuer, audience=AUDIENCE)),
    )
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://portal.test")


async def sign_in_through(provider: Provider, http: httpx.AsyncClient) -> httpx.Response:
    """What the browser does: portal -> issuer -> portal's callback."""
    to_issuer = await http.get("/aanmelden/oidc", params={"volgende": "/"})
    assert to_issuer.status_code == 302 and to_issuer.headers["location"].startswith(f"{provider.issuer}/authorize?")
    async with httpx.AsyncClient() as browser:
        back = await browser.get(to_issuer.headers["location"])
    callback = urlsplit(back.headers["location"])
    assert callback.path == "/aanmelden/terug"
    return await http.get(f"{callback.path}?{callback.query}")


async def test_a_gemeente_official_signs_in_with_the_programmes_issuer(provider):
    provider.claims = {"sub": "j.jansen", "name": "Jan Jansen", "role": "municipality", "region": "VR21",
                       "municipality": "GM0828"}
    async with portal(provider) as http:
        assert "Aanmelden via de inlogdienst" in (await http.get("/aanmelden")).text
        signed_in = await sign_in_through(provider, http)
        assert signed_in.status_code == 303, signed_in.text
        assert (await http.get("/")).headers["location"] == "/gemeenten/GM0828"
        page = await http.get("/waar-is-mijn-noodsteunpunt")
        assert "Aangemeld als Jan Jansen" in page.text


async def test_a_token_whose_scope_does_not_add_up_signs_no_one_in(provider):
    provider.claims = {"sub": "x", "role": "municipality", "region": "VR01", "municipality": "GM0828"}  # Oss is in VR21
    async with portal(provider) as http:
        refused = await sign_in_through(provider, http)
        assert refused.status_code == 403 and "Aanmelden is niet gelukt" in refused.text
        assert (await http.get("/")).status_code == 200  # the anonymous start page


async def test_a_forged_callback_is_refused(provider):
    async with portal(provider) as http:
        await http.get("/aanmelden/oidc")
        refused = await http.get("/aanmelden/terug", params={"code": "made-up", "state": "made-up"})
        assert refused.status_code == 403
