"""Regressions from the code review: out-of-range times, network links (shape, scope, kept on
edit), who manages an unlinked offering, bad professions, a huge person id, NaN numbers."""

from __future__ import annotations

from sqlalchemy import select

from app.courses.models import Course, CourseCompletion, Offering
from tests.courses.factories import make_course, make_offering
from tests.factories import make_admin, make_coordinator, make_network, make_person, network

NET = "innlandet-ressurssykepleiere"
VEST = "vest-fysio-ergo"
BODY = {"start": "2031-03-10T09:00", "end": "2031-03-11T15:00"}
FORM = {
    "start": "2031-03-10T09:00",
    "end": "2031-03-11T15:00",
    "location": "Hamar",
    "status": "published",
}


def test_offering_times_outside_the_calendar_are_422_and_refused_on_the_form(
    api, client, login, db
):
    admin = make_admin()
    crs = make_course()
    url = f"/api/v1/courses/{crs.key}/offerings"
    for field, value in [
        ("start", "0001-01-01T00:30"),
        ("end", "9999-12-31T23:00Z"),
        ("registration_deadline", "0001-01-01T00:30"),
    ]:
        response = api(admin).post(url, json={**BODY, field: value})
        assert response.status_code == 422, (field, value)
        assert field in response.get_json()["error"]["fields"]
    module = {"title": "M", "start": "0001-01-01T00:30", "end": "2031-03-10T15:00"}
    response = api(admin).post(url, json={**BODY, "modules": [module]})
    assert response.status_code == 422
    assert "modules.0.start" in response.get_json()["error"]["fields"]
    login(admin)
    page = client.post(
        f"/courses/{crs.key}/offerings/new", data={**FORM, "start": "0001-01-01T00:30"}
    )
    assert page.status_code == 200 and "Året må være mellom 1900 og 2200." in page.text
    assert not crs.offerings
    assert client.get("/courses/calendar.ics").status_code == 200


def test_networks_must_be_a_list_of_slugs_the_coordinator_manages(api, db):
    net = network(NET)
    coord = api(make_coordinator(net))
    crs = make_course()
    url = f"/api/v1/courses/{crs.key}/offerings"
    for bad in ([{}], [[NET]], [1], {"slug": NET}, NET):
        response = coord.post(url, json={**BODY, "networks": bad})
        assert response.status_code == 422, bad
        assert "networks" in response.get_json()["error"]["fields"]
    assert coord.post(url, json={**BODY, "networks": [VEST]}).status_code == 403
    created = coord.post(url, json={**BODY, "networks": [NET]})
    assert created.status_code == 201
    patch_url = f"/api/v1/offerings/{created.get_json()['id']}"
    assert coord.patch(patch_url, json={"networks": [{"a": 1}]}).status_code == 422
    assert coord.patch(patch_url, json={"networks": [VEST]}).status_code == 403
    # An admin links any network, but still only by slug.
    admin = api(make_admin())
    assert admin.patch(patch_url, json={"networks": [[VEST]]}).status_code == 422
    assert admin.patch(patch_url, json={"networks": [NET, VEST]}).status_code == 200


def test_editing_keeps_links_to_networks_the_editor_does_not_manage(api, client, login, db):
    inn, vest = network(NET), network(VEST)
    coord = make_coordinator(inn)
    offering = make_offering(networks=[inn, vest])
    response = api(coord).patch(
        f"/api/v1/offerings/{offering.id}", json={"networks": [NET], "location": "Gjøvik"}
    )
    assert response.status_code == 200
    db.session.refresh(offering)
    assert {n.slug for n in offering.networks} == {NET, VEST}
    login(coord)
    client.post(
        f"/courses/offerings/{offering.id}/edit",
        data={**FORM, "networks": [NET], "location": "Lillehammer"},
    )
    db.session.refresh(offering)
    assert offering.location == "Lillehammer"
    assert {n.slug for n in offering.networks} == {NET, VEST}


def test_an_unlinked_offering_is_managed_by_admins_only(api, client, login, db):
    coord = make_coordinator(network(NET))
    offering = make_offering(networks=[])
    assert api(coord).get(f"/api/v1/offerings/{offering.id}/registrations").status_code == 403
    assert (
        api(make_admin()).get(f"/api/v1/offerings/{offering.id}/registrations").status_code == 200
    )
    login(coord)
    assert client.get(f"/courses/offerings/{offering.id}/participants").status_code == 404
    # A coordinator who names no networks links the new offering to her own, and manages it.
    crs = make_course()
    created = api(coord).post(f"/api/v1/courses/{crs.key}/offerings", json=BODY)
    assert created.status_code == 201
    own = db.session.get(Offering, created.get_json()["id"])
    assert [n.slug for n in own.networks] == [NET]
    assert api(coord).get(f"/api/v1/offerings/{own.id}/registrations").status_code == 200


def test_professions_must_be_profession_keys(api, db):
    admin = api(make_admin())
    for bad in ([1], [{}], [None], [["nurse"]]):
        response = admin.post(
            "/api/v1/courses", json={"key": "kurs-med-yrker", "title": "K", "professions": bad}
        )
        assert response.status_code == 422, bad
        assert "professions" in response.get_json()["error"]["fields"]
    assert db.session.scalar(select(Course).where(Course.key == "kurs-med-yrker")) is None
    ok = admin.post(
        "/api/v1/courses", json={"key": "kurs-med-yrker", "title": "K", "professions": ["nurse"]}
    )
    assert ok.status_code == 201


def test_a_person_id_too_large_for_the_database_is_404(client, login, db):
    login(make_coordinator(make_network()))
    for value in ("99999999999999999999", "-1", "abc"):
        response = client.get(f"/courses/completions/new?person_id={value}")
        assert response.status_code == 404, value


def test_not_a_number_is_refused_on_the_course_forms(client, login, db):
    admin = make_admin()
    person = make_person()
    login(admin)
    for value in ("NaN", "sNaN", "Infinity", "-inf"):
        page = client.post(
            "/courses/new",
            data={"key": "nan-kurs", "title": "NaN-kurs", "level": "", "hours": value},
        )
        assert page.status_code == 200, value
        assert "Må være et tall." in page.text
        page = client.post(
            f"/courses/completions/new?person_id={person.id}",
            data={
                "course": "palliativ-medisin-teorikurs",
                "completed_on": "2025-01-10",
                "hours": value,
            },
        )
        assert page.status_code == 200, value
        assert "Må være et tall." in page.text
    assert db.session.scalar(select(Course).where(Course.key == "nan-kurs")) is None
    assert not db.session.scalars(
        select(CourseCompletion).where(CourseCompletion.person_id == person.id)
    ).all()
