"""Courses for level B (issue 17): a level-only requirement counts only courses for the
person's profession, and a course taken elsewhere may be written in (free text), with a
certificate, and counts once a coordinator has verified it and matched it to a level."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from app.auth.models import Role
from app.courses.models import CourseCompletion
from tests.factories import (
    free_text_completion,
    make_coordinator,
    make_membership,
    make_person,
    make_user,
    network,
    recorded_course,
)

NET = "innlandet-ressurssykepleiere"
ON = "2026-06-01"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture()
def nurse(db):
    person = make_person(name="Kari Sykepleier")
    make_membership(person, network(NET), dt.date(2026, 1, 1))
    return person


def level_b(client, person):
    body = client.get(f"/api/v1/persons/{person.id}/progress?on={ON}").get_json()
    return next(r for r in body["plans"][0]["requirements"] if r["key"] == "niva-b-kurs")


def test_a_nurse_with_only_a_physiotherapy_course_is_not_at_level_b(client, login, api, nurse):
    recorded_course(nurse, "nff-teoretisk-grunnkurs", dt.date(2026, 3, 1))
    coord = api(make_coordinator(network(NET)))
    assert level_b(coord, nurse)["status"] == "due"
    login(make_user(Role.resource_person, person=nurse))
    page = client.get(f"/persons/{nurse.id}/progress?on={ON}").text
    assert "Nivå B nådd" not in page and "Teoretisk grunnkurs i onkologisk" not in page
    recorded_course(nurse, "niva-b-palliasjon-sykepleie", dt.date(2026, 4, 1))
    assert level_b(coord, nurse)["status"] == "met"


def test_free_text_course_on_the_api_counts_once_verified_with_a_level(api, nurse):
    own = api(make_user(Role.resource_person, person=nurse))
    coord = api(make_coordinator(network(NET)))
    url = f"/api/v1/persons/{nurse.id}/course-completions"
    body = {
        "title": "Lindring i livets sluttfase",
        "provider": "Høgskolen i Innlandet",
        "completed_on": "2026-03-01",
        "hours": 15,
    }
    answer = own.post(url, json=body)
    assert answer.status_code == 201, answer.get_json()
    made = answer.get_json()
    assert (made["course_key"], made["title"], made["verified"]) == (None, body["title"], False)
    assert level_b(coord, nurse)["status"] == "due"
    verified = coord.post(f"/api/v1/course-completions/{made['id']}/verify", json={})
    assert verified.status_code == 200 and verified.get_json()["level"] is None
    assert level_b(coord, nurse)["status"] == "due"  # verified, but matched to no level
    other = own.post(url, json={**body, "title": "Palliasjon, grunnkurs"}).get_json()
    matched = coord.post(f"/api/v1/course-completions/{other['id']}/verify", json={"level": "B"})
    assert matched.get_json()["level"] == "B"
    assert level_b(coord, nurse)["status"] == "met"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"course_key": "nscpm", "title": "Begge"}, "title"),
        ({}, "course_key"),
        ({"title": "Kurs", "level": "D"}, "level"),
        ({"course_key": "nscpm", "level": "B"}, "level"),
        ({"title": "Kurs", "appointed_on": "2026-01-01"}, "appointed_on"),
    ],
)
def test_bad_completions_are_422_on_the_field(api, nurse, body, field):
    coord = api(make_coordinator(network(NET)))
    answer = coord.post(
        f"/api/v1/persons/{nurse.id}/course-completions", json={"completed_on": ON, **body}
    )
    assert answer.status_code == 422
    assert field in answer.get_json()["error"]["fields"]


def test_course_key_still_works_and_a_coordinator_verifies_at_once(api, nurse):
    coord = api(make_coordinator(network(NET)))
    answer = coord.post(
        f"/api/v1/persons/{nurse.id}/course-completions",
        json={"course_key": "niva-b-palliasjon-sykepleie", "completed_on": ON, "verified": True},
    )
    assert answer.status_code == 201
    assert (answer.get_json()["course_key"], answer.get_json()["level"]) == (
        "niva-b-palliasjon-sykepleie",
        "B",
    )


def test_the_form_takes_a_free_text_course_with_a_certificate(client, login, db, nurse):
    login(make_user(Role.resource_person, person=nurse))
    data = {
        "title": "Kommunikasjon med alvorlig syke",
        "provider": "Lovisenberg diakonale høgskole",
        "level": "B",
        "completed_on": "2026-02-10",
        "hours": "12",
    }
    bad = client.post(
        "/courses/completions/new",
        data={**data, "certificate": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "bevis.pdf")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 200
    assert "Kursbeviset må være en PDF eller et bilde" in bad.text
    assert "Kommunikasjon med alvorlig syke" in bad.text  # what was typed stays
    ok = client.post(
        "/courses/completions/new",
        data={**data, "certificate": (io.BytesIO(PDF), "kursbevis.pdf")},
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302
    row = db.session.scalar(
        db.select(CourseCompletion).where(CourseCompletion.person_id == nurse.id)
    )
    assert (row.course_id, row.title, row.level, row.verified) == (None, data["title"], "B", False)
    assert row.certificate_type == "application/pdf"
    # Her own list shows it, waiting for the coordinator.
    assert "Kommunikasjon med alvorlig syke" in client.get("/courses/mine").text


def test_a_pdf_with_javascript_is_refused(client, login, nurse):
    login(make_user(Role.resource_person, person=nurse))
    evil = PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(x)>>")
    page = client.post(
        "/courses/completions/new",
        data={
            "title": "Kurs",
            "completed_on": "2026-02-10",
            "certificate": (io.BytesIO(evil), "a.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert page.status_code == 200 and "innebygd innhold" in page.text


def test_the_coordinator_sees_the_certificate_and_sets_the_level(client, login, api, db, nurse):
    row = free_text_completion(nurse, "Palliasjon i kommunen", dt.date(2026, 3, 1), verified=False)
    row.certificate, row.certificate_type, row.certificate_name = PDF, "application/pdf", "b.pdf"
    coord = make_coordinator(network(NET))
    stranger = make_coordinator(network("vest-fysio-ergo"))
    login(stranger)
    assert client.get(f"/courses/completions/{row.id}/certificate").status_code == 404
    login(coord)
    pending = client.get("/courses/completions/pending").text
    assert "Palliasjon i kommunen" in pending and "Ikke i katalogen" in pending
    assert f"/courses/completions/{row.id}/certificate" in pending
    assert f'id="level-{row.id}"' in pending
    pdf = client.get(f"/courses/completions/{row.id}/certificate")
    assert pdf.status_code == 200 and pdf.data == PDF
    assert "attachment" in pdf.headers["Content-Disposition"]
    assert pdf.headers["X-Content-Type-Options"] == "nosniff"
    assert level_b(api(coord), nurse)["status"] == "due"
    done = client.post(f"/courses/completions/{row.id}/verify", data={"level": "B"})
    assert done.status_code == 302
    db.session.refresh(row)
    assert (row.verified, row.level) == (True, "B")
    assert level_b(api(coord), nurse)["status"] == "met"
    page = client.get(f"/persons/{nurse.id}/progress?on={ON}").text
    assert "Palliasjon i kommunen (Et annet sted)" in page
