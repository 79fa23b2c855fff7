"""The NL GOV API Design Rules' own Spectral ruleset (vendored in tools/adr-ruleset) against
the four services' OpenAPI documents: no errors, and only the warnings explained below."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.api.documents import all_services, openapi_document

ROOT = Path(__file__).resolve().parents[2]
RULESET = ROOT / "tools" / "adr-ruleset" / "weerbaar.spectral.yml"
SPECTRAL = ROOT / "tools" / "adr-ruleset" / "node_modules" / ".bin" / "spectral"
ERROR, WARNING = 0, 1

# Every warning the ruleset may still give, and why it stays.
EXPLAINED_WARNINGS = {
    # The server URL is relative (`/v1`) unless the deployment sets WEERBAAR_HTTP__PUBLIC_BASE_URL
    # (https://...): the same document then works on a developer's machine, in the tests and
    # behind the production proxy, and Swagger UI calls the host it was loaded from. With the
    # setting the URL is absolute https and this warning is gone (checked below).
    "nlgov:servers-use-https",
}


def published(doc: dict) -> dict:
    """As deployed behind https (WEERBAAR_HTTP__PUBLIC_BASE_URL set)."""
    return {**doc, "servers": [{"url": "https://api.weerbaar.nl/v1"}]}


def broken(doc: dict) -> dict:
    """The landing operation with an array answer, a snake_case query key, no version header
    and a non-problem error: the ruleset must find each of these."""
    doc = json.loads(json.dumps(doc))
    operation = doc["paths"]["/"]["get"]
    operation["parameters"] = [{"name": "page_size", "in": "query", "schema": {"type": "integer"}}]
    ok = operation["responses"]["200"]
    ok.pop("headers")
    ok["content"]["application/json"]["schema"] = {"type": "array", "items": {"type": "string"}}
    operation["responses"]["404"] = {"description": "x", "content": {"application/json": {"schema": {"type": "object"}}}}
    return doc


VARIANTS = {"as-built": lambda doc: doc, "published": published, "broken": broken}


@pytest.fixture(scope="module")
def linted(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], list[dict]]:
    """One Spectral run over every variant of every document (Spectral's start-up is the slow part)."""
    assert SPECTRAL.exists(), "Spectral is not installed: run `bash scripts/ensure-node-tools.sh` (make test does)"
    folder = tmp_path_factory.mktemp("openapi")
    files = {}
    for variant, adjust in VARIANTS.items():
        for service in all_services():
            path = folder / f"{variant}--{service}.json"
            path.write_text(json.dumps(adjust(openapi_document(service))))
            files[path.name] = (variant, service)
    done = subprocess.run([str(SPECTRAL), "lint", "-r", str(RULESET), "-f", "json", "--quiet", *map(str, sorted(folder.iterdir()))],
                          capture_output=True, text=True, timeout=600)
    assert done.stdout.strip().startswith("["), f"spectral failed: {done.stderr[-2000:]}"
    results: dict[tuple[str, str], list[dict]] = {key: [] for key in files.values()}
    for result in json.loads(done.stdout):
        results[files[Path(result["source"]).name]].append(result)
    return results


def describe(results: list[dict]) -> str:
    return "\n".join(f"{Path(r['source']).name} {r['code']} {'.'.join(map(str, r['path']))}: {r['message']}"
                     for r in results)


def of(linted: dict, variant: str) -> list[dict]:
    return [r for (v, _), results in linted.items() if v == variant for r in results]


def test_no_errors(linted: dict) -> None:
    errors = [r for r in of(linted, "as-built") if r["severity"] == ERROR]
    assert not errors, f"{len(errors)} ADR errors:\n{describe(errors)}"


def test_only_explained_warnings(linted: dict) -> None:
    unexplained = [r for r in of(linted, "as-built") if r["severity"] == WARNING and r["code"] not in EXPLAINED_WARNINGS]
    assert not unexplained, f"warnings without an explanation:\n{describe(unexplained)}"


def test_absolute_https_server_has_no_warnings(linted: dict) -> None:
    remaining = [r for r in of(linted, "published") if r["severity"] <= WARNING]
    assert not remaining, describe(remaining)


def test_ruleset_finds_what_it_should(linted: dict) -> None:
    """The ruleset is live: the broken variant gets exactly the errors it was given."""
    for service in all_services():
        found = {r["code"] for r in linted[("broken", service)] if r["severity"] == ERROR}
        assert {"nlgov:query-keys-camel-case", "nlgov:missing-header", "weerbaar:always-return-objects",
                "nlgov:use-problem-schema", "nlgov:problem-invalid-input"} <= found, (service, found)
