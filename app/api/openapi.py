"""The OpenAPI document of API v1, generated: every route of the blueprint is an operation;
the request bodies, query parameters and main answers of the typed views come from their
pydantic models (app/api/schemas, through spectree). A view without models would be listed
with an object body and answers without a schema; tests/api/test_openapi.py refuses that."""

from __future__ import annotations

import copy
import re
from typing import Any

from flask import current_app, jsonify

from app.api import bp
from app.api.schemas import spec

_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
_PREFIX = "/api/v1"
_ERROR = {"$ref": "#/components/responses/Error"}
_ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "The message for each field in error, by its name",
                },
            },
        }
    },
}


def _typed_operations() -> tuple[dict[str, dict], dict[str, Any]]:
    """spectree's operations of the typed views by (path, method), and their schemas."""
    generated = copy.deepcopy(spec.spec)
    schemas = generated["components"].get("schemas", {})
    # spectree's own 422 model: our errors have one shape, the Error response below
    schemas = {k: v for k, v in schemas.items() if not k.startswith("ValidationError")}
    return generated["paths"], schemas


def _operation(rule, method: str, typed: dict | None) -> dict[str, Any]:
    params = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer"} if conv == "int" else {"type": "string"},
        }
        for conv, name in _CONVERTER.findall(rule.rule)
    ]
    view = current_app.view_functions[rule.endpoint]
    summary = (view.__doc__ or rule.endpoint).strip().splitlines()[0]
    operation: dict[str, Any] = {
        "operationId": f"{rule.endpoint.removeprefix('api.')}_{method.lower()}",
        "summary": summary,
        "parameters": params,
        "responses": {
            "200": {"description": "OK"},
            "201": {"description": "Created"},
        },
        "security": [{"bearer": []}],
    }
    if method in {"POST", "PUT", "PATCH"}:
        operation["requestBody"] = {
            "content": {"application/json": {"schema": {"type": "object"}}}
        }
    if typed is not None:
        # A typed view documents its own body (none when it takes none) and its answers.
        operation.pop("requestBody", None)
        query = [p for p in typed.get("parameters", []) if p.get("in") == "query"]
        operation["parameters"] = params + query
        operation["responses"] = {
            code: answer
            for code, answer in typed.get("responses", {}).items()
            if not code.startswith("4")
        }
        if "requestBody" in typed:
            operation["requestBody"] = dict(typed["requestBody"])
            if getattr(view, "optional_body", False):
                operation["requestBody"]["required"] = False
    operation["responses"]["4XX"] = _ERROR
    return operation


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI description of API v1."""
    typed_paths, schemas = _typed_operations()
    paths: dict = {}
    for rule in current_app.url_map.iter_rules():
        if not rule.rule.startswith(f"{_PREFIX}/") or rule.endpoint == "api.openapi":
            continue
        path = _CONVERTER.sub(r"{\2}", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            typed = typed_paths.get(path, {}).get(method.lower())
            paths.setdefault(path, {})[method.lower()] = _operation(rule, method, typed)
    document = {
        "openapi": spec.config.openapi_version,
        "info": {"title": "Kompetansenett API", "version": "1"},
        "servers": [{"url": _PREFIX}],
        "paths": {k.removeprefix(_PREFIX): v for k, v in sorted(paths.items())},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas,
            "responses": {
                "Error": {
                    "description": "Error",
                    "content": {"application/json": {"schema": _ERROR_SCHEMA}},
                }
            },
        },
    }
    return jsonify(document)
