import io
from datetime import date, datetime

from pypdf import PdfReader

from services.notify.adapters.pdf import memo_pdf
from services.notify.domain.memo import MemoEvent, compose, to_html


def event(day: str, type_: str, line: str, region: str = "VR21", **data):
    return MemoEvent(datetime.fromisoformat(f"{day}T10:00:00+00:00"), type_, region, line, data)


EVENTS = [
    event("2026-09-30", "inventory.noodsteunpunt.registered.v1", "Te vroeg"),
    event("2026-10-02", "inventory.noodsteunpunt.registered.v1", "Noodsteunpunt 'Bibliotheek Oss' geregistreerd"),
    event("2026-10-05", "inventory.pilot.started.v1", "Pilot Oss gestart (€ 40.000,00)"),
    event("2026-10-06", "funding.tranche.allocated.v1", "Brabant-Noord krijgt € 400.000,00"),
    event("2026-10-07", "inventory.standard.published.v1", "Maatstaf versie 2", region="NL"),
    event("2026-10-08", "campaign.activity.scheduled.v1", "Activiteit gepland",
          activity_id="a1", title="Kennissessie", starts_at="2026-11-12T19:00:00+01:00", place="Oss"),
    event("2026-11-01", "inventory.pilot.completed.v1", "Te laat"),
]


def test_the_memo_lists_the_periods_events_by_theme_and_the_activities_ahead():
    memo = compose("VR21", "Brabant-Noord", date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 1), EVENTS)
    sections = dict(memo.sections)
    assert [l.text for l in sections["Noodsteunpunten en inventarisatie"]] == ["Noodsteunpunt 'Bibliotheek Oss' geregistreerd"]
    assert [l.text for l in sections["Pilots noodsteunpunten"]] == ["Pilot Oss gestart (€ 40.000,00)"]
    assert [l.text for l in sections["Financiering"]] == ["Brabant-Noord krijgt € 400.000,00"]
    assert [l.text for l in sections["Landelijke ontwikkelingen"]] == ["Maatstaf versie 2"]
    assert [l.text for l in memo.upcoming] == ["Kennissessie, Oss"]
    html = to_html(memo)
    assert "Te vroeg" not in html and "Te laat" not in html
    assert "Algemeen Bestuur Brabant-Noord" in html and "1 oktober 2026 t/m 31 oktober 2026" in html


def test_the_pdf_opens_and_holds_the_same_facts():
    memo = compose("VR21", "Brabant-Noord", date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 1), EVENTS)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(memo_pdf(memo))).pages)
    assert "Bibliotheek Oss" in text and "EUR 400.000,00" in text and "Kennissessie" in text
