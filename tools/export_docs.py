"""Writes the generated documentation: each service's AsyncAPI 3.0 document and the
event catalogue; records additive schema changes in the committed snapshots.

    python -m tools.export_docs                    # write docs/asyncapi/*.json and docs/events.md
    python -m tools.export_docs --accept-additive  # also record new types and additive changes in
                                                   # shared/contract/schemas/ (refuses breaking ones)
    python -m tools.export_docs --check            # exit 1 when docs or snapshots differ from the code,
                                                   # or the code breaks a published schema
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import import_module
from pathlib import Path

from shared.contract.catalogue import CATALOGUE
from shared.contract.snapshots import BreakingChange, accept_additive, compare, current_schemas, load_snapshots, stale_snapshots
from shared.contract.topics import SERVICES
from shared.http.asyncapi import asyncapi_document
from shared.settings import KafkaSettings, Settings
from tools.events_markdown import events_markdown

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def asyncapi_json(service: str) -> str:
    bootstrap = import_module(f"services.{service}.bootstrap").bootstrap
    # The documents must not depend on this shell's settings (they name the consumer groups).
    settings = Settings(service_name=service, kafka=KafkaSettings())
    return json.dumps(asyncapi_document(bootstrap(settings)), indent=2, sort_keys=True) + "\n"


def generated() -> dict[Path, str]:
    files = {DOCS / "asyncapi" / f"{service}.json": asyncapi_json(service) for service in SERVICES}
    files[DOCS / "events.md"] = events_markdown()
    return files


def stale() -> list[Path]:
    return [path for path, text in generated().items() if not path.exists() or path.read_text() != text]


def check() -> int:
    """Exit status for --check: 1 when something breaks a published schema or is stale."""
    current = current_schemas(CATALOGUE)
    comparison = compare(current, load_snapshots())
    for violation in comparison.breaking:
        print(f"breaking: {violation}")
    for event_type in stale_snapshots(current):
        print(f"unrecorded: {event_type} (run: python -m tools.export_docs --accept-additive)")
    outdated = stale()
    for path in outdated:
        print(f"stale: {path.relative_to(ROOT)} (run: python -m tools.export_docs)")
    return 1 if comparison.breaking or outdated or stale_snapshots(current) else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report breaking changes and stale files")
    parser.add_argument("--accept-additive", action="store_true",
                        help="record new event types and additive changes as the published schemas")
    args = parser.parse_args()
    if args.check:
        return check()
    if args.accept_additive:
        try:
            for event_type in accept_additive(current_schemas(CATALOGUE)):
                print(f"recorded shared/contract/schemas/{event_type}.json")
        except BreakingChange as error:
            print(f"refused, nothing recorded:\n{error}", file=sys.stderr)
            return 1
    for path, text in generated().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
