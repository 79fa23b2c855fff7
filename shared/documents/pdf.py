"""HTML to PDF with WeasyPrint.

Why WeasyPrint: the same HTML and CSS that the browser shows become the PDF (so the
web version and the PDF never differ), with real typography from Pango/HarfBuzz
(kerning, hyphenation, the system's Unicode fonts: '€', 'ë', '’' just work), CSS
paged media (A4, margins, running page numbers, no table row split over pages) and
inline SVG for charts. fpdf2 would need every page laid out again in Python and a
Unicode font bundled. WeasyPrint needs Pango (Debian: libpango-1.0-0,
libpangoft2-1.0-0) and a font (fonts-dejavu-core); scripts/ensure-system-packages.sh
installs them.

Rendering is CPU work of a fraction of a second to a second: call ``render_async``
from async code, so the event loop keeps serving.
"""

from __future__ import annotations

import asyncio

from shared.observability.metrics import DOCUMENT_RENDER_SECONDS


def render(html: str, *, service: str, document: str) -> bytes:
    """A PDF of a self-contained HTML document (styles and charts inline; nothing fetched)."""
    from weasyprint import HTML  # imported on first use: loading Pango takes a moment

    with DOCUMENT_RENDER_SECONDS.labels(service, document).time():
        return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


async def render_async(html: str, *, service: str, document: str) -> bytes:
    return await asyncio.to_thread(render, html, service=service, document=document)


def _refuse_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    # A document never loads anything from an address: a name or text a user typed
    # could otherwise make the server fetch it (SSRF).
    raise ValueError(f"documents load no external resources ({url[:60]})")
