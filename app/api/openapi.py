"""The OpenAPI 3 document, generated from the API's own routes and docstrings."""

from __future__ import annotations

import re

from flask import current_app, jsonify

from app.api import bp

_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI description of API v1."""
    paths: dict = {}
    for rule in current_app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint == "api.openapi":
            continue
        path = _CONVERTER.sub(r"{\2}", rule.rule)
        params = [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": {"type": "integer" if conv == "int" else "string"},
            }
            for conv, name in _CONVERTER.findall(rule.rule)
        ]
        view = current_app.view_functions[rule.endpoint]
        summary = (view.__doc__ or rule.endpoint).strip().splitlines()[0]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            operation = {
                "operationId": f"{rule.endpoint.removeprefix('api.')}_{method.lower()}",
                "summary": summary,
                "parameters": params,
                "responses": {
                    "200": {"description": "OK"},
                    "201": {"description": "Created"},
                    "4XX": {"$ref": "#/components/responses/Error"},
                },
                "security": [{"bearer": []}],
            }
            if method in {"POST", "PUT", "PATCH"}:
                operation["requestBody"] = {
                    "content": {"application/json": {"schema": {"type": "object"}}}
                }
            paths.setdefault(path, {})[method.lower()] = operation
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Kompetansenett API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "paths": {k.removeprefix("/api/v1"): v for k, v in sorted(paths.items())},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {
                "Error": {
                    "description": "Error",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "error": {
                                        "type": "object",
                                        "properties": {
                                            "code": {"type": "string"},
                                            "message": {"type": "string"},
                                            "fields": {"type": "object"},
                                        },
                                    }
                                },
                            }
                        }
                    },
                }
            },
        },
    }
    return jsonify(document)
