"""The portal in a real browser against the real platform (four services with the demo data on
Kafka and PostgreSQL): what gemeenten, regions, the national programme and residents do.
Every page visited is checked with axe-core (WCAG 2.1 A and AA: no violations) and for
Content-Security-Policy refusals, and saved as a screenshot.

The tests of this module share one platform and follow one story in order: Oss registers
and submits, then the region sees it."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from tests.portal.browser import check_page, follow, person, sign_in, tab_to
from tests.support import tokens
from tests.support.polling import eventually

pytestmark = pytest.mark.asyncio(loop_scope="session")

OSS, DEN_BOSCH, BOEKEL, VR21 = "GM0828", "GM0796", "GM0755", "VR21"
NEW_NSP = "Dorpshuis De Linde"
GOOD_AND_BAD_CSV = (
    "name;layer;public;services\n"
    "Sporthal De Rusheuvel;local;ja;information|first_aid\n"
    "Bibliotheek Oss;provinciaal;nee;information\n"
).encode()


async def text_of(page, selector: str) -> str:
    return " ".join((await page.inner_text(selector)).split())


async def count_nsps(platform, municipality: str) -> int:
    response = await platform.api("inventory").get(f"/municipalities/{municipality}/noodsteunpunten",
                                                   headers=tokens.municipality(municipality))
    return response.json()["totalItems"]


async def open_round(platform) -> dict:
    body = {"title": "Inventarisatie noodsteunpunten 2026", "deadline": (date.today() + timedelta(days=21)).isoformat()}
    response = await platform.api("inventory").post(f"/regions/{VR21}/rounds", json=body, headers=tokens.region(VR21))
    assert response.status_code == 201, response.text
    return response.json()


async def test_home_and_sign_in_pages(platform, browser):
    async with person(browser, platform.portal_url) as page:
        await page.goto("/")
        await check_page(page, "startpagina")
        await page.goto("/aanmelden")
        await check_page(page, "aanmelden")
        response = await page.goto("/bestaat-niet")
        assert response.status == 404
        assert await page.inner_text("h1") == "Pagina niet gevonden"
        await check_page(page)


async def test_gemeente_registers_imports_and_submits(platform, browser):
    round_ = await open_round(platform)
    async with person(browser, platform.portal_url) as page:
        await sign_in(page, "municipality", OSS)
        assert page.url.endswith(f"/gemeenten/{OSS}")
        assert await page.inner_text("h1") == "Gemeente Oss"
        await check_page(page, "gemeente-overzicht")

        # Register: the service's validation errors come back in Dutch, next to their fields.
        await follow(page, "text=Noodsteunpunt registreren >> nth=-1")
        await page.fill("#veld-details-capacity-people", "veel")
        await follow(page, "button:has-text('Registreren')")
        assert await text_of(page, "#veld-name-fout") == "Fout: Vul dit veld in."
        assert await text_of(page, "#veld-details-capacity-people-fout") == "Fout: Vul een heel getal in."
        assert await page.get_attribute("#veld-name", "aria-invalid") == "true"
        await check_page(page, "registreren-met-fouten")
        await page.fill("#veld-name", NEW_NSP)
        await page.fill("#veld-details-address", "Lindeplein 1, Oss")
        await page.fill("#veld-details-capacity-people", "120")
        await page.check("#veld-public")
        await page.check("#veld-details-services-information")
        await follow(page, "button:has-text('Registreren')")
        assert await page.inner_text("h1") == NEW_NSP
        assert "geregistreerd" in await page.inner_text("[role=status]")
        await check_page(page, "noodsteunpunt")

        # Import a CSV with one bad row: the row's error is shown, and nothing is stored.
        before = await count_nsps(platform, OSS)
        await page.goto(f"/gemeenten/{OSS}/import")
        await check_page(page)
        await page.set_input_files("#veld-bestand", files=[{"name": "inventaris.csv", "mimeType": "text/csv",
                                                             "buffer": GOOD_AND_BAD_CSV}])
        await follow(page, "button:has-text('Importeren')")
        errors = await page.inner_text("#importfouten tbody")
        assert "3\tlayer" in errors and "provinciaal" in errors, errors
        assert "2\t" not in errors
        assert "Er is niets opgeslagen" in await page.inner_text("#foutmeldingen")
        await check_page(page, "import-met-fout")
        assert await count_nsps(platform, OSS) == before

        # Submit to the open round.
        await page.goto(f"/gemeenten/{OSS}")
        await page.fill("#veld-opmerkingen", "Dorpshuis De Linde is nieuw.")
        await follow(page, "button:has-text('Inventarisatie indienen')")
        assert "ingediend" in await page.inner_text("[role=status]")
        assert (await page.inner_text("#status-inzending")).startswith("Ingediend op")
    stored = await platform.api("inventory").get(f"/rounds/{round_['id']}", headers=tokens.region(VR21))
    assert stored.json()["submitted"] == [OSS]


async def test_region_dashboard_shows_the_submission_and_the_new_noodsteunpunt(platform, browser):
    async with person(browser, platform.portal_url) as page:
        await sign_in(page, "region", VR21)
        assert page.url.endswith(f"/regios/{VR21}")
        progress = await page.inner_text("#ronde-voortgang")
        oss_row = next(line for line in progress.splitlines() if line.startswith("Oss"))
        assert "ingediend op" in oss_row
        assert "Boekel\tontbreekt" in progress

        async def arrived_through_kafka() -> bool:
            await page.reload()
            return f"Noodsteunpunt '{NEW_NSP}'" in await page.inner_text("#gebeurtenissen")

        await eventually(arrived_through_kafka, 30, what="the new noodsteunpunt in the region's feed (notify)")
        assert "€ 180.000,00" in await page.inner_text("#geld")  # the demo's 2025 allocation, from funding
        await check_page(page, "regio-dashboard")


async def test_region_advisor_makes_and_downloads_the_memo_pdf(platform, browser):
    async with person(browser, platform.portal_url) as page:
        await sign_in(page, "region", VR21)
        await follow(page, "button:has-text('Bestuursmemo maken')")
        assert "gemaakt" in await page.inner_text("[role=status]")
        async with page.expect_download() as download_info:
            await page.click("text=Download de bestuursmemo (PDF)")
        download = await download_info.value
        content = open(await download.path(), "rb").read()
        assert content.startswith(b"%PDF")
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
        assert "Brabant-Noord" in text
        await follow(page, "text=bekijken")
        assert await page.inner_text("h1") == "Bestuursvoorstel noodsteunpunten"
        await check_page(page, "bestuursvoorstel")


async def test_a_gemeente_cannot_open_another_gemeentes_pages(platform, browser):
    listed = await platform.api("inventory").get(f"/municipalities/{DEN_BOSCH}/noodsteunpunten",
                                                 headers=tokens.municipality(DEN_BOSCH))
    theirs = listed.json()["items"][0]["id"]
    async with person(browser, platform.portal_url) as page:
        await sign_in(page, "municipality", OSS)
        response = await page.goto(f"/gemeenten/{DEN_BOSCH}")
        assert response.status == 403
        assert await page.inner_text("h1") == "Geen toegang"
        assert "Traceback" not in await page.content()
        await check_page(page, "geen-toegang")
        response = await page.goto(f"/gemeenten/{DEN_BOSCH}/noodsteunpunten/nieuw")
        assert response.status == 403
        response = await page.goto(f"/noodsteunpunten/{theirs}")
        assert response.status == 404  # another gemeente's noodsteunpunt looks absent
        assert await page.inner_text("h1") == "Pagina niet gevonden"


async def test_the_public_page_lists_only_public_noodsteunpunten(platform, browser):
    inventory, boekel = platform.api("inventory"), tokens.municipality(BOEKEL)
    for name, public in (("Kulturhus Boekel", True), ("Gemeentewerf Boekel (intern)", False)):
        response = await inventory.post(f"/municipalities/{BOEKEL}/noodsteunpunten", headers=boekel,
                                        json={"name": name, "public": public, "address": "Kerkstraat 1, Boekel"})
        assert response.status_code == 201, response.text
    async with person(browser, platform.portal_url) as page:
        await page.goto("/waar-is-mijn-noodsteunpunt")
        await check_page(page, "waar-is-mijn-noodsteunpunt-zoeken")
        await page.fill("#zoek-gemeente", "boekel")
        await follow(page, "button:has-text('Zoeken')")
        listing = await page.inner_text("main")
        assert "Noodsteunpunten in Boekel" in listing
        assert "Kulturhus Boekel" in listing
        assert "Gemeentewerf Boekel (intern)" not in listing
        public = await inventory.get("/public/noodsteunpunten", params={"municipality": BOEKEL})
        assert await page.locator("main li.portal-card").count() == public.json()["totalItems"]
        await check_page(page, "waar-is-mijn-noodsteunpunt")


async def test_a_form_can_be_used_with_the_keyboard_alone(platform, browser):
    async with person(browser, platform.portal_url) as page:
        await sign_in(page, "municipality", OSS)
        await page.goto(f"/gemeenten/{OSS}/noodsteunpunten/nieuw")
        await tab_to(page, "#veld-name")
        await page.keyboard.type("Kantine VV Oss")
        await tab_to(page, "#veld-details-address")
        await page.keyboard.type("Sportlaan 3, Oss")
        await tab_to(page, "#veld-public")
        await page.keyboard.press("Space")
        await tab_to(page, "#veld-details-services-warmth")
        await page.keyboard.press("Space")
        await tab_to(page, "#knop-registreren")
        async with page.expect_navigation():
            await page.keyboard.press("Enter")
        assert await page.inner_text("h1") == "Kantine VV Oss"
        assert "warmte" in await page.inner_text("main")
        assert "ja, inwoners zien dit noodsteunpunt" in await page.inner_text("main")


async def submit_proposal(platform, purpose: str, amount_cents: int) -> dict:
    """The region proposes spending for Oss and 's-Hertogenbosch, through funding's API."""
    body = {"year": 2026, "purpose": purpose, "amount_cents": amount_cents, "municipality_codes": [OSS, DEN_BOSCH]}
    response = await platform.api("funding").post(f"/regions/{VR21}/proposals", json=body, headers=tokens.region(VR21))
    assert response.status_code == 201, response.text
    return response.json()


async def test_gemeente_votes_on_a_spending_proposal_with_the_keyboard(platform, browser):
    proposal = await submit_proposal(platform, "Noodstroom voor de dorpshuizen", 1_400_000_00)
    decided_meanwhile = await submit_proposal(platform, "Satelliettelefoons voor de noodsteunpunten", 25_000_00)
    pid, card = proposal["id"], f"#voorstel-{proposal['id']}"
    async with person(browser, platform.portal_url) as page:
        await sign_in(page, "municipality", OSS)
        assert "2 voorstellen wachten op de stem van Oss" in await text_of(page, "#voorstellen-samenvatting")
        await follow(page, "nav >> text=Bestedingsvoorstellen")
        assert page.url.endswith(f"/gemeenten/{OSS}/voorstellen")
        assert await page.inner_text("h1") == "Bestedingsvoorstellen van Oss"
        shown = await text_of(page, card)
        for expected in ("Noodstroom voor de dorpshuizen", "Jaar 2026", "Bedrag € 1.400.000,00", "Status stemming loopt",
                         "Beslisregel unaniem", "Nog niet gestemd: Oss, 's-Hertogenbosch."):
            assert expected in shown, (expected, shown)
        await check_page(page, "bestedingsvoorstellen")

        # Without a choice: a Dutch error at the choice, and nothing is recorded.
        await follow(page, f"#knop-stem-{pid}")
        assert await text_of(page, f"#stem-{pid}-vote-fout") == "Fout: Kies voor of tegen."
        assert await page.get_attribute(f"#voorstel-{pid} fieldset", "aria-invalid") == "true"
        await check_page(page, "bestedingsvoorstel-zonder-keuze")

        # The keyboard alone: voor, a remark, submit; the vote is confirmed and recorded.
        await tab_to(page, f"#stem-{pid}-vote-agree")
        await page.keyboard.press("Space")
        await tab_to(page, f"#stem-{pid}-remark")
        await page.keyboard.type("Past bij ons plan")
        await tab_to(page, f"#knop-stem-{pid}")
        async with page.expect_navigation():
            await page.keyboard.press("Enter")
        assert await text_of(page, "[role=status]") == "De stem van Oss is vastgelegd: voor 'Noodstroom voor de dorpshuizen'."
        assert await text_of(page, f"#stem-{pid}") == "De stem van Oss: voor."
        assert "Oss: voor (Past bij ons plan)" in await text_of(page, card)
        assert await page.locator(f"#knop-stem-{pid}").count() == 0  # voted: no form any more
        await check_page(page, "bestedingsvoorstel-gestemd")

        # Decided before Oss votes ('s-Hertogenbosch objects, unanimity): funding's 409 in Dutch.
        objection = await platform.api("funding").post(f"/proposals/{decided_meanwhile['id']}/votes",
                                                       json={"vote": "object"}, headers=tokens.municipality(DEN_BOSCH))
        assert objection.status_code == 201, objection.text
        await page.check(f"#stem-{decided_meanwhile['id']}-vote-agree")
        await follow(page, f"#knop-stem-{decided_meanwhile['id']}")
        assert "Over dit voorstel is al besloten" in await text_of(page, "#foutmeldingen")
        assert "Status verworpen" in await text_of(page, f"#voorstel-{decided_meanwhile['id']}")
        await check_page(page)

        response = await page.goto(f"/gemeenten/{DEN_BOSCH}/voorstellen")
        assert response.status == 403  # another gemeente's proposals
    listed = await platform.api("funding").get(f"/municipalities/{OSS}/proposals", headers=tokens.municipality(OSS))
    mine = next(p for p in listed.json()["items"] if p["id"] == pid)
    assert (mine["has_voted"], mine["own_vote"], [v["remark"] for v in mine["votes"]]) == (True, "agree", ["Past bij ons plan"])


async def test_national_picture_with_downloads(platform, browser):
    async with person(browser, platform.portal_url) as page:
        await sign_in(page, "national")
        assert page.url.endswith("/landelijk")
        assert await page.locator("#landelijk-beeld tbody tr").count() == 25
        assert "Brabant-Noord" in await page.inner_text("#landelijk-beeld")
        await check_page(page, "landelijk")
        async with page.expect_download() as csv_info:
            await page.click("text=Download het landelijk beeld (CSV)")
        csv_text = open(await (await csv_info.value).path(), encoding="utf-8-sig").read()
        assert "VR21" in csv_text and len(csv_text.strip().splitlines()) == 26
        async with page.expect_download() as geo_info:
            await page.click("text=Download alle noodsteunpunten (GeoJSON)")
        geo = json.loads(open(await (await geo_info.value).path(), encoding="utf-8").read())
        assert geo["type"] == "FeatureCollection" and geo["features"]


async def test_subscriptions_and_campaign_material(platform, browser):
    async with person(browser, platform.portal_url) as page:
        await sign_in(page, "municipality", OSS)
        await page.goto("/abonnementen")
        await page.fill("#veld-name", "Adviseur Oss")
        await page.fill("#veld-email", "geen-adres")
        await follow(page, "button:has-text('Abonneren')")
        assert await page.is_visible("#veld-email-fout")
        await check_page(page, "abonnementen-met-fout")
        await page.fill("#veld-email", "adviseur@oss.example")
        await follow(page, "button:has-text('Abonneren')")
        assert "Adviseur Oss (adviseur@oss.example" in await page.inner_text("main")
        await page.goto(f"/gemeenten/{OSS}")
        await follow(page, "text=Lokale versie >> nth=0")
        assert (await page.inner_text("h1")).startswith("Campagnemateriaal van Oss")
        await check_page(page, "campagnemateriaal")
        async with page.expect_download() as poster_info:
            await page.click("text=Download de poster om te drukken (A4, PDF)")
        poster = PdfReader(io.BytesIO(open(await (await poster_info.value).path(), "rb").read()))
        assert "Oss" in "\n".join(p.extract_text() for p in poster.pages), "the gemeente's own poster"
