"""The AsyncAPI document as the official parser hands it to renderers, for the /asyncapi page."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any


def pre_parsed(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as the official parser hands it to renderers: ``$ref``s replaced by what
    they point at, ids stamped, marked parsed. The AsyncAPI React component renders this
    without parsing it again in the browser, where its validator would need ``eval`` (which
    the pages' Content-Security-Policy forbids). The tests validate ``doc`` with the parser."""
    stamped = json.loads(json.dumps(doc))
    for section in ("channels", "operations"):
        for key, item in stamped.get(section, {}).items():
            item["x-parser-unique-object-id"] = key
    for key, message in stamped["components"].get("messages", {}).items():
        message["x-parser-unique-object-id"] = key
    for key, schema in stamped["components"].get("schemas", {}).items():
        schema["x-parser-schema-id"] = key
    resolved = _dereference(stamped, stamped)
    anonymous = itertools.count(1)
    for message in resolved["components"].get("messages", {}).values():
        for part in (message.get("payload"), message.get("headers"), message.get("bindings", {}).get("kafka", {}).get("key")):
            _stamp_schema_ids(part, anonymous)
    return {**resolved, "x-parser-spec-parsed": True, "x-parser-api-version": 3}


def _dereference(node: Any, root: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_dereference(item, root) for item in node]
    if not isinstance(node, dict):
        return node
    if set(node) == {"$ref"}:
        target: Any = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        return _dereference(target, root)
    return {key: _dereference(value, root) for key, value in node.items()}


def _stamp_schema_ids(schema: Any, counter: Iterator[int]) -> None:
    if not isinstance(schema, dict):
        return
    schema.setdefault("x-parser-schema-id", f"<anonymous-schema-{next(counter)}>")
    children = list(schema.get("properties", {}).values()) + list(schema.get("anyOf", []))
    for keyword in ("items", "additionalProperties", "propertyNames"):
        children.append(schema.get(keyword))
    for child in children:
        _stamp_schema_ids(child, counter)
