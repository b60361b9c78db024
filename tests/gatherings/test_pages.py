"""Gathering pages: forms, registration with a leader, attendance, workbook, year view,
network and person partials, access."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from app.auth.models import Role
from app.gatherings.models import Gathering
from app.registrations.models import Registration
from tests.factories import (
    make_coordinator,
    make_gathering,
    make_membership,
    make_network,
    make_person,
    make_user,
    network,
    oslo,
)

NET = "innlandet-ressurssykepleiere"
FORM = {
    "kind": "theme_day",
    "title": "Temadag: ernæring i livets sluttfase",
    "start": "2030-06-03T09:00",
    "end": "2030-06-03T15:00",
    "location": "Gjøvik",
    "capacity": "30",
    "agenda": "09.00 Velkommen",
}


def test_coordinator_creates_edits_and_cancels_by_form(client, login, db):
    net = network(NET)
    login(make_coordinator(net))
    page = client.get(f"/networks/{NET}/gatherings/new")
    assert page.status_code == 200 and 'name="start"' in page.text
    response = client.post(f"/networks/{NET}/gatherings/new", data=FORM)
    gathering = db.session.scalar(db.select(Gathering).where(Gathering.title == FORM["title"]))
    assert response.headers["Location"].endswith(f"/gatherings/{gathering.id}")
    assert gathering.start == oslo(2030, 6, 3, 9)
    shown = client.get(f"/gatherings/{gathering.id}")
    assert "03.06.2030 kl. 09:00" in shown.text and "09.00 Velkommen" in shown.text

    bad = client.post(f"/gatherings/{gathering.id}/edit", data={**FORM, "end": "2030-06-03T08:00"})
    assert bad.status_code == 200 and "Slutt kan ikke være før start." in bad.text
    assert 'value="2030-06-03T08:00"' in bad.text  # the input is kept
    client.post(f"/gatherings/{gathering.id}/edit", data={**FORM, "title": "Endret tittel"})
    db.session.refresh(gathering)
    assert gathering.title == "Endret tittel" and gathering.revision == 1

    # Cancelling mails everyone registered: the page asks first, and nothing changes yet.
    asked = client.post(f"/gatherings/{gathering.id}/cancel")
    assert asked.status_code == 200 and "Er du sikker?" in asked.text
    assert f"Avlyse «{gathering.title}»?" in asked.text and 'name="confirmed"' in asked.text
    db.session.refresh(gathering)
    assert gathering.status.value == "planned"
    client.post(f"/gatherings/{gathering.id}/cancel", data={"confirmed": "yes"})
    db.session.refresh(gathering)
    assert gathering.status.value == "cancelled"
    assert "Avlyst" in client.get(f"/gatherings/{gathering.id}").text


def test_capacity_below_registered_is_refused_on_the_form(client, login, api, db):
    net = network(NET)
    coord = make_coordinator(net)
    gathering = make_gathering(net, capacity=5)
    for _ in range(2):
        api(coord).post(
            f"/api/v1/gatherings/{gathering.id}/registrations", json={"person_id": make_person().id}
        )
    login(coord)
    data = {**FORM, "start": "2030-05-14T09:00", "end": "2030-05-14T15:30", "capacity": "1"}
    response = client.post(f"/gatherings/{gathering.id}/edit", data=data)
    assert response.status_code == 200
    assert "lavere enn antall påmeldte (2)" in response.text


def test_other_networks_coordinator_and_resource_person_cannot_manage(client, login, db):
    gathering = make_gathering(network(NET))
    for user in (make_coordinator(make_network()), make_user(Role.resource_person)):
        login(user)
        assert client.get(f"/networks/{NET}/gatherings/new").status_code == 404
        assert client.get(f"/gatherings/{gathering.id}/edit").status_code == 404
        assert client.get(f"/gatherings/{gathering.id}/attendance").status_code == 404
        assert client.get(f"/gatherings/{gathering.id}/attendance.xlsx").status_code == 404
        assert client.post(f"/gatherings/{gathering.id}/cancel").status_code == 404
        page = client.get(f"/gatherings/{gathering.id}")
        assert page.status_code == 200 and "Registrer oppmøte" not in page.text


def test_resource_person_registers_with_leader_and_cancels(client, login, db):
    leader = make_person(name="Hanne Leder")
    user = make_user(Role.resource_person, person=make_person(name="Kari Nordmann", leader=leader))
    gathering = make_gathering(network(NET))
    login(user)
    page = client.get(f"/gatherings/{gathering.id}")
    assert "Ta med lederen min, Hanne Leder" in page.text
    client.post(f"/gatherings/{gathering.id}/register", data={"with_leader": "1"})
    regs = db.session.scalars(
        db.select(Registration).where(Registration.gathering_id == gathering.id)
    ).all()
    by_person = {r.person_id: r for r in regs}
    assert by_person[leader.id].companion_of_id == by_person[user.person_id].id
    page = client.get(f"/gatherings/{gathering.id}")
    assert "Meld meg av" in page.text and "Påmeldt" in page.text
    own = by_person[user.person_id]
    asked = client.post(f"/gatherings/{gathering.id}/registrations/{own.id}/cancel").text
    assert "Melde deg av" in asked
    client.post(
        f"/gatherings/{gathering.id}/registrations/{own.id}/cancel", data={"confirmed": "yes"}
    )
    db.session.refresh(own)
    db.session.refresh(by_person[leader.id])
    assert own.status.value == "cancelled" and by_person[leader.id].status.value == "cancelled"
    # Someone else's registration cannot be cancelled by a resource person.
    other = make_user(Role.resource_person)
    login(other)
    assert (
        client.post(f"/gatherings/{gathering.id}/registrations/{own.id}/cancel").status_code == 404
    )


def test_attendance_page_marks_whole_list(client, login, api, db):
    net = network(NET)
    coord = make_coordinator(net)
    leader = make_person(name="Hanne Leder")
    kari = make_person(name="Kari", leader=leader)
    ola = make_person(name="Ola")
    gathering = make_gathering(net, start=oslo(2025, 3, 4, 9), end=oslo(2025, 3, 4, 15))
    client_api = api(coord)
    client_api.post(
        f"/api/v1/gatherings/{gathering.id}/registrations",
        json={"person_id": kari.id, "with_leader": True},
    )
    client_api.post(f"/api/v1/gatherings/{gathering.id}/registrations", json={"person_id": ola.id})
    login(coord)
    page = client.get(f"/gatherings/{gathering.id}/attendance")
    assert page.status_code == 200
    regs = {
        r.person_id: r
        for r in db.session.scalars(
            db.select(Registration).where(Registration.gathering_id == gathering.id)
        )
    }
    # Everyone starts as present.
    for reg in regs.values():
        assert f'id="present-{reg.id}-yes" name="present-{reg.id}" value="yes" checked' in page.text
    assert "Leder" in page.text and "med Kari" in page.text
    data = {f"present-{r.id}": "yes" for r in regs.values()}
    data[f"present-{regs[ola.id].id}"] = "no"
    response = client.post(f"/gatherings/{gathering.id}/attendance", data=data)
    assert response.headers["Location"].endswith(f"/gatherings/{gathering.id}/attendance")
    for reg in regs.values():
        db.session.refresh(reg)
    assert regs[kari.id].attended is True and regs[leader.id].attended is True
    assert regs[ola.id].attended is False
    # The page now shows what was recorded.
    page = client.get(f"/gatherings/{gathering.id}/attendance")
    assert (
        f'id="present-{regs[ola.id].id}-no" name="present-{regs[ola.id].id}" value="no" checked'
        in page.text
    )
    # A missing choice is reported, nothing saved, no 500.
    missing = client.post(f"/gatherings/{gathering.id}/attendance", data={})
    assert missing.status_code == 200 and "Velg til stede eller fraværende" in missing.text

    # The persons' pages show the attendance history.
    login(make_user(Role.admin))
    assert "Til stede" in client.get(f"/persons/{kari.id}").text
    ola_page = client.get(f"/persons/{ola.id}").text
    assert gathering.title in ola_page and "Fraværende" in ola_page


def test_attendance_workbook_marks_leaders(client, login, api, db):
    net = network(NET)
    coord = make_coordinator(net)
    leader = make_person(name="Hanne Leder")
    kari = make_person(name="=Kari", leader=leader)
    gathering = make_gathering(net)
    api(coord).post(
        f"/api/v1/gatherings/{gathering.id}/registrations",
        json={"person_id": kari.id, "with_leader": True},
    )
    api(coord).post(
        f"/api/v1/gatherings/{gathering.id}/attendance",
        json={"person_id": kari.id, "attended": True},
    )
    login(coord)
    response = client.get(f"/gatherings/{gathering.id}/attendance.xlsx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Navn" and "Rolle" in rows[0]
    role = rows[0].index("Rolle")
    by_name = {r[0]: r for r in rows[1:]}
    assert set(by_name) == {"=Kari", "Hanne Leder"}  # a formula-like name stays text
    assert by_name["Hanne Leder"][role] == "Leder" and by_name["Hanne Leder"][role + 1] == "=Kari"
    present, came = rows[0].index("Oppmøte"), rows[0].index("Leder deltok")
    assert by_name["=Kari"][role] == "Deltaker" and by_name["=Kari"][present] == "Til stede"
    # The leader's own attendance is not marked yet: the column says she is registered.
    assert by_name["=Kari"][came] == "Leder påmeldt" and by_name["Hanne Leder"][came] is None
    api(coord).post(
        f"/api/v1/gatherings/{gathering.id}/attendance",
        json={"person_id": leader.id, "attended": False},
    )
    again = client.get(f"/gatherings/{gathering.id}/attendance.xlsx")
    sheet = load_workbook(io.BytesIO(again.data))
    kari_row = next(r for r in sheet.active.iter_rows(values_only=True) if r[0] == "=Kari")
    assert kari_row[came] == "Leder deltok ikke"


def test_network_page_has_subscribe_links_and_year_view(client, login, db):
    net = network(NET)
    make_gathering(net, title="Vårsamling", start=oslo(2030, 4, 10, 9), end=oslo(2030, 4, 10, 15))
    page = client.get(f"/networks/{NET}")
    assert f'href="webcal://localhost/networks/{NET}/calendar.ics"' in page.text
    assert f'href="http://localhost/networks/{NET}/calendar.ics"' in page.text
    assert "Vårsamling" in page.text
    year = client.get(f"/networks/{NET}/year?year=2030")
    assert year.status_code == 200
    april = year.text.split('id="m4"')[1].split('id="m5"')[0]
    assert "Vårsamling" in april and "Temadag" in april
    for bad in ("abc", "99999", ""):
        assert client.get(f"/networks/{NET}/year?year={bad}").status_code == 200


def test_personal_subscribe_link_only_for_self_and_admin(client, login, db):
    user = make_user(Role.resource_person)
    login(user)
    own = client.get(f"/persons/{user.person_id}").text
    assert f"webcal://localhost/calendar/{user.person.calendar_token}.ics" in own
    coord = make_coordinator(network(NET))
    login(coord)
    other = client.get(f"/persons/{user.person_id}")
    if other.status_code == 200:
        assert user.person.calendar_token not in other.text


def test_list_page_query_count_does_not_grow(client, db, count_queries):
    net = network(NET)

    def count() -> int:
        db.session.expire_all()  # the same starting point each time
        with count_queries() as counter:
            assert client.get("/gatherings").status_code == 200
        return counter.count

    for n in range(2):
        make_gathering(net, title=f"Samling {n}")
    two = count()
    for n in range(8):
        make_gathering(make_network(), title=f"Samling x{n}")
    assert count() == two
    page = client.get("/gatherings")
    assert "Samling x7" in page.text


def test_attendance_page_query_count_does_not_grow(client, login, api, db, count_queries):
    net = network(NET)
    coord = make_coordinator(net)
    gathering = make_gathering(net)

    def count() -> int:
        db.session.expire_all()  # the same starting point each time
        with count_queries() as counter:
            assert client.get(f"/gatherings/{gathering.id}/attendance").status_code == 200
        return counter.count

    def add(n: int) -> None:
        for _ in range(n):
            person = make_person(leader=make_person())
            api(coord).post(
                f"/api/v1/gatherings/{gathering.id}/registrations",
                json={"person_id": person.id, "with_leader": True},
            )

    add(1)
    login(coord)
    two = count()
    add(4)
    assert count() == two


def test_year_view_lists_linked_offerings_and_cancelled(client, db):
    from app.courses.models import Course, Offering

    net = network(NET)
    make_gathering(
        net,
        title="Avlyst samling",
        start=oslo(2030, 2, 3, 9),
        end=oslo(2030, 2, 3, 12),
        status="cancelled",
    )
    course = db.session.scalar(
        db.select(Course).where(Course.key == "grunnkurs-palliasjon-haukeland")
    )
    offering = Offering(course=course, start=oslo(2030, 9, 1, 9), end=oslo(2030, 9, 2, 15))
    offering.networks = [net]
    db.session.add(offering)
    db.session.flush()
    text = client.get(f"/networks/{NET}/year?year=2030").text
    february = text.split('id="m2"')[1].split('id="m3"')[0]
    assert "Avlyst samling" in february and "Avlyst" in february
    september = text.split('id="m9"')[1].split('id="m10"')[0]
    assert course.title in september and f"/courses/offerings/{offering.id}" in september


def test_dashboard_lists_my_upcoming_gatherings(client, login, api, db):
    user = make_user(Role.resource_person)
    net = network(NET)
    upcoming = make_gathering(net, title="Kommende temadag")
    past = make_gathering(
        net, title="Gammel samling", start=oslo(2024, 1, 9, 9), end=oslo(2024, 1, 9, 12)
    )
    coord = api(make_coordinator(net))
    for g in (upcoming, past):
        coord.post(f"/api/v1/gatherings/{g.id}/registrations", json={"person_id": user.person_id})
    login(user)
    text = client.get("/dashboard").text
    assert "Kommende temadag" in text and "Gammel samling" not in text


def test_garbage_on_the_form_is_an_error_not_a_500(client, login, db):
    login(make_coordinator(network(NET)))
    for field, value in [
        ("start", "i morgen"),
        ("capacity", "mange"),
        ("kind", "piknik"),
        ("online_url", "teams"),
    ]:
        response = client.post(f"/networks/{NET}/gatherings/new", data={**FORM, field: value})
        assert response.status_code == 200, field
        assert 'class="error"' in response.text, field


def test_network_feed_query_count_does_not_grow(client, db, count_queries):
    net = make_network()

    def count() -> int:
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get(f"/networks/{net.slug}/calendar.ics").status_code == 200
        return counter.count

    for n in range(2):
        make_gathering(net, title=f"Samling {n}")
    two = count()
    for n in range(8):
        make_gathering(net, title=f"Samling x{n}")
    assert count() == two


def test_a_coordinator_cannot_register_another_networks_member_by_email(client, login, db):
    net = network(NET)
    stranger = make_person(name="Olga Utenfor", email="olga.utenfor@example.no")
    make_membership(stranger, make_network())
    gathering = make_gathering(net)
    login(make_coordinator(net))
    response = client.post(
        f"/gatherings/{gathering.id}/register-person",
        data={"other-email": stranger.email},
        follow_redirects=True,
    )
    assert "Fant ingen person med e-posten olga.utenfor@example.no" in response.text
    assert "Olga Utenfor" not in response.text
    assert (
        db.session.scalar(db.select(Registration).where(Registration.person_id == stranger.id))
        is None
    )
    # Her own network's member is registered as before.
    member = make_person(name="Nina Innafor")
    make_membership(member, net)
    ok = client.post(
        f"/gatherings/{gathering.id}/register-person",
        data={"other-email": member.email},
        follow_redirects=True,
    )
    assert "Nina Innafor er påmeldt." in ok.text


def test_cancelling_on_the_page_also_cancels_the_leader(client, login, db):
    net = network(NET)
    leader = make_person()
    nurse = make_user(Role.resource_person, person=make_person(leader=leader))
    gathering = make_gathering(net)
    login(nurse)
    client.post(f"/gatherings/{gathering.id}/register", data={"with_leader": "1"})
    own = db.session.scalar(
        db.select(Registration).where(Registration.person_id == nurse.person_id)
    )
    client.post(
        f"/gatherings/{gathering.id}/registrations/{own.id}/cancel", data={"confirmed": "yes"}
    )
    rows = db.session.scalars(
        db.select(Registration).where(Registration.gathering_id == gathering.id)
    ).all()
    assert {r.person_id: r.status.value for r in rows} == {
        nurse.person_id: "cancelled",
        leader.id: "cancelled",
    }


def test_coordinator_without_person_sees_no_own_registration_section(client, login, db):
    gathering = make_gathering(network(NET))
    login(make_coordinator(network(NET)))
    page = client.get(f"/gatherings/{gathering.id}").text
    assert "ikke knyttet til en person" not in page
    assert "Din påmelding" not in page
    login(make_user(Role.resource_person, person=make_person(name="Kari Nordmann")))
    assert "Din påmelding" in client.get(f"/gatherings/{gathering.id}").text


def test_past_gatherings_are_held_not_planned_in_the_list(client, db):
    net = network(NET)
    make_gathering(net, title="Gammel samling", start=oslo(2024, 1, 9, 9), end=oslo(2024, 1, 9, 12))
    make_gathering(net, title="Kommende temadag")
    past = client.get(f"/gatherings?network={NET}&when=past").text.split("<tbody>")[1]
    assert "Gammel samling" in past and "Holdt" in past and "Planlagt" not in past
    coming = client.get(f"/gatherings?network={NET}").text.split("<tbody>")[1]
    assert "Kommende temadag" in coming and "Planlagt" in coming and "Holdt" not in coming
