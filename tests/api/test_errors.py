"""Errors the JSON API gives for input the database cannot hold, across its resources."""

from __future__ import annotations

from tests.factories import (
    make_admin,
    make_gathering,
    make_offering,
    network,
)


def test_ids_and_numbers_too_large_for_the_database_are_404_or_422(api, db):
    admin = make_admin()
    offering = make_offering()
    gathering = make_gathering(network("innlandet-ressurssykepleiere"))
    db.session.commit()
    client = api(admin)
    assert client.get("/api/v1/persons/99999999999999999999999").status_code == 404
    huge = 10**30
    for path, body in (
        (f"/api/v1/offerings/{offering.id}/registrations", {"person_id": huge}),
        (f"/api/v1/gatherings/{gathering.id}/registrations", {"person_id": huge}),
        (f"/api/v1/gatherings/{gathering.id}/attendance", {"person_id": huge, "attended": True}),
        ("/api/v1/networks/kpm/members", {"person_id": huge, "start": "2025-01-01"}),
    ):
        response = client.post(path, json=body)
        assert response.status_code == 422, path
        assert response.get_json()["error"]["fields"] == {"person_id": "Tallet er for stort."}
    response = client.post(
        f"/api/v1/courses/{offering.course.key}/offerings",
        json={"start": "2031-03-10T09:00", "end": "2031-03-11T15:00", "capacity": "99999999999"},
    )
    assert response.status_code == 422
    assert "capacity" in response.get_json()["error"]["fields"]


def test_405_says_which_methods_are_allowed_on_json_and_html(client, api, db):
    response = api(make_admin()).delete("/api/v1/networks")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    page = client.put("/dashboard")
    assert page.status_code == 405 and "GET" in page.headers["Allow"]


def test_api_answers_are_not_cached_and_carry_the_security_headers(client, api, db):
    admin = make_admin()
    for response in (
        api(admin).get("/api/v1/networks"),
        api(admin).get("/api/v1/persons/999999"),  # an error answer too
        client.get("/api/v1/networks"),  # 401
    ):
        assert response.mimetype == "application/json"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_signed_in_pages_are_not_cached(client, login, db):
    login(make_admin())
    response = client.get("/dashboard")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_every_id_in_a_path_past_the_database_range_is_404_for_every_method(app, api, db):
    import re

    client = api(make_admin())
    tried = 0
    for rule in app.url_map.iter_rules():
        if "<int:" not in rule.rule:
            continue
        for big in (2**31, 2**63, 10**30):
            path = re.sub(r"<[^>]+>", "x", re.sub(r"<int:[^>]+>", str(big), rule.rule))
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = getattr(client, method.lower())(path)
                tried += 1
                assert response.status_code in (404, 302), (method, path, response.status_code)
    assert tried > 100
