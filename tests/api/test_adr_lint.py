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


def lint(tmp_path: Path, adjust=lambda doc: doc) -> list[dict]:
    assert SPECTRAL.exists(), "Spectral is not installed: run `bash scripts/ensure-node-tools.sh` (make test does)"
    files = []
    for service in all_services():
        path = tmp_path / f"{service}.json"
        path.write_text(json.dumps(adjust(openapi_document(service))))
        files.append(str(path))
    done = subprocess.run([str(SPECTRAL), "lint", "-r", str(RULESET), "-f", "json", "--quiet", *files],
                          capture_output=True, text=True, timeout=240)
    assert done.stdout.strip().startswith("["), f"spectral failed: {done.stderr[-2000:]}"
    return json.loads(done.stdout)


def describe(results: list[dict]) -> str:
    return "\n".join(f"{Path(r['source']).name} {r['code']} {'.'.join(map(str, r['path']))}: {r['message']}"
                     for r in results)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    return lint(tmp_path_factory.mktemp("openapi"))


def test_no_errors(results: list[dict]) -> None:
    errors = [r for r in results if r["severity"] == ERROR]
    assert not errors, f"{len(errors)} ADR errors:\n{describe(errors)}"


def test_only_explained_warnings(results: list[dict]) -> None:
    unexplained = [r for r in results if r["severity"] == WARNING and r["code"] not in EXPLAINED_WARNINGS]
    assert not unexplained, f"warnings without an explanation:\n{describe(unexplained)}"


def test_absolute_https_server_has_no_warnings(tmp_path: Path) -> None:
    def published(doc: dict) -> dict:
        return {**doc, "servers": [{"url": "https://api.weerbaar.nl/v1"}]}

    remaining = [r for r in lint(tmp_path, published) if r["severity"] <= WARNING]
    assert not remaining, describe(remaining)


def test_ruleset_finds_what_it_should(tmp_path: Path) -> None:
    """The ruleset is live: a document with an array answer, a snake_case query key, no
    version header and a non-problem error gets exactly those errors."""
    def broken(doc: dict) -> dict:
        doc = json.loads(json.dumps(doc))
        operation = doc["paths"]["/"]["get"]
        operation["parameters"] = [{"name": "page_size", "in": "query", "schema": {"type": "integer"}}]
        ok = operation["responses"]["200"]
        ok.pop("headers")
        ok["content"]["application/json"]["schema"] = {"type": "array", "items": {"type": "string"}}
        operation["responses"]["404"] = {"description": "x", "content": {"application/json": {"schema": {"type": "object"}}}}
        return doc

    found = {(Path(r["source"]).stem, r["code"]) for r in lint(tmp_path, broken) if r["severity"] == ERROR}
    for service in all_services():
        for rule in ("nlgov:query-keys-camel-case", "nlgov:missing-header", "weerbaar:always-return-objects",
                     "nlgov:use-problem-schema", "nlgov:problem-invalid-input"):
            assert (service, rule) in found, (service, rule)
