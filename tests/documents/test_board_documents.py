"""What a board, a gemeente and a calendar get from the platform, end to end: the four
services on real Kafka and PostgreSQL play the Brabant-Noord demo through their APIs,
then the board memo (as `make demo` writes it), the toolkit's printable local version,
the activity calendar and the reminders ahead are read as people read them.

The memo's key figures are checked against what the services' own APIs answer for the
region: notify builds them from events only, so this proves its read model."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
import pytest_asyncio
from icalendar import Calendar
from pypdf import PdfReader

from shared.documents import dutch
from tests.documents.platform import demo_platform
from tests.support import tokens
from tests.support.polling import eventually

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.e2e]
EVENT_TYPE = re.compile(r"[a-z]+\.[a-z_]+\.[a-z_]+\.v[0-9]+")
VR21 = tokens.region("VR21")


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def platform(postgres, kafka_settings, tmp_path_factory):
    async with demo_platform(postgres, kafka_settings, tmp_path_factory.mktemp("memo")) as running:
        yield running


@pytest.fixture(scope="module")
def memo_text(platform) -> str:
    start, end = platform.period
    pdf = platform.memo_dir / f"memo-VR21-{start}-{end}.pdf"
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    platform.memo["pages"] = len(reader.pages)
    return "\n".join(page.extract_text() for page in reader.pages)


def figure(text: str, label: str) -> str:
    """The value in the key-figures table on the row with ``label``."""
    match = re.search(rf"^{re.escape(label)} (.+)$", text, re.MULTILINE)
    assert match, f"no row '{label}' in the memo"
    return match.group(1).strip()


def heading(text: str, name: str) -> int:
    match = re.search(rf"^{re.escape(name)}", text, re.MULTILINE)
    assert match, f"no heading '{name}'"
    return match.start()


def section(text: str, start: str, end: str) -> str:
    """The words between two headings, on one line."""
    return " ".join(text[heading(text, start):heading(text, end)].split())


async def api(service, path: str, headers=VR21):
    response = await service.client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.text)
    return response.json()


async def test_the_key_figures_are_the_numbers_the_services_give_for_the_region(platform, memo_text):
    coverage = (await api(platform["inventory"], "/regions/VR21/coverage"))["region"]
    assert figure(memo_text, "Noodsteunpunten geregistreerd") == dutch.number(coverage["planned"])
    assert figure(memo_text, "Noodsteunpunten operationeel") == dutch.number(coverage["operational"])
    assert figure(memo_text, "Nodig volgens de norm") == dutch.number(coverage["needed"])
    assert figure(memo_text, "Tekort aan operationele noodsteunpunten") == dutch.number(coverage["gap_operational"])

    (latest, *_) = sorted((await api(platform["inventory"], "/regions/VR21/rounds"))["items"],
                          key=lambda r: r["opened_at"] if "opened_at" in r else r["deadline"], reverse=True)
    round_ = await api(platform["inventory"], f"/rounds/{latest['id']}")
    total = len(round_["submitted"]) + len(round_["missing"])
    assert figure(memo_text, "Gemeenten ingediend") == f"{len(round_['submitted'])} van {total}"
    assert figure(memo_text, "Gemeenten nog niet ingediend").startswith(str(len(round_["missing"])))

    pilots = await api(platform["inventory"], "/regions/VR21/pilots")
    for check in pilots["two_pilot_rule"]:
        assert figure(memo_text, f"Pilots gestart in {check['pilot_year']}") == f"{check['started']} van minimaal 2"

    for year in (2025, 2026):
        balance = (await api(platform["funding"], f"/regions/VR21/years/{year}"))["balance"]
        expected = " ".join(dutch.euro(balance[k]) for k in ("allocated_cents", "committed_cents", "spent_cents",
                                                             "remaining_cents"))
        assert figure(memo_text, f"Geld {year}") == expected

    wave = await api(platform["campaign"], f"/waves/{platform.campaign.wave['id']}")
    assert figure(memo_text, "Bereik") == dutch.count(wave["reach"]["households"], "huishouden", "huishoudens")
    effect = await api(platform["campaign"], f"/waves/{platform.campaign.wave['id']}/effect")
    for phase, label in (("before", "vóór"), ("after", "na")):
        share = dutch.percentage(Decimal(str(effect[phase]["complete_kit_share_pct"])))
        assert figure(memo_text, f"Compleet noodpakket {label} de campagne").startswith(share + " (")


async def test_the_memo_reads_as_a_board_memo(platform, memo_text):
    assert platform.memo["pages"] <= 6, f"{platform.memo['pages']} pages for a month of the demo"
    assert "€" in memo_text and "EUR" not in memo_text
    assert not EVENT_TYPE.search(memo_text), EVENT_TYPE.search(memo_text)
    order = [heading(memo_text, h) for h in ("Aan ", "Datum ", "Steller ", "Betreft ", "Aanleiding", "Kernboodschap",
                                             "De stand van zaken in cijfers", "Landelijke ontwikkelingen",
                                             "Regionale ontwikkelingen", "Besluitvorming", "Vervolg",
                                             "Komende activiteiten", "Bijlage: overzicht")]
    assert order == sorted(order)
    decisions = section(memo_text, "Besluitvorming", "Vervolg")
    assert f"‘{platform.proposal['round']['title']}’" in decisions, decisions
    regional = section(memo_text, "Regionale ontwikkelingen", "Besluitvorming")
    assert "11 gemeenten registreerden 22 noodsteunpunten; 11 zijn operationeel." in regional
    html = (platform.memo_dir / f"memo-VR21-{platform.period[0]}-{platform.period[1]}.html").read_text()
    assert "<svg" in html and not EVENT_TYPE.search(html)


async def test_the_memo_is_listed_for_the_region(platform):
    listed = await api(platform["notify"], "/regions/VR21/memos")
    assert platform.memo["id"] in [m["id"] for m in listed["items"]]
    assert (await platform["notify"].client.get("/regions/VR21/memos", headers=tokens.region("VR01"))).status_code == 403


async def test_a_local_version_prints_with_the_gemeentes_noodsteunpunten(platform):
    code, local_id = sorted(platform.campaign.local_versions.items())[0]
    gemeente = tokens.municipality(code)
    response = await platform["campaign"].client.get(f"/local-versions/{local_id}/poster.pdf", headers=gemeente)
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    nsps = (await api(platform["inventory"], f"/municipalities/{code}/noodsteunpunten", gemeente))["items"]
    listed = [n for n in nsps if n["public"] and n["readiness"] == "operational" and n.get("address")]
    assert listed, "the demo gives every gemeente a public, operational noodsteunpunt"
    for nsp in listed:
        assert nsp["name"] in text and nsp["address"] in text, nsp["name"]
    assert "Noodsteunpunten in" in text and reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4
    other = tokens.municipality("GM0796" if code != "GM0796" else "GM0828")
    assert (await platform["campaign"].client.get(f"/local-versions/{local_id}/poster.pdf", headers=other)).status_code == 404


async def test_the_activity_calendar_is_an_icalendar_feed_and_reminders_show_before_they_are_due(platform):
    starts = (datetime.now(timezone.utc) + timedelta(days=10)).replace(microsecond=0)
    made = await platform["campaign"].client.post("/activities", headers=VR21, json={
        "region_code": "VR21", "kind": "knowledge_session", "title": "Kennissessie noodsteunpunten",
        "starts_at": starts.isoformat(), "place": "Kazerne Uden", "audience": ["board"]})
    assert made.status_code == 201, made.text

    feed = await platform["campaign"].client.get("/regions/VR21/activities.ics", headers=VR21)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    events = {str(e["uid"]): e for e in Calendar.from_ical(feed.content).walk("VEVENT")}
    ours = events[f"{made.json()['id']}@weerbaar"]
    assert str(ours["summary"]) == "Kennissessie noodsteunpunten" and ours.decoded("dtstart") == starts
    assert {str(e["summary"]) for e in events.values()} >= set(platform.campaign.october_activities)
    assert (await platform["campaign"].client.get("/regions/VR21/activities.ics",
                                                  headers=tokens.region("VR01"))).status_code == 403

    async def planned():
        # The invitation goes out at once (listed only until the worker sent it); the reminders wait.
        page = await api(platform["notify"], "/regions/VR21/reminders")
        return [r for r in page["items"] if r["title"] == "Kennissessie noodsteunpunten" and r["reminder"] != "invitation"]
    reminders = await eventually(planned, 30, what="the reminders planned by notify")
    assert {r["reminder"] for r in reminders} == {"week_before", "day_before"}
    assert all(datetime.fromisoformat(r["due_at"]) > datetime.now(timezone.utc) for r in reminders)
