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
