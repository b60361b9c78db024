"""The OpenAPI document at /api/v1/openapi.json: valid OpenAPI, public, every route of the
API listed, and the typed operations' request bodies and answers generated from their models."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from openapi_spec_validator import validate
from pydantic import BaseModel

from app.api import schemas
from app.core.parsing import LIST_LIMITS
from app.hospitation.models import HospitationStatus
from app.kpm.application_models import ApplicationStatus, ConditionKind, DecisionOutcome
from app.kpm.inspection_models import InspectionKind
from app.kpm.models import DocumentKind, SiteApproval, SiteKind
from app.people.models import ServiceLevel


def _document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200  # no token needed
    return response.get_json()


def _schema(document: dict, ref_or_schema: dict) -> dict:
    ref = ref_or_schema.get("$ref", "")
    return document["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else ref_or_schema


def _body(document: dict, path: str, method: str) -> dict:
    operation = document["paths"][path][method]
    return _schema(document, operation["requestBody"]["content"]["application/json"]["schema"])


def test_the_document_is_valid_openapi_with_bearer_security_and_the_error_shape(client):
    document = _document(client)
    validate(document)
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    error = document["components"]["responses"]["Error"]["content"]["application/json"]
    shape = error["schema"]["properties"]["error"]["properties"]
    assert set(shape) == {"code", "message", "fields"}


def test_every_api_route_is_an_operation(app, client):
    document = _document(client)
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint == "api.openapi":
            continue
        path = rule.rule.removeprefix("/api/v1").replace("<int:", "<")
        path = path.replace("<", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = document["paths"][path][method.lower()]
            assert operation["security"] == [{"bearer": []}]
            assert operation["responses"]["4XX"] == {"$ref": "#/components/responses/Error"}


def test_a_typed_request_body_lists_its_real_fields_and_limits(client):
    document = _document(client)
    body = _body(document, "/persons", "post")
    assert {"name", "email", "profession", "hpr", "leader_email"} <= set(body["properties"])
    assert set(body["required"]) == {"name", "email", "profession"}
    assert body["properties"]["name"]["maxLength"] == 200
    assert body["additionalProperties"] is False  # an unknown field is a 422
    answer = document["paths"]["/persons"]["post"]["responses"]["201"]
    person = _schema(document, answer["content"]["application/json"]["schema"])
    assert {"id", "name", "email", "profession"} <= set(person["properties"])


def test_list_limits_and_query_parameters_come_from_the_models(client):
    document = _document(client)
    network = _body(document, "/networks", "post")
    assert network["properties"]["professions"]["maxItems"] == LIST_LIMITS["professions"]
    assert network["properties"]["professions"]["uniqueItems"] is True
    plan = _body(document, "/networks/{slug}/plans/{key}", "put")
    assert plan["properties"]["requirements"]["maxItems"] == LIST_LIMITS["requirements"]
    progress = document["paths"]["/persons/{person_id}/progress"]["get"]["parameters"]
    assert {"name": "on", "in": "query"}.items() <= next(
        p for p in progress if p["name"] == "on"
    ).items()


def test_a_delete_answers_204_and_a_document_may_be_multipart(client):
    document = _document(client)
    delete = document["paths"]["/persons/{person_id}/documents/{record_id}"]["delete"]
    assert set(delete["responses"]) == {"204", "4XX"}
    assert "content" not in delete["responses"]["204"]
    assert "requestBody" not in delete
    content = document["paths"]["/persons/{person_id}/documents"]["post"]["requestBody"]["content"]
    form = _schema(document, content["multipart/form-data"]["schema"])
    assert form["properties"]["file"]["format"] == "binary"
    assert set(form["required"]) == {"kind", "date"}
    assert {"file", "filename"} <= set(
        _body(document, "/persons/{person_id}/documents", "post")["properties"]
    )


def _is_typed(document: dict, schema: dict) -> bool:
    """A schema that names its fields (an object model) or its entries (a list model)."""
    resolved = _schema(document, schema)
    return "properties" in resolved or "$ref" in resolved.get("items", {})


def test_every_operation_has_a_typed_body_and_typed_answers(client):
    # An operation is typed when its request body (if it takes one) and each of its 2xx
    # answers are models: a bare object or an answer without a schema gives a client
    # generated from the document nothing to go on. 204 is the one answer with no body.
    document = _document(client)
    untyped = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            name = f"{method.upper()} {path}"
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                if not _is_typed(document, content["schema"]):
                    untyped.append(f"{name}: {media} body")
            answers = {c: a for c, a in operation["responses"].items() if c.startswith("2")}
            if not answers:
                untyped.append(f"{name}: no 2xx answer")
            for code, answer in answers.items():
                content = answer.get("content", {}).get("application/json")
                if code == "204":
                    if content is not None:
                        untyped.append(f"{name}: 204 with a body")
                elif content is None or not _is_typed(document, content["schema"]):
                    untyped.append(f"{name}: {code} answer")
    assert untyped == []


def test_model_names_are_unique():
    # spectree keys each schema by its class name: a second model of the same name would
    # silently take the first one's place in the document.
    modules = [
        importlib.import_module(f"app.api.schemas.{m.name}")
        for m in pkgutil.iter_modules(schemas.__path__)
    ]
    where: dict[str, set[str]] = {}
    for module in [schemas, *modules]:
        for model in vars(module).values():
            if isinstance(model, type) and issubclass(model, BaseModel):
                if model.__module__ == module.__name__:
                    where.setdefault(model.__name__, set()).add(module.__name__)
    assert {name: found for name, found in where.items() if len(found) > 1} == {}


def _enum(document: dict, model: str, field: str) -> set[str]:
    schema = document["components"]["schemas"][model]["properties"][field]
    for option in [schema, *schema.get("anyOf", [])]:
        if "enum" in option:
            return set(option["enum"])
        if "$ref" in option:
            return set(_schema(document, option)["enum"])
    raise AssertionError(f"{model}.{field} has no enum")


@pytest.mark.parametrize(
    ("model", "field", "enum"),
    [
        ("HospitationSite", "service_level", ServiceLevel),
        ("Hospitation", "status", HospitationStatus),
        ("ServicePeriod", "site_kind", SiteKind),
        ("DocumentCreate", "kind", DocumentKind),
        ("EducationSite", "approval", SiteApproval),
        ("Inspection", "kind", InspectionKind),
        ("Application", "status", ApplicationStatus),
        ("Decision", "outcome", DecisionOutcome),
        ("Condition", "kind", ConditionKind),
    ],
)
def test_the_documented_values_are_the_stored_ones(client, model, field, enum):
    assert _enum(_document(client), model, field) == {member.value for member in enum}
