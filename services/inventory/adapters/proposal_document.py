"""The round's board proposal as a document: the same HTML for the web and the PDF,
in Dutch, with names instead of codes (shared/documents does the formats and the PDF)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment

from shared.documents import dutch, excel_csv, pdf, words
from shared.documents.templates import environment

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# Maatstaf version 1's criteria in Dutch; a later version's own label is used as it is.
CRITERIA = {
    "information": "informatievoorziening", "emergency_contact": "contact met hulpdiensten",
    "emergency_power": "noodstroom voor 72 uur", "accessible": "rolstoeltoegankelijk",
    "emergency_reports": "doorgeven van 112-meldingen", "first_aid": "eerste hulp", "drinking_water": "drinkwater",
    "warmth": "verwarming zonder net", "key_holder": "sleutelhouder bekend", "trained_staff": "4 getrainde vrijwilligers",
    "exercised": "geoefend in de laatste 12 maanden",
}
@lru_cache(maxsize=1)
def _templates() -> Environment:
    return environment(TEMPLATES)


def proposal_html(proposal: dict[str, Any], dated: date, labels: dict[str, str]) -> str:
    """``proposal``: what GET /rounds/{id}/proposal answers; ``labels``: the current maatstaf's criteria."""
    return _templates().get_template("proposal.html").render(p=_view(proposal, labels), dated=dated)


CSV_COLUMNS = ("Gemeente", "Noodsteunpunt", "Laag", "Adres", "Gereedheid", "Voorzieningen", "Maatstaf")


def proposal_csv(proposal: dict[str, Any], labels: dict[str, str]) -> bytes:
    """The proposal's noodsteunpunten for Excel (one row each), the same words as the document."""
    view = _view(proposal, labels)
    rows = [[e["gemeente"], e["name"], layer, e["address"], e["readiness"], e["services"], e["standard"]]
            for layer, entries in (("regionaal", view["regional"]), ("lokaal", view["local"])) for e in entries]
    return excel_csv.write(CSV_COLUMNS, rows)


async def proposal_pdf(html: str) -> bytes:
    return await pdf.render_async(html, service="inventory", document="proposal")


def _view(p: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    names = {m["code"]: m["name"] for m in p["coverage"]["municipalities"]}
    region = p["coverage"]["region"]

    def entry(e: dict[str, Any]) -> dict[str, str]:
        missing = [CRITERIA.get(k, labels.get(k, k)) for k in e["missing"]]
        return {"gemeente": e["municipality"], "name": e["name"], "address": e.get("address") or "-",
                "readiness": words.READINESS.get(e["readiness"], e["readiness"]),
                "services": ", ".join(words.SERVICES.get(s, s) for s in e["services"]) or "-",
                "standard": "voldoet" if e["compliant"] else "ontbreekt: " + ", ".join(missing)}

    return {
        "title": p["round"]["title"], "final": p["round"]["final"], "deadline": date.fromisoformat(p["round"]["deadline"]),
        "region": p["region"], "standard_version": p["standard_version"],
        "submitted": [names.get(c, c) for c in p["submitted"]], "missing": [names.get(c, c) for c in p["missing"]],
        "local": [entry(e) for e in p["local"]], "regional": [entry(e) for e in p["regional"]],
        "compliant": p["compliant"], "total": len(p["local"]) + len(p["regional"]),
        "norm": p["coverage"]["norm_inhabitants_per_nsp"], "region_coverage": region,
        "municipalities": sorted(p["coverage"]["municipalities"], key=lambda m: m["name"].lstrip("'").casefold()),
        "pilots": [{**pl, "gemeente": names.get(pl["municipality_code"], pl["municipality_code"]),
                    "status": words.PILOT_STATUS.get(pl["status"], pl["status"])} for pl in p["pilots"]],
        "two_pilot_rule": p["two_pilot_rule"],
        "gemeenten": dutch.enumerate_words,
    }
