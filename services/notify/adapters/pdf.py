"""The board memo as a PDF (fpdf2: pure Python, no system libraries)."""

from __future__ import annotations

from fpdf import FPDF

from services.notify.domain import dutch
from services.notify.domain.memo import Memo

# The PDF core fonts speak Latin-1; these are the characters Dutch text uses beyond it.
REPLACE = {"€": "EUR", "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."}


def _latin1(text: str) -> str:
    for char, plain in REPLACE.items():
        text = text.replace(char, plain)
    return text.encode("latin-1", errors="replace").decode("latin-1")


def memo_pdf(memo: Memo) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(memo.subject))
    pdf.set_author(_latin1(f"Programma Weerbare Samenleving, {memo.region_name}"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 12, "Memo", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for label, value in (
        ("Aan", f"Algemeen Bestuur {memo.region_name}"),
        ("Datum", dutch.day(memo.dated)),
        ("Steller", f"Programma Weerbare Samenleving, {memo.region_name} ({memo.region_code})"),
        ("Betreft", memo.subject),
    ):
        pdf.multi_cell(0, 6, _latin1(f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, "Aanleiding")
    for paragraph in memo.occasion:
        pdf.multi_cell(0, 6, _latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
    if not memo.sections:
        pdf.multi_cell(0, 6, "In deze periode zijn geen ontwikkelingen vastgelegd.", new_x="LMARGIN", new_y="NEXT")
    for name, lines in memo.sections:
        _heading(pdf, name)
        for line in lines:
            pdf.multi_cell(0, 6, _latin1(f"- {line.when}: {line.text}"), new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, "Komende activiteiten")
    for line in memo.upcoming or []:
        pdf.multi_cell(0, 6, _latin1(f"- {line.when}: {line.text}"), new_x="LMARGIN", new_y="NEXT")
    if not memo.upcoming:
        pdf.multi_cell(0, 6, "Er zijn geen activiteiten gepland.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, _latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
