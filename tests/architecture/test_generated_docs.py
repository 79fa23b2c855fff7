"""docs/ holds each service's AsyncAPI document and the event catalogue; they must match the code."""

from __future__ import annotations

import json

from tools.export_docs import DOCS, generated, stale


def test_exported_documents_are_not_stale():
    outdated = stale()
    assert not outdated, f"stale: {[str(p) for p in outdated]}; run: python -m tools.export_docs"


def test_each_services_document_is_asyncapi_3_and_lists_what_it_emits():
    files = generated()
    inventory = json.loads(files[DOCS / "asyncapi" / "inventory.json"])
    assert inventory["asyncapi"] == "3.0.0"
    assert "inventory.pilot.started.v1" in inventory["channels"]
    notify = json.loads(files[DOCS / "asyncapi" / "notify.json"])
    assert notify["channels"]["notify.feed"]["address"] == "weerbaar.inventory.events"
