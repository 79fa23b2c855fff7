"""shared/documents without infrastructure: Dutch formats, the Excel CSV writer and the
import clean-up, charts, and a PDF that carries the euro sign."""

import io
import re
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from pypdf import PdfReader

from shared.documents import charts, dutch, excel_csv, pdf


def test_money_numbers_and_shares_are_dutch_and_exact():
    assert dutch.euro(140_000_000) == "€ 1.400.000,00"
    assert dutch.euro(1) == "€ 0,01" and dutch.euro(-123_456) == "€ -1.234,56"
    assert dutch.euro_plain(-123_456) == "-1234,56"
    with pytest.raises(TypeError):
        dutch.euro(12.5)  # type: ignore[arg-type]
    assert dutch.number(205_000) == "205.000" and dutch.number(-1_000) == "-1.000"
    assert dutch.count(205_000, "huishouden", "huishoudens") == "205.000 huishoudens"
    assert dutch.count(1, "huishouden", "huishoudens") == "1 huishouden"
    assert dutch.percentage(Decimal("5")) == "5,0%" and dutch.percentage(Decimal("1234.56")) == "1.234,6%"
    assert (dutch.share(1, 20), dutch.share(1, 8), dutch.share(1, 3), dutch.share(2, 3)) == ("5,0%", "12,5%", "33,3%", "66,7%")
    assert dutch.share(1, 0) == "geen gegevens"
    assert dutch.points(Decimal("3.25")) == "+3,3 procentpunt" and dutch.points(Decimal("-0.04")) == "0,0 procentpunt"


def test_dates_are_written_out_in_dutch_local_time():
    assert dutch.day(date(2025, 10, 1)) == "1 oktober 2025"
    assert dutch.day(datetime(2025, 9, 30, 22, 30, tzinfo=timezone.utc)) == "1 oktober 2025"  # 00:30 in Amsterdam
    assert dutch.moment(datetime(2025, 10, 8, 17, 30, tzinfo=timezone.utc)) == "8 oktober 2025 om 19:30"
    assert dutch.period(date(2025, 10, 1), date(2025, 10, 31)) == "oktober 2025"
    assert dutch.period(date(2025, 10, 2), date(2025, 10, 31)) == "2 oktober 2025 tot en met 31 oktober 2025"
    assert dutch.enumerate_words(["Oss", "Uden", "Vught"]) == "Oss, Uden en Vught"


def test_today_is_the_date_in_the_netherlands_not_the_servers():
    assert dutch.today(datetime(2026, 12, 6, 23, 30, tzinfo=timezone.utc)) == date(2026, 12, 7)  # 00:30 in Amsterdam
    assert dutch.today(datetime(2026, 7, 1, 21, 59, tzinfo=timezone.utc)) == date(2026, 7, 1)  # 23:59 in summer


def test_the_csv_opens_in_dutch_excel_with_formulas_as_text_and_no_bidi_controls():
    content = excel_csv.write(["Naam", "Bedrag", "Aantal", "Actief"], [
        ['=HYPERLINK("http://evil.example","Klik")', Decimal("-12.50"), -3, True],
        ["+31 6 12345678", Decimal("1400000.00"), 205_000, False],
        ["-2+3", None, 0, None], ["@SUM(A1)", None, 1, None], ["\tTab", None, 2, None], ["\rCR", None, 3, None],
        ["Buurthuis \u202eLIVE\u202c \u2066De Ruwaard\u2069", None, 4, None],
    ])
    assert content.startswith(b"\xef\xbb\xbf") and b"\r\n" in content
    text = content.decode("utf-8")
    assert text.splitlines()[0] == "\ufeffNaam;Bedrag;Aantal;Actief"
    rows = excel_csv.read_rows(content)
    assert [r["Naam"] for r in rows] == ["'=HYPERLINK(\"http://evil.example\",\"Klik\")", "'+31 6 12345678", "'-2+3",
                                         "'@SUM(A1)", "'\tTab", "'\rCR", "Buurthuis LIVE De Ruwaard"]
    assert (rows[0]["Bedrag"], rows[0]["Aantal"], rows[0]["Actief"]) == ("-12,50", "-3", "ja")  # numbers stay numbers
    assert rows[1]["Bedrag"] == "1400000,00" and rows[1]["Aantal"] == "205000"
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f":
        assert control not in text


def test_an_upload_is_cleaned_before_it_is_read():
    upload = "\ufeffname;address\r\nBuurthuis \u202eOss\x00\x07;Straat\u200f 1\r\n"
    assert excel_csv.clean_upload(upload) == "name;address\r\nBuurthuis Oss;Straat 1\r\n"
    assert excel_csv.clean_cell("  Sporthal \u202d  De Rusheuvel \x1b ") == "Sporthal De Rusheuvel"


def test_a_chart_is_inline_svg_with_text_labels_and_dutch_ticks():
    svg = charts.bar_chart("Geld per jaar", ["2025", "2026"], [charts.Series("Toegekend", [180_000, 1_400_000])],
                           value_label="euro")
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-label="Geld per jaar"' in svg
    labels = re.findall(r"<text[^>]*>([^<]*)<", svg)  # labels are text, not outlines
    assert labels[:2] == ["2025", "2026"] and "1.200.000" in labels  # value ticks grouped the Dutch way
    assert not any("," in label for label in labels)


def test_the_pdf_has_real_text_with_the_euro_sign():
    document = pdf.render("<html lang='nl'><body><h1>Memo</h1><p>Toegekend: € 1.400.000,00 (5,0%)</p></body></html>",
                          service="tests", document="memo")
    text = PdfReader(io.BytesIO(document)).pages[0].extract_text()
    assert "€ 1.400.000,00" in text and "5,0%" in text
