"""Every service's AsyncAPI document over HTTP: ``/asyncapi.json`` and the ``/asyncapi`` page.

The document comes from the contract (``shared.contract.asyncapi``), described from the
assembled service: what it emits, its consumers, its dead-letter topic. The page renders
it with the vendored AsyncAPI React component (static/asyncapi/README.md): no CDN, no
inline script or style, so it works offline under the pages' Content-Security-Policy.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from shared.contract.asyncapi import ConsumerInfo, ServiceInfo, document
from shared.contract.asyncapi_parsed import pre_parsed
from shared.contract.topics import dead_letter_topic
from shared.messaging.dead_letters import DLQ_HEADERS
from shared.service import Service

ASSETS = Path(__file__).resolve().parent / "static" / "asyncapi"
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} AsyncAPI</title>
<link rel="stylesheet" href="asyncapi/assets/asyncapi-react.min.css">
<link rel="stylesheet" href="asyncapi/assets/page.css">
</head>
<body>
<main id="asyncapi" data-document="asyncapi/parsed.json">Het AsyncAPI-document wordt geladen&hellip;</main>
<script src="asyncapi/assets/asyncapi-page.js"></script>
<script src="asyncapi/assets/page.js"></script>
</body>
</html>
"""


def service_info(service: Service) -> ServiceInfo:
    consumers = [ConsumerInfo(c.name, c.group_id, tuple(c.topics), tuple(sorted(c.handled_types)))
                 for c in service.consumers]
    return ServiceInfo(service.name, tuple(service.emits), tuple(consumers), dead_letter_topic(service.name),
                       tuple(sorted(DLQ_HEADERS)))


def asyncapi_document(service: Service) -> dict[str, Any]:
    return document(service_info(service))


def mount_asyncapi(app: FastAPI, service: Service) -> None:
    built: dict[str, dict[str, Any]] = {}

    def built_once() -> dict[str, dict[str, Any]]:
        if not built:  # the same for the service's whole life: build it on first use
            built["document"] = asyncapi_document(service)
            built["parsed"] = pre_parsed(built["document"])
        return built

    @app.get("/asyncapi.json", tags=["docs"], summary="AsyncAPI 3.0 document of the service's events")
    async def asyncapi_json() -> dict[str, Any]:
        return built_once()["document"]

    @app.get("/asyncapi/parsed.json", tags=["docs"], summary="The same document as the page renders it")
    async def asyncapi_parsed() -> dict[str, Any]:
        return built_once()["parsed"]

    @app.get("/asyncapi", tags=["docs"], response_class=HTMLResponse, summary="The AsyncAPI document, rendered")
    async def asyncapi_page() -> HTMLResponse:
        return HTMLResponse(PAGE.format(title=escape(f"Weerbaar {service.name}")))

    app.mount("/asyncapi/assets", StaticFiles(directory=ASSETS), name="asyncapi-assets")
