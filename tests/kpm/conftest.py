"""KPM fixtures: doctors in the KPM network, their users, a supervisor."""

from __future__ import annotations

import datetime as dt

import pytest

from app.auth.models import Role
from app.extensions import db as _db
from app.kpm.models import SupervisorAssignment
from tests.factories import make_coordinator, make_membership, make_person, make_user, network


@pytest.fixture()
def kpm(db):
    """The seeded KPM network."""
    return network("kpm")


@pytest.fixture()
def doctor(kpm):
    """A doctor in the KPM network, with her own user."""
    person = make_person(profession="doctor", specialist_approved_on=dt.date(2020, 5, 1))
    make_membership(person, kpm, dt.date(2024, 1, 1))
    return person


@pytest.fixture()
def doctor_user(doctor):
    """The doctor's own sign-in."""
    return make_user(Role.resource_person, person=doctor)


@pytest.fixture()
def coordinator(kpm):
    """A coordinator of the KPM network."""
    return make_coordinator(kpm)


@pytest.fixture()
def supervisor(doctor):
    """A supervisor assigned to the doctor."""
    user = make_user(Role.supervisor)
    _db.session.add(SupervisorAssignment(supervisor_user_id=user.id, person_id=doctor.id))
    _db.session.flush()
    return user
