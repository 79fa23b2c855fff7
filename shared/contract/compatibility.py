"""The compatibility rule of published events, as code.

Within a major version (``....v1``) an event's data may change only additively: a new
field that is optional (it has a default, so a record without it still reads), and
descriptions. Everything else breaks someone: a consumer written against the old
schema, or a consumer of the new schema replaying the old records (topics keep their
whole history, so both directions matter). Such a change is a new type, ``....v2``,
published beside the old one for the deprecation period (docs/events.md).

``breaking_changes(old, new)`` compares two JSON Schemas of an event's data (the committed
snapshot and the code's) and names every field and the rule it breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Schema = dict[str, Any]

# Words that describe a schema without constraining what it accepts.
ANNOTATIONS = frozenset({"title", "description", "examples", "default", "$comment", "deprecated"})

RULES = {
    "removed": "a published field is never removed or renamed within a major version",
    "retyped": "a published field keeps its type, format, allowed values and constraints within a major version",
    "required": "a field that was optional never becomes required within a major version",
    "new-required": "a field added within a major version must be optional (have a default)",
    "type-removed": "a published event type is never deleted: its records stay in the topics' history",
}


@dataclass(frozen=True)
class Violation:
    event_type: str
    field: str
    rule: str
    detail: str = ""

    def __str__(self) -> str:
        where = f"field '{self.field}'" if self.field else "the event type"
        extra = f" ({self.detail})" if self.detail else ""
        return (
            f"{self.event_type}: {where} breaks rule '{self.rule}': {RULES[self.rule]}{extra}; "
            f"publish the change as {next_major(self.event_type)} beside {self.event_type} instead"
        )


def next_major(event_type: str) -> str:
    name, _, version = event_type.rpartition(".v")
    return f"{name}.v{int(version) + 1}" if version.isdigit() else f"{event_type}.v2"


def breaking_changes(event_type: str, old: Schema, new: Schema) -> list[Violation]:
    """Every breaking difference from ``old`` (published) to ``new`` (the code)."""
    return _compare(event_type, resolve_refs(old, old), resolve_refs(new, new), path="")


def is_identical(old: Schema, new: Schema) -> bool:
    return _strip(resolve_refs(old, old)) == _strip(resolve_refs(new, new))


def _compare(event_type: str, old: Schema, new: Schema, path: str) -> list[Violation]:
    if "properties" in old and "properties" in new:
        return _compare_objects(event_type, old, new, path)
    if "items" in old and "items" in new and _rest(old, "items") == _rest(new, "items"):
        return _compare(event_type, old["items"], new["items"], f"{path}[]")
    for keyword in ("anyOf", "oneOf", "allOf"):
        if keyword in old and keyword in new and len(old[keyword]) == len(new[keyword]) \
                and _rest(old, keyword) == _rest(new, keyword):
            found = []
            for old_branch, new_branch in zip(old[keyword], new[keyword]):
                found += _compare(event_type, old_branch, new_branch, path)
            return found
    if _strip(old) != _strip(new):
        return [Violation(event_type, path or "<data>", "retyped", f"was {_summary(old)}, now {_summary(new)}")]
    return []


def _compare_objects(event_type: str, old: Schema, new: Schema, path: str) -> list[Violation]:
    old_fields, new_fields = old["properties"], new["properties"]
    old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
    added = set(new_fields) - set(old_fields)
    found: list[Violation] = []
    for name in sorted(set(old_fields) - set(new_fields)):
        renamed = [a for a in sorted(added) if _strip(new_fields[a]) == _strip(old_fields[name])]
        detail = f"renamed to '{renamed[0]}'?" if renamed else "no longer in the schema"
        found.append(Violation(event_type, _join(path, name), "removed", detail))
    for name in sorted(set(old_fields) & set(new_fields)):
        if name in new_required and name not in old_required:
            found.append(Violation(event_type, _join(path, name), "required"))
        found += _compare(event_type, old_fields[name], new_fields[name], _join(path, name))
    for name in sorted(added & new_required):
        found.append(Violation(event_type, _join(path, name), "new-required"))
    if _rest(old, "properties", "required") != _rest(new, "properties", "required"):
        found.append(Violation(event_type, path or "<data>", "retyped", "object constraints changed"))
    return found


def resolve_refs(schema: Any, root: Schema) -> Any:
    """The schema with every local ``$ref`` replaced by its definition (event schemas are not recursive)."""
    if isinstance(schema, list):
        return [resolve_refs(item, root) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return resolve_refs({**target, **{k: v for k, v in schema.items() if k != "$ref"}}, root)
    return {key: resolve_refs(value, root) for key, value in schema.items() if key != "$defs"}


def _strip(schema: Any) -> Any:
    """Only what constrains the data: annotations dropped at every level."""
    if isinstance(schema, list):
        return [_strip(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    stripped = {key: _strip(value) for key, value in schema.items() if key not in ANNOTATIONS | {"properties"}}
    if "properties" in schema:  # field names are data, not keywords: a field may be called "title"
        stripped["properties"] = {name: _strip(field) for name, field in schema["properties"].items()}
    for keyword in ("enum", "const"):
        if keyword in schema:
            stripped[keyword] = schema[keyword]
    return stripped


def _rest(schema: Schema, *without: str) -> Any:
    return _strip({k: v for k, v in schema.items() if k not in without})


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _summary(schema: Schema) -> str:
    stripped = _strip(schema)
    parts = [f"{key}={stripped[key]}" for key in sorted(stripped) if key not in ("properties", "items", "anyOf")]
    if "anyOf" in stripped:
        parts.insert(0, " | ".join(_summary(branch) for branch in stripped["anyOf"]))
    if "items" in stripped:
        parts.append(f"items: {_summary(stripped['items'])}")
    return ", ".join(parts) or "any"
