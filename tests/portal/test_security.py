"""The portal's own safety, without the services behind it: the development sign-in only when
the setting is on, no session secret that works in production by default, CSRF on every
form, the session cookie's flags, no open redirect, security headers."""

from __future__ import annotations

import re

import httpx
import pytest

from services.portal.bootstrap import InsecureSettings, bootstrap
from services.portal.settings import PortalSettings

pytestmark = pytest.mark.asyncio(loop_scope="session")
SECRET = "test-session-secret-0123456789abcdef"


def client(**settings) -> httpx.AsyncClient:
    app = bootstrap(PortalSettings(**{"session_secret": SECRET, **settings}))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://portal.test")


async def csrf_of(http: httpx.AsyncClient) -> str:
    page = (await http.get("/aanmelden")).text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


async def dev_sign_in(http: httpx.AsyncClient, **fields) -> httpx.Response:
    data = {"csrf_token": await csrf_of(http), "role": "municipality", "municipality": "GM0828", **fields}
    return await http.post("/aanmelden/ontwikkeling", data=data)


async def test_no_session_secret_and_no_development_mode_refuses_to_start():
    with pytest.raises(InsecureSettings):
        bootstrap(PortalSettings(dev_sign_in=False, session_secret=None))


async def test_the_development_sign_in_is_refused_when_the_setting_is_off():
    async with client(dev_sign_in=True) as development, client(dev_sign_in=False) as production:
        assert "/aanmelden/ontwikkeling" not in (await production.get("/aanmelden")).text
        # Even with a valid session and CSRF token (made where the setting is on, with the same secret):
        token = await csrf_of(development)
        production.cookies.update(development.cookies)
        response = await production.post("/aanmelden/ontwikkeling",
                                         data={"csrf_token": token, "role": "national"})
        assert response.status_code == 403
        assert "ontwikkelomgeving" in response.text
        assert (await production.get("/landelijk")).status_code == 303  # still not signed in


async def test_development_sign_in_gives_a_signed_httponly_samesite_secure_session():
    async with client(dev_sign_in=True) as http:
        response = await dev_sign_in(http)
        assert response.status_code == 303 and response.headers["location"] == "/"
        cookie = response.headers["set-cookie"].lower()
        assert "weerbaar_sessie=" in cookie and "httponly" in cookie and "samesite=lax" in cookie and "secure" in cookie
        assert (await http.get("/")).headers["location"] == "/gemeenten/GM0828"
        http.cookies.set("weerbaar_sessie", http.cookies["weerbaar_sessie"][:-4] + "AAAA", domain="portal.test")
        assert (await http.get("/gemeenten/GM0828")).status_code == 303  # a tampered cookie signs no one in


async def test_a_made_up_combination_of_role_and_place_is_refused():
    async with client(dev_sign_in=True) as http:
        response = await dev_sign_in(http, municipality="GM9999")
        assert response.status_code == 400
        assert "Kies een gemeente." in response.text


async def test_every_form_needs_the_sessions_csrf_token():
    async with client(dev_sign_in=True) as http:
        await dev_sign_in(http)
        for data in ({}, {"csrf_token": "made-up"}):
            response = await http.post("/afmelden", data=data)
            assert response.status_code == 400 and "Het formulier is verlopen" in response.text
            assert (await http.get("/")).status_code == 303  # still signed in
        response = await http.post("/gemeenten/GM0828/noodsteunpunten/nieuw", data={"name": "x"})
        assert response.status_code == 400
        response = await http.post("/afmelden", data={"csrf_token": await csrf_of(http)})
        assert response.headers["location"] == "/?afgemeld=1"
        assert (await http.get("/gemeenten/GM0828")).status_code == 303


async def test_no_open_redirect_after_sign_in():
    async with client(dev_sign_in=True) as http:
        for target, expected in (("//evil.example/x", "/"), ("https://evil.example", "/"), ("/landelijk", "/landelijk")):
            response = await dev_sign_in(http, volgende=target)
            assert response.headers["location"] == expected


async def test_pages_carry_a_strict_content_security_policy():
    async with client(dev_sign_in=True) as http:
        response = await http.get("/aanmelden")
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert response.headers["x-frame-options"] == "DENY"
        assert 'lang="nl"' in response.text
        css = await http.get("/static/nlds/utrecht-component-library.css")
        assert css.status_code == 200 and ".utrecht-button" in css.text


async def test_signed_out_users_are_sent_to_sign_in_and_back():
    async with client(dev_sign_in=True) as http:
        response = await http.get("/regios/VR21?x=1")
        assert response.status_code == 303
        assert response.headers["location"] == "/aanmelden?volgende=%2Fregios%2FVR21%3Fx%3D1"
