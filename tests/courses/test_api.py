"""The courses API of CONTRACT.md: catalogue, offerings with modules, registrations and the
waiting list, status changes, recorded completions; bad input is a clear 4xx, never a 500."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.auth.models import Role
from app.core.types import OSLO, utcnow
from app.courses.models import Course, Offering
from tests.factories import (
    course,
    make_admin,
    make_coordinator,
    make_course,
    make_membership,
    make_offering,
    make_person,
    make_user,
    network,
)


def _future(days: int, hour: int = 9) -> str:
    day = (utcnow() + dt.timedelta(days=days)).astimezone(OSLO).date()
    return f"{day.isoformat()}T{hour:02d}:00"


def test_seeded_catalogue_has_contract_keys(api, db):
    keys = {c["key"] for c in api(make_user()).get("/api/v1/courses").get_json()}
    assert {
        "nff-teoretisk-grunnkurs",
        "nff-lymfodem-grunnkurs",
        "nff-fysioterapi-i-palliasjon",
        "nff-kreft-og-fysisk-aktivitet",
        "grunnkurs-palliasjon-haukeland",
        "palliativ-medisin-teorikurs",
    } <= keys


def test_create_course_and_offering_with_modules(api, db):
    admin = api(make_admin())
    response = admin.post(
        "/api/v1/courses",
        json={
            "key": "testkurs-api",
            "title": "Testkurs",
            "level": "B",
            "hours": 12,
            "professions": ["nurse"],
        },
    )
    assert response.status_code == 201 and response.get_json()["id"]
    assert (
        admin.post("/api/v1/courses", json={"key": "testkurs-api", "title": "X"}).status_code == 409
    )
    assert (
        api(make_user()).post("/api/v1/courses", json={"key": "x", "title": "X"}).status_code == 403
    )

    body = {
        "start": "2026-01-12T09:00",
        "end": "2026-06-12T15:00",
        "location": "Trondheim",
        "capacity": 35,
        "registration_deadline": "2025-12-01T23:59",
        "modules": [
            {
                "title": "Modul 1",
                "start": "2026-01-12T09:00",
                "end": "2026-01-16T15:00",
                "location": "Trondheim",
            },
            {
                "title": "Modul 2",
                "start": "2026-03-30T09:00",
                "end": "2026-04-01T15:00",
                "location": "Bergen",
            },
        ],
    }
    created = admin.post("/api/v1/courses/testkurs-api/offerings", json=body)
    assert created.status_code == 201
    offering_id = created.get_json()["id"]
    shown = admin.get(f"/api/v1/offerings/{offering_id}").get_json()
    assert shown["start"] == "2026-01-12T09:00:00+01:00"
    # Across the change to summer time the wall time stays 09:00.
    assert shown["modules"][1]["start"] == "2026-03-30T09:00:00+02:00"
    assert shown["seats_left"] == 35 and shown["revision"] == 0


def test_offering_bad_input_is_422(api, db):
    admin = api(make_admin())
    path = f"/api/v1/courses/{make_course().key}/offerings"
    good = {"start": _future(30), "end": _future(32, 15)}
    cases = [
        ({**good, "registration_deadline": _future(31)}, "registration_deadline"),
        ({**good, "capacity": -3}, "capacity"),
        ({**good, "capacity": "mange"}, "capacity"),
        ({**good, "end": _future(29)}, "end"),
        ({**good, "start": "i morgen"}, "start"),
        ({"end": _future(32)}, "start"),
        (
            {**good, "modules": [{"title": "M", "start": _future(40), "end": _future(41)}]},
            "modules.0.start",
        ),
        ({**good, "modules": "alle"}, "modules"),
    ]
    for body, field in cases:
        response = admin.post(path, json=body)
        assert response.status_code == 422, (body, response.get_json())
        assert field in response.get_json()["error"]["fields"], (field, response.get_json())
    assert admin.post(path, data="ikke json").status_code == 400
    assert admin.post("/api/v1/courses/finnes-ikke/offerings", json=good).status_code == 404


def test_patch_offering_bumps_revision_and_cancels(api, db):
    coord_net = network("innlandet-ressurssykepleiere")
    coordinator = make_coordinator(coord_net)
    client = api(coordinator)
    created = client.post(
        f"/api/v1/courses/{make_course().key}/offerings",
        json={"start": _future(30), "end": _future(30, 16), "capacity": 5},
    ).get_json()
    assert created["networks"] == [coord_net.slug]  # linked to the coordinator's network
    patched = client.patch(f"/api/v1/offerings/{created['id']}", json={"location": "Gjøvik"})
    assert patched.status_code == 200 and patched.get_json()["revision"] == 1
    cancelled = client.patch(f"/api/v1/offerings/{created['id']}", json={"status": "cancelled"})
    assert cancelled.get_json()["status"] == "cancelled" and cancelled.get_json()["revision"] == 2
    bad = client.patch(f"/api/v1/offerings/{created['id']}", json={"status": "maybe"})
    assert bad.status_code == 422 and "status" in bad.get_json()["error"]["fields"]
    # A coordinator of another network cannot touch it.
    other = api(make_coordinator(network("vest-fysio-ergo")))
    assert (
        other.patch(f"/api/v1/offerings/{created['id']}", json={"location": "X"}).status_code == 404
    )


def test_waiting_list_order_and_promotion(api, db):
    offering = make_offering(capacity=2)
    admin = api(make_admin())
    people = [make_person() for _ in range(4)]
    statuses = []
    for person in people:
        response = admin.post(
            f"/api/v1/offerings/{offering.id}/registrations", json={"person_id": person.id}
        )
        assert response.status_code == 201
        statuses.append(response.get_json())
    assert [s["status"] for s in statuses] == [
        "registered",
        "registered",
        "waitlisted",
        "waitlisted",
    ]
    assert statuses[3]["position"] == 2
    listing = admin.get(f"/api/v1/offerings/{offering.id}/registrations").get_json()
    waiting = [r for r in listing if r["status"] == "waitlisted"]
    assert [(r["person_id"], r["position"]) for r in waiting] == [
        (people[2].id, 1),
        (people[3].id, 2),
    ]
    # Registering twice is a conflict.
    again = admin.post(
        f"/api/v1/offerings/{offering.id}/registrations", json={"person_id": people[0].id}
    )
    assert again.status_code == 409
    # Cancelling a seat promotes the first on the list at once.
    cancel = admin.patch(f"/api/v1/registrations/{statuses[0]['id']}", json={"status": "cancelled"})
    assert cancel.status_code == 200 and cancel.get_json()["status"] == "cancelled"
    listing = {
        r["person_id"]: r
        for r in admin.get(f"/api/v1/offerings/{offering.id}/registrations").get_json()
    }
    assert listing[people[2].id]["status"] == "registered"
    assert (
        listing[people[3].id]["status"] == "waitlisted" and listing[people[3].id]["position"] == 1
    )
    assert admin.get(f"/api/v1/offerings/{offering.id}").get_json()["seats_left"] == 0
    # Re-registering after cancelling reuses the row and joins the end of the list.
    back = admin.post(
        f"/api/v1/offerings/{offering.id}/registrations", json={"person_id": people[0].id}
    )
    assert back.status_code == 201 and back.get_json()["id"] == statuses[0]["id"]
    assert back.get_json()["status"] == "waitlisted" and back.get_json()["position"] == 2


def test_status_changes_attendance_and_errors(api, db):
    offering = make_offering(capacity=1)
    admin = api(make_admin())
    first = admin.post(
        f"/api/v1/offerings/{offering.id}/registrations", json={"person_id": make_person().id}
    ).get_json()
    second = admin.post(
        f"/api/v1/offerings/{offering.id}/registrations", json={"person_id": make_person().id}
    ).get_json()
    for status in ("attended", "completed", "no_show"):
        response = admin.patch(f"/api/v1/registrations/{first['id']}", json={"status": status})
        assert response.status_code == 200 and response.get_json()["status"] == status
    waitlisted = admin.patch(f"/api/v1/registrations/{second['id']}", json={"status": "completed"})
    assert waitlisted.status_code == 422
    bogus = admin.patch(f"/api/v1/registrations/{first['id']}", json={"status": "vet ikke"})
    assert bogus.status_code == 422 and "status" in bogus.get_json()["error"]["fields"]
    assert (
        admin.patch("/api/v1/registrations/999999", json={"status": "cancelled"}).status_code == 404
    )


def test_self_service_registration_rules(api, db):
    user = make_user()
    client = api(user)
    offering = make_offering(capacity=3)
    own = client.post(
        f"/api/v1/offerings/{offering.id}/registrations", json={"person_id": user.person_id}
    )
    assert own.status_code == 201 and own.get_json()["status"] == "registered"
    # Only themselves.
    someone = make_person()
    other = client.post(
        f"/api/v1/offerings/{offering.id}/registrations", json={"person_id": someone.id}
    )
    assert other.status_code in (403, 404)
    # The waiting list is for organisers.
    assert client.get(f"/api/v1/offerings/{offering.id}/registrations").status_code == 403
    # A resource person cannot record attendance but can cancel their own registration.
    reg_id = own.get_json()["id"]
    assert (
        client.patch(f"/api/v1/registrations/{reg_id}", json={"status": "completed"}).status_code
        == 403
    )
    assert (
        client.patch(f"/api/v1/registrations/{reg_id}", json={"status": "cancelled"}).status_code
        == 200
    )
    # After the deadline self-service is closed ...
    closed = make_offering(registration_deadline=utcnow() - dt.timedelta(hours=1))
    late = client.post(
        f"/api/v1/offerings/{closed.id}/registrations", json={"person_id": user.person_id}
    )
    assert late.status_code == 422 and "registration_deadline" in late.get_json()["error"]["fields"]
    # ... and a past offering too, but a coordinator may still catch up from a paper list.
    past = make_offering(days_ahead=-10, capacity=1)
    assert (
        client.post(
            f"/api/v1/offerings/{past.id}/registrations", json={"person_id": user.person_id}
        ).status_code
        == 422
    )
    admin = api(make_admin())
    caught = admin.post(
        f"/api/v1/offerings/{past.id}/registrations", json={"person_id": user.person_id}
    )
    assert caught.status_code == 201 and caught.get_json()["status"] == "registered"
    done = admin.patch(
        f"/api/v1/registrations/{caught.get_json()['id']}", json={"status": "completed"}
    )
    assert done.get_json()["status"] == "completed"
    # Capacity binds the organiser too.
    full = admin.post(
        f"/api/v1/offerings/{past.id}/registrations", json={"person_id": make_person().id}
    )
    assert full.get_json()["status"] == "waitlisted"
    # Cancelled offerings take no registrations.
    cancelled = make_offering()
    admin.patch(f"/api/v1/offerings/{cancelled.id}", json={"status": "cancelled"})
    refused = client.post(
        f"/api/v1/offerings/{cancelled.id}/registrations", json={"person_id": user.person_id}
    )
    assert refused.status_code == 422
    assert (
        client.post(
            f"/api/v1/offerings/{offering.id}/registrations", json={"person_id": "en"}
        ).status_code
        == 422
    )


def test_coordinator_registers_members_only(api, db):
    net = network("innlandet-ressurssykepleiere")
    coordinator = api(make_coordinator(net))
    member = make_person()
    make_membership(member, net)
    stranger = make_person()
    make_membership(stranger, network("vest-fysio-ergo"))
    offering = make_offering()
    assert (
        coordinator.post(
            f"/api/v1/offerings/{offering.id}/registrations", json={"person_id": member.id}
        ).status_code
        == 201
    )
    assert (
        coordinator.post(
            f"/api/v1/offerings/{offering.id}/registrations", json={"person_id": stranger.id}
        ).status_code
        == 404
    )


def test_recorded_completions(api, db):
    net = network("vest-fysio-ergo")
    user = make_user(person=make_person(profession="physiotherapist"))
    make_membership(user.person, net)
    own = api(user)
    path = f"/api/v1/persons/{user.person_id}/course-completions"
    body = {"course_key": "nff-teoretisk-grunnkurs", "completed_on": "2025-05-10", "hours": 40}
    response = own.post(path, json=body)
    assert response.status_code == 201 and response.get_json()["verified"] is False
    assert own.post(path, json={**body, "verified": True}).status_code == 403
    coordinator = api(make_coordinator(net))
    verified = coordinator.post(path, json={**body, "verified": True})
    assert verified.status_code == 201 and verified.get_json()["verified"] is True
    # Verifying the one the person recorded.
    vid = response.get_json()["id"]
    assert coordinator.post(f"/api/v1/course-completions/{vid}/verify").get_json()["verified"]
    bad = own.post(path, json={"course_key": "finnes-ikke", "completed_on": "2025-05-10"})
    assert bad.status_code == 422 and "course_key" in bad.get_json()["error"]["fields"]
    bad = own.post(
        path, json={"course_key": "nff-teoretisk-grunnkurs", "completed_on": "10.05.2025"}
    )
    assert bad.status_code == 422 and "completed_on" in bad.get_json()["error"]["fields"]
    bad = own.post(path, json={**body, "hours": -2})
    assert bad.status_code == 422 and "hours" in bad.get_json()["error"]["fields"]
    stranger = api(make_user())
    assert stranger.post(path, json=body).status_code == 404


def test_completions_count_for_progress(api, db):
    net = network("vest-fysio-ergo")
    person = make_person(profession="physiotherapist")
    make_membership(person, net, dt.date(2025, 1, 1))
    admin = api(make_user(Role.admin))
    for key in ("nff-teoretisk-grunnkurs", "nff-lymfodem-grunnkurs"):
        admin.post(
            f"/api/v1/persons/{person.id}/course-completions",
            json={"course_key": key, "completed_on": "2025-03-01", "verified": True},
        )
    past = make_offering(course("nff-fysioterapi-i-palliasjon"), days_ahead=-40)
    reg = admin.post(f"/api/v1/offerings/{past.id}/registrations", json={"person_id": person.id})
    admin.patch(f"/api/v1/registrations/{reg.get_json()['id']}", json={"status": "completed"})
    progress = admin.get(f"/api/v1/persons/{person.id}/progress").get_json()
    assert progress["plans"], progress
    course_reqs = [
        r
        for p in progress["plans"]
        for r in p["requirements"]
        if r["unit"] in ("count", "hours") and r["status"] == "met"
    ]
    assert course_reqs, progress
    assert db.session.get(Offering, past.id) is not None


def test_nul_bytes_and_odd_input_never_500(api, client, db):
    admin = api(make_admin())
    offering = make_offering()
    assert admin.get("/api/v1/courses/nff%00x").status_code == 404
    assert client.get("/courses/nff%00x").status_code == 404
    person = make_person()
    bad = admin.post(
        f"/api/v1/persons/{person.id}/course-completions",
        json={"course_key": "nff\x00", "completed_on": "2025-01-01"},
    )
    # NUL characters are refused for the whole app (app/core/security.py) with a clear 400.
    assert bad.status_code == 400
    bad = admin.patch(f"/api/v1/offerings/{offering.id}", json={"networks": ["a\x00b"]})
    assert bad.status_code == 400
    bad = admin.patch(f"/api/v1/offerings/{offering.id}", json={"location": "Ha\x00mar"})
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "bad_request"
    assert (
        admin.post("/api/v1/courses", json={"key": "ok-key", "title": ["liste"]}).status_code == 422
    )
    assert admin.patch(f"/api/v1/offerings/{offering.id}", json={"modules": [1]}).status_code == 422
    assert admin.post(f"/api/v1/offerings/{offering.id}/registrations", json=[]).status_code == 400
    assert (
        admin.post("/api/v1/offerings/99999/registrations", json={"person_id": 1}).status_code
        == 404
    )


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


def test_offering_patch_with_end_before_start_is_422(api, db):
    coordinator = make_coordinator(network("innlandet-ressurssykepleiere"))
    offering = make_offering(networks=[network("innlandet-ressurssykepleiere")])
    db.session.commit()
    before_end = offering.end.isoformat()
    response = api(coordinator).patch(
        f"/api/v1/offerings/{offering.id}",
        json={"end": (offering.start - dt.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 422
    assert "end" in response.get_json()["error"]["fields"]
    # with a capacity in the same body the answer is the same
    response = api(coordinator).patch(
        f"/api/v1/offerings/{offering.id}",
        json={"capacity": 5, "end": (offering.start - dt.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 422
    shown = api(coordinator).get(f"/api/v1/offerings/{offering.id}").get_json()
    assert dt.datetime.fromisoformat(shown["end"]) == dt.datetime.fromisoformat(before_end)
    assert shown["capacity"] == 10


def test_person_cannot_cancel_own_completed_registration(api, db):
    """A completion is the organiser's record: the person may not undo it (403)."""
    from app.auth.models import Role
    from app.registrations import operations as registrations
    from app.registrations.models import RegistrationStatus
    from tests.factories import make_offering, make_user

    offering = make_offering()
    user = make_user(Role.resource_person)
    registration = registrations.register(offering, user.person, override_deadline=True)
    registrations.set_status(registration, RegistrationStatus.completed.value)
    response = api(user).patch(
        f"/api/v1/registrations/{registration.id}", json={"status": "cancelled"}
    )
    assert response.status_code == 403
    assert registration.status is RegistrationStatus.completed
