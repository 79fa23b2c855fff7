"""Helpers for the AsyncAPI tests: each service's document as the code generates it, and the
official parser (npm @asyncapi/parser, installed by scripts/ensure-node-tools.sh) run on files."""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from tools.export_docs import ROOT, asyncapi_json

VALIDATOR = ROOT / "tools" / "asyncapi-validate"


@cache
def document(service: str) -> dict[str, Any]:
    return json.loads(asyncapi_json(service))


def parse_with_official_parser(files: list[Path]) -> list[dict[str, Any]]:
    """One result per file: ``parsed`` and the diagnostics by severity (errors, warnings, infos, hints)."""
    node = shutil.which("node")
    assert node, "node not found: the AsyncAPI parser runs on Node.js (apt-get install nodejs npm)"
    assert (VALIDATOR / "node_modules" / "@asyncapi" / "parser").is_dir(), "run: bash scripts/ensure-node-tools.sh"
    done = subprocess.run([node, "validate.mjs", *map(str, files)], cwd=VALIDATOR, capture_output=True, text=True,
                          timeout=120)
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(results) == len(files), done.stderr
    return results


def resolve(doc: dict[str, Any], node: Any) -> Any:
    """Follow a local $ref (one level) within an AsyncAPI document."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node
