"""The memo laid out: one HTML template (``templates/memo.html``) for the web page, the
email and the PDF, with its charts inline."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment

from shared.documents import charts, pdf
from shared.documents.templates import environment, svg
from services.notify.domain.memo import Memo

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
THOUSAND_EURO = 100 * 1_000  # in cents; a chart's bar length only, the amounts themselves stay exact


@lru_cache(maxsize=1)
def _templates() -> Environment:
    return environment(TEMPLATES)


def memo_html(memo: Memo) -> str:
    return _templates().get_template("memo.html").render(memo=memo, charts=_charts(memo))


async def memo_pdf(html: str) -> bytes:
    return await pdf.render_async(html, service="notify", document="memo")


def _charts(memo: Memo) -> dict[str, object]:
    coverage = charts.bar_chart(
        f"Noodsteunpunten per gemeente in {memo.region_name}", [c.name for c in memo.coverage],
        [charts.Series("Nodig (norm)", [c.needed for c in memo.coverage]),
         charts.Series("Geregistreerd", [c.registered for c in memo.coverage]),
         charts.Series("Operationeel", [c.operational for c in memo.coverage])],
        horizontal=True, value_label="aantal noodsteunpunten", height_cm=3.0 + 0.42 * len(memo.coverage))
    money = None
    if memo.money:
        years = [str(m.year) for m in memo.money]
        money = svg(charts.bar_chart(
            f"Geld per jaar voor {memo.region_name}", years,
            [charts.Series("Toegekend", [m.allocated // THOUSAND_EURO for m in memo.money]),
             charts.Series("Vastgelegd", [m.committed // THOUSAND_EURO for m in memo.money]),
             charts.Series("Besteed", [m.spent // THOUSAND_EURO for m in memo.money])],
            value_label="duizend euro", height_cm=4.5, width_cm=min(16.0, 6.0 + 3.0 * len(years))))
    return {"coverage": svg(coverage), "money": money}
