"""``/v1/docs``: Swagger UI for the service's OpenAPI document, served with its assets
from the service itself (the ``swagger-ui-bundle-v2`` wheel), so it works offline and
under the Content-Security-Policy of every answer (no inline script, nothing from a CDN)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

STATIC = Path(__file__).parent / "static"

PAGE = """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>{title} - API-documentatie</title>
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
"""


def add_docs(api: FastAPI) -> None:
    page = PAGE.format(title=api.title)
    api.mount("/docs/assets", StaticFiles(directory=swagger_ui_path), name="swagger-ui-assets")

    @api.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(page)

    @api.get("/docs/init.js", include_in_schema=False)
    async def init_script() -> FileResponse:
        return FileResponse(STATIC / "docs-init.js", media_type="text/javascript")
