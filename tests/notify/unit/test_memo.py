"""The board memo composed from events (pure): figures from notify's own fold of the
events, summarised sentences per theme, decisions named, never an event type."""

import io
import re
from datetime import date, datetime
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from shared.contract import campaign as c, funding as f, inventory as i
from services.notify.adapters.memo_document import memo_html, memo_pdf
from services.notify.domain.memo import Municipality, Region, compose
from services.notify.domain.memo_facts import MemoEvent

AMS = ZoneInfo("Europe/Amsterdam")
OSS, UDEN, VUGHT = "GM0828", "GM1740", "GM0865"
REGION = Region("VR21", "Brabant-Noord", (Municipality(OSS, "Oss", 93_000), Municipality(UDEN, "Maashorst", 60_000),
                                          Municipality(VUGHT, "Vught", 27_000)))
EVENT_TYPE = re.compile(r"[a-z]+\.[a-z_]+\.[a-z_]+\.v[0-9]+")


def on(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 10, tzinfo=AMS)


def ev(event: i.IntegrationEvent, when: datetime) -> MemoEvent:
    return MemoEvent(when, event.TYPE, event.region_code, event.municipality_code, event.data())


def nsp(name: str, gm: str, when: datetime, readiness: str = "planned"):
    nid = uuid4()
    return nid, ev(i.NoodsteunpuntRegistered(subject="n", region_code="VR21", municipality_code=gm, noodsteunpunt_id=nid,
                                             name=name, layer="local", readiness=readiness), when)


def scenario():
    round_id, pilot_a, pilot_b, proposal = uuid4(), uuid4(), uuid4(), uuid4()
    early_id, early = nsp("Oud Buurthuis", OSS, on(9, 20))
    events = [early]
    events.append(ev(i.InventoryRoundOpened(subject="r", region_code="VR21", round_id=round_id, title="Inventarisatie 2026",
                                            deadline=date(2026, 10, 20), municipality_codes=[OSS, UDEN, VUGHT]), on(10, 1)))
    ids = []
    for n, (name, gm) in enumerate([("Brandweerkazerne Oss", OSS), ("Bibliotheek Oss", OSS), ("Sporthal Uden", UDEN)]):
        nid, registered = nsp(name, gm, on(10, 2 + n))
        ids.append(nid)
        events.append(registered)
    events.append(ev(i.NoodsteunpuntReadinessChanged(subject="n", region_code="VR21", municipality_code=OSS,
                                                     noodsteunpunt_id=ids[0], previous="exercised", readiness="operational"),
                     on(10, 6)))
    for gm in (OSS, UDEN):
        events.append(ev(i.InventorySubmitted(subject="s", region_code="VR21", municipality_code=gm, round_id=round_id,
                                              submission_id=uuid4(), noodsteunpunt_ids=[], submitted_by="x"), on(10, 8)))
    events.append(ev(i.InventoryRoundClosed(subject="r", region_code="VR21", round_id=round_id, submitted=[OSS, UDEN],
                                            missing=[VUGHT]), on(10, 21)))
    for pid, name in ((pilot_a, "Pilot Oss Centrum"), (pilot_b, "Pilot Uden")):
        events.append(ev(i.PilotStarted(subject="p", region_code="VR21", municipality_code=OSS, pilot_id=pid, name=name,
                                        noodsteunpunt_ids=[], pilot_year=2026, started_on=date(2026, 10, 9),
                                        budget_cents=9_000_000), on(10, 9)))
    events.append(ev(f.TrancheAllocated(subject="a", region_code="VR21", allocation_id=uuid4(), year=2026, line="weerbaarheid",
                                        version=1, distribution_key="equal", base_cents=0, amount_cents=40_000_000,
                                        previous_amount_cents=0, difference_cents=40_000_000), on(10, 10)))
    cid = uuid4()
    events.append(ev(f.CommitmentMade(subject="c", region_code="VR21", commitment_id=cid, year=2026, origin="pilot",
                                      origin_id=pilot_a, purpose="Pilot Oss Centrum", amount_cents=9_000_000,
                                      remaining_before_cents=40_000_000, flagged=False), on(10, 11)))
    events.append(ev(f.SpendingRecorded(subject="s", region_code="VR21", spending_id=uuid4(), commitment_id=cid, year=2026,
                                        amount_cents=1_250_050, description="Aggregaat", spent_on=date(2026, 10, 12)),
                     on(10, 12)))
    events.append(ev(f.ProposalSubmitted(subject="p", region_code="VR21", proposal_id=proposal, year=2026,
                                         purpose="Noodstroom buurthuizen", amount_cents=6_000_000,
                                         municipality_codes=[OSS, UDEN], rule="unanimous"), on(10, 13)))
    events.append(ev(f.ProposalVoted(subject="p", region_code="VR21", municipality_code=OSS, proposal_id=proposal,
                                     vote="agree"), on(10, 14)))
    events.append(ev(c.WaveCompleted(subject="w", region_code="VR21", wave_id=uuid4(), campaign_id=uuid4(),
                                     completed_on=date(2026, 10, 30), households_reached=205_000, people_reached=410_000,
                                     materials=[]), on(10, 30)))
    for phase, having in (("before", 50), ("after", 82)):
        events.append(ev(c.SurveyRecorded(subject="s", region_code="VR21", survey_id=uuid4(), phase=phase,
                                          surveyed_on=date(2026, 10, 1), respondents=1000, items=[], complete_kit=having,
                                          complete_kit_share_pct=having / 10), on(10, 30)))
    events.append(ev(i.StandardPublished(subject="s", region_code="NL", version=2, criteria=[{"key": "x"}]), on(10, 15)))
    events.append(ev(c.ActivityScheduled(subject="a", region_code="VR21", activity_id=uuid4(), title="Raadsavond",
                                         kind="council_evening", starts_at=on(11, 12), place="Stadhuis Oss",
                                         audience=["board"]), on(10, 16)))
    _, late = nsp("Te laat", OSS, on(11, 2))
    events.append(late)
    return events


@pytest.fixture(scope="module")
def memo():
    return compose(REGION, date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 1), scenario(),
                   (date(2026, 11, 1), date(2026, 11, 30)))


def figures(memo) -> dict[str, str]:
    return {row.label: row.value for group in memo.figures for row in group.rows}


def test_the_figures_are_the_state_at_the_periods_end(memo):
    table = figures(memo)
    assert table["Noodsteunpunten geregistreerd"] == "4"  # the one before the period counts, the one after does not
    assert table["Noodsteunpunten operationeel"] == "1"
    assert table["Nodig volgens de norm"] == "37"  # ceil(93,000/5,000) + 12 + ceil(27,000/5,000)
    assert table["Tekort aan operationele noodsteunpunten"] == "36"
    assert table["Gemeenten ingediend"] == "2 van 3" and table["Gemeenten nog niet ingediend"] == "1: Vught"
    assert table["Pilots gestart in 2026"] == "2 van minimaal 2" and table["Pilots gestart in 2025"] == "0 van minimaal 2"
    assert table["Bereik"] == "205.000 huishoudens"
    assert table["Compleet noodpakket vóór de campagne"] == "5,0% (1.000 respondenten)"
    assert table["Compleet noodpakket na de campagne"] == "8,2% (1.000 respondenten)"
    (money,) = memo.money
    assert (money.year, money.allocated, money.committed, money.spent, money.remaining) == (
        2026, 40_000_000, 9_000_000, 1_250_050, 31_000_000)


def test_developments_are_summarised_per_theme_not_listed_per_event(memo):
    themes = {t.title: " ".join(t.sentences) for t in memo.themes}
    assert "2 gemeenten registreerden 3 noodsteunpunten; 1 is operationeel." in themes["Noodsteunpunten"]
    assert "Vught niet" in themes["Inventarisatie"]
    assert "2 pilots zijn gestart: Pilot Oss Centrum (Oss) en Pilot Uden (Oss)." in themes["Pilots"]
    assert "€ 12.500,50 besteed" in themes["Financiering"]
    assert "205.000 huishoudens" in themes["Campagne en communicatie"]
    assert "versie 2 van de landelijke maatstaf" in " ".join(memo.national)
    assert 3 <= len(memo.key_messages) <= 5


def test_decisions_name_the_board_proposal_and_the_open_spending_proposal(memo):
    decisions = " ".join(memo.decisions)
    assert "‘Inventarisatie 2026’" in decisions
    assert "‘Noodstroom buurthuizen’ (€ 60.000,00, 2026) wacht op de stem van Maashorst" in decisions
    assert [u.what for u in memo.upcoming] == ["Raadsavond, Stadhuis Oss"]
    assert "De volgende update ontvangt u na afloop van november 2026." in memo.next_steps


async def test_one_template_gives_the_web_page_and_a_pdf_with_the_same_facts(memo):
    html = memo_html(memo)
    pdf = await memo_pdf(html)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for fact in ("Kernboodschap", "€ 400.000,00", "205.000 huishoudens", "8,2%", "Besluitvorming", "Brandweerkazerne Oss",
                 "1 november 2026"):
        assert fact in html and fact in text, fact
    assert "<svg" in html and "Te laat" not in html
    assert not EVENT_TYPE.search(text) and not EVENT_TYPE.search(html)
