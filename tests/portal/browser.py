"""Driving Debian's Chromium with Playwright for the portal's tests: launch, sign in through
the development sign-in page, keyboard-only navigation, the axe-core accessibility check
and screenshots."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, BrowserContext, Page, async_playwright

CHROMIUM = os.environ.get("WEERBAAR_CHROMIUM", "/usr/bin/chromium")
# Playwright's own browser download cannot be reached here: it drives the system's Chromium.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--lang=nl-NL"]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 90_000  # generous: two cores shared with other test suites; a failing wait still fails
SCREENSHOTS = Path(os.environ.get("WEERBAAR_SCREENSHOTS", ".weerbaar/screenshots/portal"))


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    """Headless Chromium; each launch gets a fresh profile (user-data dir) of its own."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} not found: run scripts/ensure-browser-tools.sh (apt-get install chromium)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


@asynccontextmanager
async def person(browser: Browser, portal_url: str) -> AsyncIterator[Page]:
    """A person with their own cookies, in Dutch, who notices any Content-Security-Policy refusal."""
    context: BrowserContext = await browser.new_context(base_url=portal_url, locale="nl-NL",
                                                        timezone_id="Europe/Amsterdam",
                                                        viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    page.refusals = []  # type: ignore[attr-defined]
    page.on("console", lambda m: page.refusals.append(m.text) if "Content Security Policy" in m.text else None)  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        await context.close()


async def sign_in(page: Page, role: str, code: str | None = None) -> None:
    await page.goto("/aanmelden")
    await page.check(f"input[name=role][value={role}]")
    if role == "municipality":
        await page.select_option("#veld-municipality", code)
    elif role == "region":
        await page.select_option("#veld-region", code)
    await follow(page, "form[action='/aanmelden/ontwikkeling'] button[type=submit]")


async def follow(page: Page, selector: str) -> None:
    """Click a link or submit button and wait for the page it leads to."""
    async with page.expect_navigation():
        await page.click(selector)


async def accessibility_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now (empty when none)."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = await page.evaluate("async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
                                 ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                                 " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))", WCAG_21_A_AA)
    return result


async def check_page(page: Page, name: str | None = None) -> None:
    """The page meets WCAG 2.1 A and AA (axe-core), broke no CSP rule, and is saved as a screenshot."""
    violations = await accessibility_violations(page)
    assert violations == [], f"{page.url}: {violations}"
    assert page.refusals == [], f"{page.url}: {page.refusals}"  # type: ignore[attr-defined]
    if name:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


async def tab_to(page: Page, selector: str, limit: int = 150) -> None:
    """Press Tab until the element matching ``selector`` has the focus (keyboard only)."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if await page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with Tab in {limit} presses")
