"""The /asyncapi page of a service: served with its assets from the service itself (no CDN),
no inline script or style, and rendered by a real browser (headless Chromium) under the
pages' Content-Security-Policy without a single violation."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from html.parser import HTMLParser

import httpx
import pytest
import pytest_asyncio
import uvicorn

from services.inventory.bootstrap import bootstrap
from shared.http.app import create_app
from shared.settings import Settings
from tests.support.running import free_port

pytestmark = pytest.mark.asyncio(loop_scope="session")


class Page(HTMLParser):
    """What a page loads and whether anything in it is inline."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "style" in found or any(name.startswith("on") for name in found):
            self.inline.append(f"<{tag}> attribute")
        if tag == "style":
            self.inline.append("<style>")
        if tag == "script":
            self._in_script = True
            self.assets.append(found["src"] or "") if found.get("src") else self.inline.append("<script> without src")
        if tag == "link" and found.get("href"):
            self.assets.append(found["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline.append("script body")


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def site() -> AsyncIterator[str]:
    """The inventory service's HTTP app on a free port; the page needs neither database nor Kafka."""
    port = free_port()
    app = create_app(bootstrap(Settings(service_name="inventory")))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def test_the_page_loads_only_its_own_assets_and_nothing_inline(site):
    async with httpx.AsyncClient(base_url=site) as client:
        page = await client.get("/asyncapi")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        policy = page.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe" not in policy
        parsed = Page()
        parsed.feed(page.text)
        assert parsed.inline == []
        assert sorted(parsed.assets) == [
            "asyncapi/assets/asyncapi-page.js", "asyncapi/assets/asyncapi-react.min.css",
            "asyncapi/assets/page.css", "asyncapi/assets/page.js",
        ]
        for asset in parsed.assets:
            answer = await client.get(f"/{asset}")
            assert answer.status_code == 200, asset
            assert answer.headers["content-type"].split(";")[0] in ("text/javascript", "text/css"), asset
        rendered = (await client.get("/asyncapi/parsed.json")).json()
        assert rendered["x-parser-spec-parsed"] is True
        assert "$ref" not in page.text + (await client.get("/asyncapi/parsed.json")).text


async def test_a_real_browser_renders_the_document_under_the_policy(site, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "Chromium not found: run bash scripts/ensure-browser-tools.sh"
    process = await asyncio.create_subprocess_exec(
        browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
        "--virtual-time-budget=20000", "--dump-dom", f"{site}/asyncapi",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    dom, log = out.decode(), err.decode()
    console = [line for line in log.splitlines() if "CONSOLE" in line or "Content Security Policy" in line]
    assert console == [], console
    assert "Weerbaar inventory service" in dom
    # Rendered from the document: a message, the consumer-facing dead-letter topic, the servers.
    assert "inventory.pilot.started.v1" in dom and "weerbaar.inventory.deadletter" in dom
    assert "kafka-secure://" in dom and "Het AsyncAPI-document kon niet worden geladen" not in dom
