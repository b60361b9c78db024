"""Anonymising: identity and free text gone everywhere, counts that others depend on kept."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from app.auth.models import ApiToken, User
from app.core import audit
from app.core.models import AuditEntry
from app.extensions import db as _db
from app.gatherings.models import Gathering
from app.people.models import Person
from app.privacy.models import Anonymisation, ConsentEvent
from app.registrations.models import Registration
from tests import factories as f

OLD_NAME = "Ragnhild Gammelnavn"
OLD_EMAIL = "ragnhild.gammel@example.no"


def _workbook_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data), read_only=True)
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells.extend(str(v) for v in row if v is not None)
    return "\n".join(cells)


def _attended(gathering_id: int) -> int:
    return _db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.gathering_id == gathering_id, Registration.attended.is_(True)
        )
    )


def test_after_anonymising_nobody_finds_her_and_counts_stay(db, api, login, client, factories):
    net = f.network("innlandet-ressurssykepleiere")
    person = f.make_person(
        name=OLD_NAME,
        email=OLD_EMAIL,
        phone="41234567",
        hpr="7654321",
        notes="Privat notat",
        public_consent=True,
    )
    f.make_membership(person, net, start=dt.date(2024, 1, 1))
    user = f.make_user(person=person)
    staff = f.make_person(name="Stab Ansatt")
    staff.leader = person
    f.make_membership(staff, net, start=dt.date(2024, 1, 1))
    admin = f.make_admin()
    as_admin = api(admin)
    her_token = api(user)
    gathering = f.make_gathering(
        net, title="Fagdag om smerte", start=f.oslo(2025, 3, 1, 9), end=f.oslo(2025, 3, 1, 15)
    )
    for who in (person, staff):
        reg = as_admin.post(
            f"/api/v1/gatherings/{gathering.id}/registrations", json={"person_id": who.id}
        )
        assert reg.status_code == 201, reg.get_json()
        marked = as_admin.post(
            f"/api/v1/gatherings/{gathering.id}/attendance",
            json={"person_id": who.id, "attended": True},
        )
        assert marked.status_code in (200, 201), marked.get_json()
    f.make_hospitation(person, goals="Hemmelige mål", reflection="Hemmelig refleksjon")
    audit.log("test.mention", person, to=OLD_EMAIL, name=OLD_NAME)
    db.session.flush()
    seats_before = _db.session.get(Gathering, gathering.id).seats_taken
    attended_before = _attended(gathering.id)
    assert attended_before == 2

    login(admin)
    before = client.get(f"/persons?q={OLD_EMAIL}").get_data(as_text=True)
    assert f'href="/persons/{person.id}"' in before

    answer = as_admin.post(f"/api/v1/persons/{person.id}/anonymise")
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["name"] == f"Anonymisert person #{person.id}"

    _db.session.expire_all()
    # The rows others count stay: seats and attendance.
    assert _db.session.get(Gathering, gathering.id).seats_taken == seats_before
    assert _attended(gathering.id) == attended_before
    stored = _db.session.get(Person, person.id)
    assert (stored.phone, stored.hpr, stored.notes, stored.public_consent) == (
        None,
        None,
        None,
        False,
    )
    assert _db.session.get(Person, staff.id).leader_id is None
    # Her account is ended: sessions and tokens stop at once.
    account = _db.session.get(User, user.id)
    assert account.active is False and OLD_EMAIL not in account.email
    assert all(
        t.revoked for t in _db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id))
    )
    assert her_token.get(f"/api/v1/persons/{person.id}").status_code == 401
    # The consent log says she left the register; the audit log keeps the act, not the name.
    consents = _db.session.scalars(
        select(ConsentEvent).where(ConsentEvent.person_id == person.id)
    ).all()
    assert [c.given for c in consents] == [True, False]
    assert (
        _db.session.scalar(select(Anonymisation.reason).where(Anonymisation.person_id == person.id))
        == "admin"
    )
    details = " ".join(str(e.detail) for e in _db.session.scalars(select(AuditEntry)))
    assert OLD_NAME not in details and OLD_EMAIL not in details

    # Nowhere to be found: pages, the register, the API, workbooks, search.
    login(admin)
    texts = []
    for q in (OLD_NAME.split()[0], OLD_EMAIL):
        # The search box repeats what was typed; the results must not have her.
        found = client.get(f"/persons?q={q}").get_data(as_text=True)
        assert f'href="/persons/{person.id}"' not in found, q
    for path in (
        f"/persons/{person.id}",
        f"/persons/{staff.id}",
        f"/networks/{net.slug}",
        f"/gatherings/{gathering.id}",
        f"/gatherings/{gathering.id}/attendance",
        "/register",
        "/admin/audit",
        f"/persons/{person.id}/export",
    ):
        page = client.get(path)
        assert page.status_code == 200, path
        texts.append(page.get_data(as_text=True))
    for path in (
        f"/reports/overview.xlsx?network={net.slug}",
        f"/gatherings/{gathering.id}/attendance.xlsx",
    ):
        book = client.get(path)
        assert book.status_code == 200, path
        texts.append(_workbook_text(book.data))
    for path in (
        f"/api/v1/persons/{person.id}",
        f"/api/v1/gatherings/{gathering.id}/registrations",
        f"/api/v1/persons/{person.id}/export",
    ):
        texts.append(as_admin.get(path).get_data(as_text=True))
    everything = "\n".join(texts)
    assert f"Anonymisert person #{person.id}" in everything
    for secret in (
        OLD_NAME,
        "Gammelnavn",
        OLD_EMAIL,
        "41234567",
        "7654321",
        "Privat notat",
        "Hemmelige mål",
        "Hemmelig refleksjon",
    ):
        assert secret not in everything, secret
    # Attendance numbers on the page are unchanged too.
    assert "Stab Ansatt" in everything

    # Once is enough.
    assert as_admin.post(f"/api/v1/persons/{person.id}/anonymise").status_code == 409


def test_only_admins_anonymise(db, api, factories):
    net = f.network("innlandet-ressurssykepleiere")
    person = f.make_person()
    f.make_membership(person, net)
    assert (
        api(f.make_coordinator(net)).post(f"/api/v1/persons/{person.id}/anonymise").status_code
        == 403
    )
    own = f.make_user(person=f.make_person())
    assert api(own).post(f"/api/v1/persons/{own.person_id}/anonymise").status_code == 403
    assert api(f.make_admin()).post("/api/v1/persons/999999/anonymise").status_code == 404


def test_page_asks_first_naming_the_person(db, login, client, factories):
    person = f.make_person(name="Berit Bekreft", email="berit@example.no")
    admin = f.make_admin()
    login(admin)
    profile = client.get(f"/persons/{person.id}").get_data(as_text=True)
    assert "Anonymiser" in profile
    question = client.post(f"/persons/{person.id}/anonymise")
    assert question.status_code == 200
    text = question.get_data(as_text=True)
    assert "Berit Bekreft" in text and "berit@example.no" in text and "kan ikke angres" in text
    _db.session.expire_all()
    assert _db.session.get(Person, person.id).name == "Berit Bekreft"
    done = client.post(
        f"/persons/{person.id}/anonymise", data={"confirmed": "yes"}, follow_redirects=True
    )
    assert "Personen er anonymisert." in done.get_data(as_text=True)
    assert "Berit Bekreft" not in done.get_data(as_text=True)
    assert "Anonymiser</button>" not in done.get_data(as_text=True)


def test_an_admin_does_not_anonymise_herself(db, api, factories):
    admin = f.make_user("admin", with_person=True)
    answer = api(admin).post(f"/api/v1/persons/{admin.person_id}/anonymise")
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"] == {"person": "Du kan ikke anonymisere deg selv."}


def test_her_invitation_sign_up_mail_preferences_and_certificate_go(db, api, factories):
    from app.auth.models import Invitation, SignupRequest
    from app.core.models import OutboxMessage
    from app.courses.models import CourseCompletion
    from app.notifications import operations as notify
    from app.notifications.models import NotificationPreference

    net = f.network("innlandet-ressurssykepleiere")
    person = f.make_person(name=OLD_NAME, email=OLD_EMAIL)
    f.make_membership(person, net, start=dt.date(2024, 1, 1))
    other = f.make_person(name="Otto Blir", email="otto.blir@example.no")
    f.make_membership(other, net, start=dt.date(2024, 1, 1))
    admin = f.make_admin()
    as_admin = api(admin)
    for who in (person, other):
        sent = as_admin.post(f"/api/v1/persons/{who.id}/invitation")
        assert sent.status_code in (200, 201), sent.get_json()
    for name, email in ((OLD_NAME, OLD_EMAIL.upper()), ("Otto Blir", "otto.blir@example.no")):
        db.session.add(
            SignupRequest(network_id=net.id, name=name, email=email, profession_key="nurse")
        )
    notify.set_preference(OLD_EMAIL, "event_soon", False)
    notify.set_preference("otto.blir@example.no", "event_soon", False)
    course = f.free_text_completion(person, "Kurs med bevis", dt.date(2025, 5, 1))
    course.certificate, course.certificate_name = b"%PDF-1.4 Ragnhild", "ragnhild-bevis.pdf"
    course.certificate_type = "application/pdf"
    db.session.flush()

    def left(model, column, value):
        return _db.session.scalar(select(func.count()).select_from(model).where(column == value))

    assert left(Invitation, Invitation.person_id, person.id) == 1
    mail_to_her = OutboxMessage.recipients.contains(OLD_EMAIL)
    assert _db.session.scalar(select(func.count()).where(mail_to_her)) >= 1

    assert as_admin.post(f"/api/v1/persons/{person.id}/anonymise").status_code == 200

    _db.session.expire_all()
    assert left(Invitation, Invitation.person_id, person.id) == 0
    assert left(Invitation, Invitation.person_id, other.id) == 1
    names = set(_db.session.scalars(select(SignupRequest.name)))
    assert names == {"Otto Blir"}
    assert _db.session.scalar(select(func.count()).where(mail_to_her)) == 0
    assert _db.session.scalar(
        select(func.count()).where(OutboxMessage.recipients.contains("otto.blir@example.no"))
    ) >= 1
    addresses = set(_db.session.scalars(select(NotificationPreference.email)))
    assert addresses == {"otto.blir@example.no"}
    kept = _db.session.get(CourseCompletion, course.id)
    assert kept.completed_on == dt.date(2025, 5, 1)
    assert (kept.certificate, kept.certificate_name) == (None, None)
