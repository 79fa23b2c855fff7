"""docs/ holds each service's AsyncAPI document and the event catalogue, and shared/contract/schemas/
the published schemas: they must match the code (python -m tools.export_docs [--accept-additive])."""

from __future__ import annotations

import json

from shared.contract.catalogue import CATALOGUE
from shared.contract.snapshots import current_schemas, stale_snapshots
from tools.export_docs import DOCS, generated, stale


def test_exported_documents_are_not_stale():
    outdated = stale()
    assert not outdated, f"stale: {[str(p) for p in outdated]}; run: python -m tools.export_docs"


def test_every_schema_change_is_recorded_in_the_snapshots():
    unrecorded = stale_snapshots(current_schemas(CATALOGUE))
    assert not unrecorded, f"unrecorded: {unrecorded}; run: python -m tools.export_docs --accept-additive"


def test_each_services_document_is_asyncapi_3_and_lists_what_it_emits_and_consumes():
    files = generated()
    inventory = json.loads(files[DOCS / "asyncapi" / "inventory.json"])
    assert inventory["asyncapi"] == "3.0.0"
    assert "inventory.pilot.started.v1" in inventory["channels"]["weerbaar.inventory.events"]["messages"]
    notify = json.loads(files[DOCS / "asyncapi" / "notify.json"])
    assert notify["operations"]["consume.notify.feed"]["channel"] == {"$ref": "#/channels/weerbaar.inventory.events"}


def test_events_md_states_the_compatibility_rule_and_the_retention():
    text = generated()[DOCS / "events.md"]
    assert "## Compatibility rule" in text and "--accept-additive" in text and "12 months" in text
    assert "| `weerbaar.inventory.events` | 6 | forever |" in text
