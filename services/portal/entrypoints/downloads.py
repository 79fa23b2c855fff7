"""Documents the services make (PDFs) handed to the browser as files to save."""

from __future__ import annotations

from fastapi.responses import Response

from services.portal.adapters.api import Document


def download(document: Document, filename: str) -> Response:
    return Response(document.content, media_type=document.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
