"""CSV for people who open it in Excel, and the clean-up of CSV files people send in.

Written the way Dutch Excel opens it with a double click: UTF-8 with a byte-order
mark (else Excel guesses ANSI and mangles 'ë' and '€'), ``;`` between cells (the
list separator of the Dutch locale, where ``,`` is the decimal comma), CRLF lines.

Safe to open (OWASP "CSV injection"): a text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return would be run as a formula, so it gets a
leading apostrophe and is shown as text. Numbers are written as numbers (a
negative amount is not a formula). Bidirectional control characters (e.g. the
right-to-left override that makes ``exe.pdf`` read as ``fdp.exe``) and other
control characters never come out, and are taken out of what comes in.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from shared.documents import dutch

BOM = "\ufeff"
SEPARATOR = ";"
MEDIA_TYPE = "text/csv; charset=utf-8"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Bidi embeddings/overrides/isolates and marks (LRE..RLO, LRI..PDI, LRM, RLM, ALM).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# C0 and C1 control characters except tab and newlines; those are judged by the caller.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """Text as it may be stored: without bidi controls or other control characters."""
    return _CONTROL.sub("", _BIDI.sub("", value))


def clean_cell(value: str) -> str:
    """One imported cell: clean, on one line, without surrounding blanks."""
    return " ".join(clean_text(value).split())


def clean_upload(text: str) -> str:
    """A whole uploaded CSV: the byte-order mark and every bidi/control character out
    (newlines and tabs stay: they are the file's structure)."""
    return clean_text(text.lstrip(BOM))


def cell(value: object) -> str:
    """One value as an Excel cell: numbers as Dutch numbers, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, datetime):
        return value.astimezone(dutch.LOCAL).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return neutralise(clean_text(str(value)))


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def write(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The whole file, as bytes to send with ``MEDIA_TYPE``."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=SEPARATOR, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return (BOM + out.getvalue()).encode("utf-8")


def attachment(filename: str) -> dict[str, str]:
    """Response headers that make a browser save the file under its name."""
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def read_rows(content: bytes | str) -> list[dict[str, str]]:
    """A file written by ``write`` read back as rows by header (for checks and round trips)."""
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    return list(csv.DictReader(io.StringIO(text.lstrip(BOM)), delimiter=SEPARATOR))
