"""One Jinja2 environment per document folder, with the Dutch formats as filters.

A document template extends ``document.html`` (here), which carries the house style
(``document.css``: A4, margins, page numbers, typography) inline, so the same HTML is
the web page and the PDF. Autoescaping is on: names typed by users stay text.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from shared.documents import dutch

HERE = Path(__file__).parent / "templates"


def environment(folder: Path) -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(folder), FileSystemLoader(HERE)]),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,  # a missing value is a bug, not an empty cell
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        euro=dutch.euro, number=dutch.number, percentage=dutch.percentage, day=dutch.day, moment=dutch.moment,
        month=dutch.month, points=dutch.points, nobreak=nobreak,
    )
    env.globals.update(house_style=Markup((HERE / "document.css").read_text(encoding="utf-8")), share=dutch.share,
                       count=dutch.count)
    return env


_AMOUNT = re.compile(r"€ -?[0-9.]+,[0-9]{2}")


def nobreak(text: str) -> Markup:
    """Text with every amount kept on one line ('€' never at a line's end, apart from its number)."""
    escaped = str(escape(text))
    return Markup(_AMOUNT.sub(lambda m: f'<span class="amount">{m.group(0)}</span>', escaped))


def svg(markup: str) -> Markup:
    """A chart made by shared.documents.charts, to place in a template as is."""
    return Markup(markup)


# A document page carries its style inline (the same HTML becomes the PDF) and runs no
# script: its own policy, stricter than the edge's default for pages in every other way.
DOCUMENT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; "
                "base-uri 'none'; form-action 'none'")
HTML_MEDIA_TYPE = "text/html; charset=utf-8"
HTML_HEADERS = {"Content-Security-Policy": DOCUMENT_CSP}
