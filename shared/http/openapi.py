"""The OpenAPI document every service publishes, completed so it tells the truth about
the answers (NL GOV API Design Rules, checked by the ADR Spectral ruleset in the tests).

FastAPI describes the happy path. What every operation can also answer is decided here,
in one place, from what the shared edge does to every request:

* 400 (invalid input, ADR ``errors`` member) where there are parameters or a body;
* 401 and 403 where a bearer token is required, 404 where a path names an object;
* 413 where there is a body (the size limit in front of the service);
* 404, 409 and 422 for every write: a referenced object may not exist (or not be in the
  caller's scope), the object's state or a programme rule may refuse it, a value may be
  unstorable.

Every 2xx/3xx answer carries ``API-Version``; every error is ``application/problem+json``.
A route may declare more (``responses=problems.responses(...)`` or its own description).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic.json_schema import models_json_schema

from shared.http.problems import MEDIA_TYPE, TITLES, InvalidInputProblem, Problem

WRITES = {"post", "put", "patch", "delete"}
METHODS = WRITES | {"get", "head", "options"}
VERSION_HEADER = {"$ref": "#/components/headers/API-Version"}
CORS_HEADER = {
    "description": "Always `*`: the OpenAPI document may be read from any origin (ADR /core/publish-openapi).",
    "schema": {"type": "string", "enum": ["*"]},
}
# FastAPI's own 422 description of request validation; this platform answers those with 400.
_FASTAPI_VALIDATION = "#/components/schemas/HTTPValidationError"


def complete(doc: dict[str, Any], api_version: str, tags: Iterable[Mapping[str, str]] = ()) -> dict[str, Any]:
    """The document with every operation's problem answers, the version header, the tags
    and the security scheme filled in. Pure: returns a new document."""
    doc = _generic_names_in_camel_case(copy.deepcopy(doc))
    components = doc.setdefault("components", {})
    components.setdefault("headers", {})["API-Version"] = {
        "description": "The full (semver) version of this API (ADR /core/version-header).",
        "schema": {"type": "string", "example": api_version},
    }
    _describe_bearer(components)
    components.setdefault("schemas", {}).update(_problem_schemas())
    for path, item in doc.get("paths", {}).items():
        for method, operation in item.items():
            if method in METHODS:
                _complete_operation(path, method, operation)
    _drop_fastapi_validation_schemas(components)
    doc["tags"] = _tags(doc, tags)
    return doc


def _complete_operation(path: str, method: str, operation: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        parameter["schema"] = _without_null(parameter.get("schema", {}))
    responses = operation.setdefault("responses", {})
    validation = responses.pop("422", None)
    if validation and _is_fastapi_validation(validation):
        validation = None
    for status, response in responses.items():
        if status[0] in "23":
            response.setdefault("headers", {})["API-Version"] = VERSION_HEADER
    statuses = _problem_statuses(path, method, operation)
    if validation:  # a route's own 422 description (e.g. the CSV import's row errors) stays
        responses["422"] = validation
    for status in sorted(statuses):
        _problem(responses, status)
    if path == "/openapi.json":
        responses["200"]["headers"]["Access-Control-Allow-Origin"] = CORS_HEADER


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional parameter is absent, never the text "null": ``anyOf [X, null]`` is ``X``."""
    options = [o for o in schema.get("anyOf", []) if o.get("type") != "null"]
    if "anyOf" not in schema or len(options) != 1:
        return schema
    return {**{k: v for k, v in schema.items() if k != "anyOf"}, **options[0]}


def _problem_statuses(path: str, method: str, operation: Mapping[str, Any]) -> set[int]:
    statuses: set[int] = set()
    has_body = "requestBody" in operation
    if operation.get("parameters") or has_body:
        statuses.add(400)
    if operation.get("security"):
        statuses |= {401, 403}
    if "{" in path:
        statuses.add(404)
    if has_body:
        statuses.add(413)
    if method in WRITES:
        statuses |= {404, 409, 422}
    return statuses


def _problem(responses: dict[str, Any], status: int) -> None:
    schema = "InvalidInputProblem" if status == 400 else "Problem"
    response = responses.setdefault(str(status), {"description": TITLES.get(status, "Fout")})
    content = response.setdefault("content", {})
    declared = content.pop("application/json", {}).get("schema")  # a route's own problem model
    problem_json = content.setdefault(MEDIA_TYPE, {})
    if not problem_json.get("schema"):
        problem_json["schema"] = declared or {"$ref": f"#/components/schemas/{schema}"}


def _generic_names_in_camel_case(doc: dict[str, Any]) -> dict[str, Any]:
    """pydantic names ``Page[CampaignOut]`` ``Page_CampaignOut_``; the ADR wants UpperCamelCase: ``CampaignOutPage``."""
    names = {n: f"{m.group(2)}{m.group(1)}" for n in doc.get("components", {}).get("schemas", {})
             if (m := re.fullmatch(r"([A-Za-z0-9]+)_([A-Za-z0-9]+)_", n))}
    if not names:
        return doc
    text = json.dumps(doc)
    for old, new in names.items():
        text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    renamed = json.loads(text)
    schemas = renamed["components"]["schemas"]
    for old, new in names.items():
        schemas[new] = schemas.pop(old)
    return renamed


def _problem_schemas() -> dict[str, Any]:
    _, definitions = models_json_schema(
        [(Problem, "serialization"), (InvalidInputProblem, "serialization")],
        ref_template="#/components/schemas/{model}",
    )
    return definitions["$defs"]


def _is_fastapi_validation(response: Mapping[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return schema.get("$ref") == _FASTAPI_VALIDATION


def _drop_fastapi_validation_schemas(components: dict[str, Any]) -> None:
    schemas = components.get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)


def _describe_bearer(components: dict[str, Any]) -> None:
    for scheme in components.get("securitySchemes", {}).values():
        if scheme.get("scheme") == "bearer":
            scheme["bearerFormat"] = "JWT"
            scheme["description"] = (
                "A JWT from the platform's identity provider with the claims role (national, region, "
                "municipality, integrator, operator), region and municipality. Scope comes from the token only."
            )


def _tags(doc: Mapping[str, Any], described: Iterable[Mapping[str, str]]) -> list[dict[str, str]]:
    """Every tag the operations use, in order of first use, with its description."""
    descriptions = {tag["name"]: tag.get("description", "") for tag in described}
    names: list[str] = []
    for item in doc.get("paths", {}).values():
        for method, operation in item.items():
            if method in METHODS:
                names += [t for t in operation.get("tags", []) if t not in names]
    return [{"name": n, **({"description": descriptions[n]} if descriptions.get(n) else {})} for n in names]
