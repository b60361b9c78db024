"""Schemathesis drives every operation of API v1 from its own OpenAPI document
(`/api/v1/openapi.json`) with generated valid and invalid input, as an admin and as a
doctor with her own token: no answer may be a 500, and each answer must match what the
document says. Path parameters name real objects (a world made through the API first), so
the generated bodies reach the handlers' parsing and the operations, not only a 404."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from app import create_app
from app.auth.models import Role
from app.auth.operations import create_api_token
from app.config import TestConfig
from tests.factories import (
    make_admin,
    make_course,
    make_membership,
    make_person,
    make_user,
    network,
)

YEAR = dt.date.today().year


def _document() -> dict:
    """The document as the app serves it. Read at collection, from an app of its own on an
    empty in-memory database (the document needs none), so each operation is a test of its
    own; the operations are then called on the test's app, in-process (WSGI)."""
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    application = create_app({**config, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return application.test_client().get("/api/v1/openapi.json").get_json()


schema = schemathesis.openapi.from_dict(_document())


def _made(response) -> int:
    assert response.status_code in (200, 201), response.get_json()
    return response.get_json()["id"]


@pytest.fixture()
def world(app, db):
    """An admin's and a doctor's tokens, and one real object for each kind of path parameter."""
    admin = make_admin()
    kpm = network("kpm")
    doctor = make_person(profession="doctor", specialist_approved_on=dt.date(2020, 5, 1))
    make_membership(doctor, kpm, dt.date(2024, 1, 1))
    doctor_user = make_user(Role.resource_person, person=doctor)
    supervisor = make_user(Role.supervisor)
    course = make_course()
    tokens = {"admin": create_api_token(admin), "doctor": create_api_token(doctor_user)}
    db.session.commit()  # as `api(user)` does: setup survives a handler's rollback
    client = app.test_client()
    headers = {"Authorization": f"Bearer {tokens['admin']}"}

    def post(path: str, body: dict) -> int:
        return _made(client.post(f"/api/v1{path}", json=body, headers=headers))

    person = f"/persons/{doctor.id}"
    offering = post(
        f"/courses/{course.key}/offerings",
        {
            "start": "2031-03-02T09:00",
            "end": "2031-03-03T15:00",
            "capacity": 5,
        },
    )
    gathering = post(
        "/networks/kpm/gatherings",
        {
            "kind": "theme_day",
            "title": "Temadag",
            "start": "2031-05-14T09:00",
            "end": "2031-05-14T15:00",
        },
    )
    education_site = post(
        "/kpm/education-sites",
        {
            "name": "Palliativt senter",
            "kind": "centre_with_beds",
            "approval": "approved",
        },
    )
    inspection = client.post(
        f"/api/v1/kpm/education-sites/{education_site}/inspections",
        json={
            "year": YEAR,
            "kind": "report",
            "date": f"{YEAR}-01-15",
            "findings": [{"text": "Mangler plan", "deadline": f"{YEAR}-06-01"}],
        },
        headers=headers,
    )
    assert inspection.status_code == 201, inspection.get_json()
    finding = client.get(
        f"/api/v1/kpm/education-sites/{education_site}/inspections", headers=headers
    ).get_json()[0]["findings"][0]["id"]
    records = {
        "service-periods": post(
            f"{person}/service-periods",
            {
                "site_kind": "centre_with_beds",
                "site_name": "Senter",
                "approved": True,
                "start": "2024-01-01",
                "end": "2024-12-31",
                "position_pct": 50,
            },
        ),
        "supervision-meetings": post(f"{person}/supervision-meetings", {"date": "2024-01-20"}),
        "teaching-hours": post(f"{person}/teaching-hours", {"date": "2024-02-01", "hours": 3}),
        "documents": post(f"{person}/documents", {"kind": "education_plan", "date": "2024-01-05"}),
    }
    ids = {
        "slug": "kpm",
        "key": course.key,
        "person_id": doctor.id,
        "offering_id": offering,
        "gathering_id": gathering,
        "registration_id": post(f"/offerings/{offering}/registrations", {"person_id": doctor.id}),
        "completion_id": post(
            f"{person}/course-completions",
            {
                "course_key": course.key,
                "completed_on": "2024-03-01",
            },
        ),
        "hospitation_id": post(
            f"{person}/hospitations",
            {
                "place": "Sykehuset",
                "start": "2031-03-02",
                "days": 1,
                "goals": "Lære",
            },
        ),
        "application_id": post(f"{person}/kpm-applications", {}),
        "assignment_id": post(f"{person}/supervisors", {"email": supervisor.email}),
        "finding_id": finding,
        "education_site_id": education_site,
        "hospitation_site_id": post(
            "/networks/kpm/hospitation-sites",
            {
                "name": "Palliativ enhet",
                "service_level": "specialist",
            },
        ),
    }
    db.session.commit()
    return tokens, ids, records


def _real_path_parameters(case, ids: dict, records: dict) -> dict:
    """The case's path parameters, each replaced by the id of a real object of its kind."""
    values = dict(case.path_parameters or {})
    for name in values:
        if name == "site_id":
            kind = "education_site_id" if "/kpm/" in case.path else "hospitation_site_id"
            values[name] = ids[kind]
        elif name == "record_id":
            collection = case.path.split("/")[3]
            values[name] = records.get(collection, values[name])
        elif name in ids:
            values[name] = ids[name]
    return values


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_input_gives_a_server_error(case, app, world):
    tokens, ids, records = world
    generated = case.path_parameters
    for token in tokens.values():
        for path_parameters in (_real_path_parameters(case, ids, records), generated):
            case.path_parameters = path_parameters
            response = case.call(app=app, headers={"Authorization": f"Bearer {token}"})
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )
