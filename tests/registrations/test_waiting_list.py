"""The shared registration operations: promotion e-mail over real SMTP, reactivation,
capacity changes, attendance, and gatherings using the same code."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.errors import ConflictError, DomainError
from app.core.types import utcnow
from app.courses import operations
from app.gatherings.models import Gathering, GatheringKind, GatheringStatus
from app.registrations import operations as registrations
from app.registrations import queries as registration_queries
from app.registrations.models import RegistrationStatus
from tests.factories import make_admin, make_offering, make_person, network


def test_promoted_person_gets_an_email(api, db, smtp_server):
    offering = make_offering(capacity=1)
    admin = api(make_admin())
    first = make_person(name="Først Påmeldt")
    second = make_person(name="Andre Venter", email="andre.venter@example.no")
    a = admin.post(f"/api/v1/offerings/{offering.id}/registrations", json={"person_id": first.id})
    b = admin.post(f"/api/v1/offerings/{offering.id}/registrations", json={"person_id": second.id})
    assert b.get_json()["status"] == "waitlisted"
    assert smtp_server.messages == []
    admin.patch(f"/api/v1/registrations/{a.get_json()['id']}", json={"status": "cancelled"})
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "andre.venter@example.no"
    assert offering.course.title in message["Subject"]
    assert "ventelisten" in message.get_payload(decode=True).decode()


def test_no_email_when_the_change_is_rolled_back(db, smtp_server):
    offering = make_offering(capacity=1)
    held = registrations.register(offering, make_person())
    registrations.register(offering, make_person())
    promoted = registrations.cancel(held)
    assert promoted is not None and promoted.status is RegistrationStatus.registered
    db.session.rollback()
    assert smtp_server.messages == []


def test_register_rules_directly(db):
    offering = make_offering(capacity=1)
    person = make_person()
    reg = registrations.register(offering, person)
    assert reg.status is RegistrationStatus.registered and offering.seats_taken == 1
    with pytest.raises(ConflictError):
        registrations.register(offering, person)
    assert registrations.cancel(reg) is None  # nobody waiting
    assert offering.seats_taken == 0
    again = registrations.register(offering, person)
    assert again.id == reg.id and again.status is RegistrationStatus.registered
    closed = make_offering(registration_deadline=utcnow() - dt.timedelta(minutes=1))
    with pytest.raises(DomainError) as error:
        registrations.register(closed, person)
    assert error.value.field == "registration_deadline"
    assert registrations.register(closed, person, override_deadline=True).status.value == (
        "registered"
    )


def test_raising_capacity_promotes_and_lowering_below_seats_is_refused(db):
    offering = make_offering(capacity=1)
    people = [make_person() for _ in range(3)]
    regs = [registrations.register(offering, p) for p in people]
    assert [r.status.value for r in regs] == ["registered", "waitlisted", "waitlisted"]
    operations.update_offering(offering, {"capacity": 2})
    assert [r.status.value for r in regs] == ["registered", "registered", "waitlisted"]
    assert offering.revision == 1
    with pytest.raises(DomainError) as error:
        operations.update_offering(offering, {"capacity": 1})
    assert error.value.field == "capacity"


def test_gatherings_use_the_same_waiting_list(db):
    gathering = Gathering(
        network=network("innlandet-ressurssykepleiere"),
        kind=GatheringKind.theme_day,
        title="Temadag",
        start=utcnow() + dt.timedelta(days=20),
        end=utcnow() + dt.timedelta(days=20, hours=6),
        capacity=1,
        seats_taken=0,
        status=GatheringStatus.planned,
        revision=0,
    )
    db.session.add(gathering)
    db.session.flush()
    first = registrations.register(gathering, make_person())
    leader = registrations.register(gathering, make_person(), companion_of=first)
    assert leader.status is RegistrationStatus.waitlisted and leader.companion_of_id == first.id
    rows = registration_queries.registrations_with_positions(gathering)
    assert [(r.id, p) for r, p in rows] == [(first.id, None), (leader.id, 1)]
    assert registration_queries.registration_to_json(leader, 1)["position"] == 1
    with pytest.raises(DomainError):
        registrations.set_attendance(leader, True)  # waiting, not registered
    registrations.set_attendance(first, True)
    assert first.attended is True and first.status is RegistrationStatus.attended
    other = registrations.register(gathering, make_person())
    assert other.status is RegistrationStatus.waitlisted
    promoted = registrations.cancel(first)
    # The leader came along with `first` and leaves with her; the next in line gets the seat.
    assert leader.status is RegistrationStatus.cancelled
    assert promoted is other and other.status is RegistrationStatus.registered
    gathering.status = GatheringStatus.cancelled
    with pytest.raises(DomainError):
        registrations.register(gathering, make_person())
