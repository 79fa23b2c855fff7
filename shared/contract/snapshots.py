"""Committed schema snapshots: the published data schema of every event type and version,
one file each in ``shared/contract/schemas/<type>.json``.

The code's schemas are compared with them (``compare``): a breaking change fails, an
additive one is reported so that ``python -m tools.export_docs --accept-additive`` records
it (``accept_additive``), which refuses to record anything breaking.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared.contract.compatibility import Violation, breaking_changes, is_identical
from shared.contract.envelope import IntegrationEvent
from shared.contract.schema import data_model

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


def data_schema(cls: type[IntegrationEvent]) -> dict[str, Any]:
    """The JSON Schema of an event's data (the Kafka record's value)."""
    return data_model(cls).model_json_schema()


def snapshot_text(schema: Mapping[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def load_snapshots(directory: Path = SCHEMA_DIR) -> dict[str, dict[str, Any]]:
    return {path.stem: json.loads(path.read_text()) for path in sorted(directory.glob("*.json"))}


@dataclass
class Comparison:
    breaking: list[Violation] = field(default_factory=list)
    additive: list[str] = field(default_factory=list)  # types whose schema grew compatibly
    new: list[str] = field(default_factory=list)  # types without a snapshot yet

    @property
    def to_record(self) -> list[str]:
        return sorted(self.additive + self.new)


def compare(current: Mapping[str, Mapping[str, Any]], published: Mapping[str, Mapping[str, Any]]) -> Comparison:
    """``current``: type -> the code's data schema; ``published``: type -> its snapshot."""
    result = Comparison()
    for event_type, snapshot in sorted(published.items()):
        if event_type not in current:
            result.breaking.append(Violation(event_type, "", "type-removed", "no event class has this type"))
            continue
        violations = breaking_changes(event_type, dict(snapshot), dict(current[event_type]))
        result.breaking += violations
        if not violations and not is_identical(dict(snapshot), dict(current[event_type])):
            result.additive.append(event_type)
    result.new = sorted(set(current) - set(published))
    return result


def current_schemas(catalogue: Mapping[str, type[IntegrationEvent]]) -> dict[str, dict[str, Any]]:
    return {event_type: data_schema(cls) for event_type, cls in catalogue.items()}


def stale_snapshots(current: Mapping[str, Mapping[str, Any]], directory: Path = SCHEMA_DIR) -> list[str]:
    """Types whose snapshot file is missing or differs from the code in any way (text included)."""
    return sorted(
        event_type for event_type, schema in current.items()
        if not (directory / f"{event_type}.json").exists()
        or (directory / f"{event_type}.json").read_text() != snapshot_text(schema)
    )


class BreakingChange(Exception):
    def __init__(self, violations: list[Violation]) -> None:
        super().__init__("\n".join(str(v) for v in violations))
        self.violations = violations


def accept_additive(current: Mapping[str, Mapping[str, Any]], directory: Path = SCHEMA_DIR) -> list[str]:
    """Record new types and additive changes as the published snapshots; refuse if anything breaks.
    Returns the types written."""
    comparison = compare(current, load_snapshots(directory))
    if comparison.breaking:
        raise BreakingChange(comparison.breaking)
    written = []
    directory.mkdir(parents=True, exist_ok=True)
    for event_type in stale_snapshots(current, directory):
        (directory / f"{event_type}.json").write_text(snapshot_text(current[event_type]))
        written.append(event_type)
    return written
