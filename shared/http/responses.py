"""Response classes for the media types the APIs answer besides JSON, so each operation's
OpenAPI document names the content type the service really sends."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse, Response


class CsvResponse(Response):
    """``text/csv; charset=utf-8`` (RFC 4180), offered as a download."""

    media_type = "text/csv"

    def __init__(self, content: str | bytes, filename: str, status_code: int = 200, **kwargs: Any) -> None:
        headers = {"Content-Disposition": f'attachment; filename="{filename}"', **kwargs.pop("headers", {})}
        super().__init__(content, status_code=status_code, headers=headers, **kwargs)


class GeoJsonResponse(JSONResponse):
    """``application/geo+json`` (RFC 7946)."""

    media_type = "application/geo+json"


def csv_content(description: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declaration of a CSV answer: ``responses=csv_content("...")``."""
    return {200: {"description": description, "content": {"text/csv": {"schema": {"type": "string"}}}}}
