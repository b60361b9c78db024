"""Course pages: catalogue and filters, offering page with register/cancel and the waiting
list, "my courses", organiser pages (offering form with modules, participants, xlsx), courses
taken elsewhere and their verification, and the dashboard and person partials."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
from sqlalchemy import func, select

from app.core.types import utcnow
from app.courses.models import Course, CourseCompletion, Offering
from app.registrations.models import Registration, RegistrationStatus
from tests.factories import (
    course,
    make_admin,
    make_coordinator,
    make_course,
    make_membership,
    make_network,
    make_offering,
    make_person,
    make_user,
    network,
)


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    return match.group(1) if match else ""


def test_catalogue_filters_and_subscribe_link(client, db):
    make_offering(course("nff-fysioterapi-i-palliasjon"), days_ahead=20)
    page = client.get("/courses").get_data(as_text=True)
    assert "Teoretisk grunnkurs i onkologisk fysioterapi" in page
    assert "webcal://" in page and "/courses/calendar.ics" in page
    physio = client.get("/courses?profession=physiotherapist").get_data(as_text=True)
    doctors = client.get("/courses?profession=doctor").get_data(as_text=True)
    assert "Fysioterapi i palliasjon" in physio and "Fysioterapi i palliasjon" not in doctors
    assert "Teoretisk kurs i palliativ medisin" in doctors
    level_b = client.get("/courses?level=B").get_data(as_text=True)
    assert (
        "Teoretisk kurs i palliativ medisin" not in level_b
        and "Grunnkurs i lymfødembehandling" in level_b
    )
    upcoming = client.get("/courses?upcoming=1").get_data(as_text=True)
    assert (
        "Fysioterapi i palliasjon" in upcoming and "Grunnkurs i lymfødembehandling" not in upcoming
    )
    haukeland = client.get(
        "/courses?provider=Palliativt senter, Haukeland universitetssjukehus (Helse Bergen)"
    ).get_data(as_text=True)
    assert "Grunnkurs i palliasjon" in haukeland and "NFF" not in haukeland.split("<table")[1]
    assert client.get("/courses?level=%00&upcoming=x").status_code == 400  # NUL: clear 400
    assert client.get("/courses?level=zz&upcoming=x").status_code == 200


def test_register_waitlist_cancel_and_promotion_in_pages(client, login, db):
    offering = make_offering(capacity=1)
    first, second = make_user(), make_user()
    login(first)
    page = client.get(f"/courses/offerings/{offering.id}").get_data(as_text=True)
    assert "1 ledige av 1" in page
    response = client.post(
        f"/courses/offerings/{offering.id}/register",
        data={"csrf_token": _csrf(page)},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Du er påmeldt" in html and "Meld meg av" in html and "0 ledige av 1" in html
    login(second)
    page = client.get(f"/courses/offerings/{offering.id}").get_data(as_text=True)
    assert "Sett meg på venteliste" in page
    html = client.post(
        f"/courses/offerings/{offering.id}/register",
        data={"csrf_token": _csrf(page)},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "venteliste som nummer 1" in html
    mine = client.get("/courses/mine").get_data(as_text=True)
    assert offering.course.title in mine and "nr. 1 på ventelisten" in mine
    # The first cancels; the second is promoted and sees it on "my courses".
    login(first)
    reg = db.session.scalar(select(Registration).where(Registration.person_id == first.person_id))
    page = client.get(f"/courses/offerings/{offering.id}").get_data(as_text=True)
    html = client.post(
        f"/courses/registrations/{reg.id}/cancel",
        data={"csrf_token": _csrf(page), "confirmed": "yes"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Du er meldt av" in html
    login(second)
    mine = client.get("/courses/mine").get_data(as_text=True)
    assert "Påmeldt" in mine and "ventelisten" not in mine.split("Tidligere")[0].split("<h2")[1]
    # Someone else's registration cannot be cancelled by a stranger.
    other = db.session.scalar(
        select(Registration).where(Registration.person_id == second.person_id)
    )
    login(make_user())
    assert (
        client.post(
            f"/courses/registrations/{other.id}/cancel", data={"csrf_token": _csrf(page)}
        ).status_code
        == 404
    )


def test_post_without_csrf_is_refused(app, client, login, db):
    offering = make_offering()
    login(make_user())
    page = client.get(f"/courses/offerings/{offering.id}").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(f"/courses/offerings/{offering.id}/register").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert (
        db.session.scalar(select(Registration).where(Registration.offering_id == offering.id))
        is None
    )


def test_registration_closed_after_deadline(client, login, db):
    offering = make_offering(registration_deadline=utcnow() - dt.timedelta(hours=2))
    login(make_user())
    db.session.commit()
    page = client.get(f"/courses/offerings/{offering.id}").get_data(as_text=True)
    assert "Påmeldingen er stengt" in page and "Meld meg på" not in page
    html = client.post(
        f"/courses/offerings/{offering.id}/register",
        data={"csrf_token": _csrf(client.get("/courses").get_data(as_text=True)) or _csrf(page)},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "fristen er ute" in html


def test_coordinator_creates_offering_with_modules_and_errors_show(client, login, db):
    net = network("innlandet-ressurssykepleiere")
    login(make_coordinator(net))
    db.session.commit()  # the view rolls back on errors: keep the test's own data
    form_page = client.get("/courses/palliativ-medisin-teorikurs/offerings/new")
    assert form_page.status_code == 200
    token = _csrf(form_page.get_data(as_text=True))
    data = {
        "csrf_token": token,
        "start": "2027-01-11T09:00",
        "end": "2027-06-11T15:00",
        "location": "Trondheim",
        "capacity": "35",
        "registration_deadline": "2026-12-31T23:59",
        "status": "published",
        "networks": [net.slug],
        "modules-0-title": "Modul 1",
        "modules-0-start": "2027-01-11T09:00",
        "modules-0-end": "2027-01-15T15:00",
        "modules-0-location": "Trondheim",
        "modules-1-title": "Modul 2",
        "modules-1-start": "2027-08-01T09:00",
        "modules-1-end": "2027-08-02T15:00",
        "modules-1-location": "Bergen",
    }
    bad = client.post("/courses/palliativ-medisin-teorikurs/offerings/new", data=data)
    html = bad.get_data(as_text=True)
    assert bad.status_code == 200 and "innenfor kursets datoer" in html
    assert 'value="Bergen"' in html  # input kept
    negative = client.post(
        "/courses/palliativ-medisin-teorikurs/offerings/new", data={**data, "capacity": "-1"}
    )
    assert "Kan ikke være negativ" in negative.get_data(as_text=True)
    late_deadline = client.post(
        "/courses/palliativ-medisin-teorikurs/offerings/new",
        data={
            **data,
            "registration_deadline": "2027-02-01T09:00",
            "modules-1-start": "2027-03-30T09:00",
            "modules-1-end": "2027-04-01T15:00",
        },
    )
    assert "fristen kan ikke være etter start" in late_deadline.get_data(as_text=True)
    data.update({"modules-1-start": "2027-03-30T09:00", "modules-1-end": "2027-04-01T15:00"})
    ok = client.post("/courses/palliativ-medisin-teorikurs/offerings/new", data=data)
    assert "/courses/offerings/" in ok.headers["Location"]
    offering = db.session.scalar(select(Offering).order_by(Offering.id.desc()))
    assert [m.title for m in offering.modules] == ["Modul 1", "Modul 2"]
    assert offering.capacity == 35 and [n.slug for n in offering.networks] == [net.slug]
    # Editing keeps module ids and raises the revision.
    module_ids = [m.id for m in offering.modules]
    edit = client.get(f"/courses/offerings/{offering.id}/edit").get_data(as_text=True)
    assert 'value="Modul 2"' in edit
    client.post(f"/courses/offerings/{offering.id}/edit", data={**data, "location": "Levanger"})
    db.session.refresh(offering)
    assert offering.location == "Levanger" and offering.revision == 1
    assert [m.id for m in offering.modules] == module_ids
    # A resource person cannot reach the organiser pages.
    login(make_user())
    assert client.get(f"/courses/offerings/{offering.id}/edit").status_code == 404
    assert client.get("/courses/palliativ-medisin-teorikurs/offerings/new").status_code == 404


def test_catalogue_editing(client, login, db):
    login(make_admin())
    db.session.commit()
    token = _csrf(client.get("/courses/new").get_data(as_text=True))
    response = client.post(
        "/courses/new",
        data={
            "csrf_token": token,
            "key": "intro-innlandet",
            "title": "Introduksjonskurs",
            "provider": "Ressurssykepleienettverket",
            "level": "",
            "hours": "6",
            "professions": ["nurse"],
            "active": "y",
        },
    )
    assert response.headers["Location"].endswith("/courses/intro-innlandet")
    dup = client.post(
        "/courses/new",
        data={"csrf_token": token, "key": "intro-innlandet", "title": "X", "level": ""},
    )
    assert "allerede i bruk" in dup.get_data(as_text=True)
    client.post(
        "/courses/intro-innlandet/edit",
        data={
            "csrf_token": token,
            "key": "intro-innlandet",
            "title": "Basiskurs",
            "level": "B",
            "hours": "7",
            "active": "y",
        },
    )
    page = client.get("/courses/intro-innlandet").get_data(as_text=True)
    assert "Basiskurs" in page and "Alle yrker" in page


def test_participants_attendance_and_xlsx(client, login, db):
    net = network("innlandet-ressurssykepleiere")
    coordinator = make_coordinator(net)
    offering = make_offering(capacity=1, modules=[("Dag 1", 0, 1), ("Dag 2", 1, 1)], networks=[net])
    tricky = make_person(name="=1+1")
    make_membership(tricky, net)
    waiting = make_person(name="Venter Vemund")
    make_membership(waiting, net)
    login(coordinator)
    page = client.get(f"/courses/offerings/{offering.id}/participants").get_data(as_text=True)
    token = _csrf(page)
    for person in (tricky, waiting):
        client.post(
            f"/courses/offerings/{offering.id}/register-person",
            data={"csrf_token": token, "email": person.email},
        )
    reg = db.session.scalar(select(Registration).where(Registration.person_id == tricky.id))
    module_ids = [m.id for m in offering.modules]
    client.post(
        f"/courses/offerings/{offering.id}/participants",
        data={
            "csrf_token": token,
            f"status-{reg.id}": "completed",
            f"module-{reg.id}-{module_ids[0]}-shown": "1",
            f"module-{reg.id}-{module_ids[0]}": "1",
            f"module-{reg.id}-{module_ids[1]}-shown": "1",
        },
    )
    db.session.refresh(reg)
    assert reg.status is RegistrationStatus.completed
    page = client.get(f"/courses/offerings/{offering.id}/participants").get_data(as_text=True)
    assert "Venter Vemund" in page and "nr. 1" in page
    response = client.get(f"/courses/offerings/{offering.id}/participants.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == (
        "Navn",
        "Yrke",
        "Arbeidssted",
        "Kommune",
        "Status",
        "Plass på venteliste",
        "E-post",
    )
    assert rows[1][0] == "=1+1" and sheet["A2"].data_type == "s"
    assert rows[1][4] == "Fullført" and rows[1][7] == "Til stede" and rows[1][8] == "Fraværende"
    assert rows[2][0] == "Venter Vemund" and rows[2][5] == 1
    login(make_coordinator(network("vest-fysio-ergo")))
    assert client.get(f"/courses/offerings/{offering.id}/participants.xlsx").status_code == 404


def test_completion_form_and_verification(client, login, db):
    net = network("vest-fysio-ergo")
    user = make_user(person=make_person(profession="physiotherapist"))
    make_membership(user.person, net)
    login(user)
    db.session.commit()
    page = client.get("/courses/completions/new").get_data(as_text=True)
    assert "Verifisert av koordinator" not in page
    token = _csrf(page)
    bad = client.post(
        "/courses/completions/new",
        data={"csrf_token": token, "course": "nff-lymfodem-grunnkurs", "completed_on": "i fjor"},
    )
    assert bad.status_code == 200 and "error" in bad.get_data(as_text=True)
    ok = client.post(
        "/courses/completions/new",
        data={
            "csrf_token": token,
            "course": "nff-lymfodem-grunnkurs",
            "completed_on": "2025-04-01",
            "hours": "40",
            "verified": "1",
        },
        follow_redirects=True,
    )
    assert "Venter på koordinator" in ok.get_data(as_text=True)
    completion = db.session.scalar(
        select(CourseCompletion).where(CourseCompletion.person_id == user.person_id)
    )
    assert completion.verified is False
    login(make_coordinator(net))
    pending = client.get("/courses/completions/pending").get_data(as_text=True)
    assert user.person.name in pending
    client.post(f"/courses/completions/{completion.id}/verify", data={"csrf_token": token})
    db.session.refresh(completion)
    assert completion.verified is True
    after = client.get("/courses/completions/pending").get_data(as_text=True)
    assert "er verifisert" in after and user.person.name not in after.split("<table")[1]
    login(make_coordinator(network("kpm")))
    assert (
        client.post(
            f"/courses/completions/{completion.id}/verify", data={"csrf_token": token}
        ).status_code
        == 404
    )


def test_dashboard_and_person_partials(client, login, db):
    user = make_user()
    offering = make_offering(capacity=0)
    from app.registrations import operations as registrations

    registrations.register(offering, user.person)
    login(user)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert offering.course.title in dashboard and "nr. 1 på ventelisten" in dashboard
    person_page = client.get(f"/persons/{user.person_id}").get_data(as_text=True)
    assert "Kurs tatt andre steder" in person_page and offering.course.title in person_page


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


def test_admin_without_person_sees_no_own_registration_section(client, login, db):
    offering = make_offering()
    login(make_admin())
    page = client.get(f"/courses/offerings/{offering.id}").get_data(as_text=True)
    assert "ikke knyttet til en person" not in page and "Din påmelding" not in page
    login(make_user())
    assert "Din påmelding" in client.get(f"/courses/offerings/{offering.id}").get_data(as_text=True)


def test_catalogue_next_course_is_in_the_future_and_an_ongoing_one_says_so(client, db):
    crs = make_course(title="Seksmodulers kurs")
    started = make_offering(crs, days_ahead=-300, location="Oslo")
    started.end = utcnow() + dt.timedelta(days=40)
    db.session.flush()
    row = client.get("/courses?q=seksmodulers").get_data(as_text=True).split("<tbody>")[1]
    assert "Pågår, til" in row and "Oslo" not in row  # not sold as the next course
    make_offering(crs, days_ahead=60, location="Bergen")
    row = client.get("/courses?q=seksmodulers").get_data(as_text=True).split("<tbody>")[1]
    assert "Bergen" in row and "Pågår, til" in row


def test_module_rows_are_added_and_removed_without_saving(client, login, db):
    login(make_coordinator(network("innlandet-ressurssykepleiere")))
    url = "/courses/palliativ-medisin-teorikurs/offerings/new"
    before = db.session.scalar(select(func.count(Offering.id)))
    data = {"start": "2027-01-11T09:00", "end": "2027-06-11T15:00", "status": "published"}
    for i in range(6):  # the national course has six modules
        data[f"modules-{i}-title"] = f"Modul {i + 1}"
        page = client.post(url, data={**data, "action": "add-module"}).get_data(as_text=True)
        assert f'id="modules-{i + 1}-title"' in page and f'value="Modul {i + 1}"' in page
    page = client.post(url, data={**data, "action": "remove-module:0"}).get_data(as_text=True)
    assert 'value="Modul 1"' not in page and 'value="Modul 6"' in page
    assert "Modul 6" in page and 'value="2027-01-11T09:00"' in page  # nothing typed is lost
    assert db.session.scalar(select(func.count(Offering.id))) == before
