"""The person pages: who may edit which fields of a person."""

from __future__ import annotations

import datetime as dt

from app.auth.models import Role
from tests.factories import (
    make_coordinator,
    make_membership,
    make_person,
    make_user,
    network,
)

SLUG = "innlandet-ressurssykepleiere"


def _form(person, **changes):
    data = {
        "name": person.name,
        "email": person.email,
        "profession": person.profession.key,
        "version": str(person.version),
    }
    data.update(changes)
    return data


def test_a_resource_person_cannot_change_her_progress_facts(client, login, db):
    person = make_person(profession="nurse", further_education=False)
    client = login(make_user(Role.resource_person, person=person))
    page = client.get(f"/persons/{person.id}/edit").get_data(as_text=True)
    assert 'name="profession"' not in page and 'name="further_education"' not in page
    assert 'name="specialist_approved_on"' not in page and "managed-facts" in page
    res = client.post(
        f"/persons/{person.id}/edit",
        data=_form(
            person,
            phone="12345678",
            profession="doctor",
            further_education="y",
            specialist_approved_on="2020-01-01",
        ),
    )
    assert res.status_code == 302, res.get_data(as_text=True)
    assert person.phone == "12345678"  # her other details are saved
    assert person.profession.key == "nurse"
    assert not person.further_education and person.specialist_approved_on is None


def test_a_coordinator_still_sets_the_progress_facts(client, login, db):
    net = network(SLUG)
    person = make_person(profession="nurse", further_education=False)
    make_membership(person, net, dt.date(2025, 1, 1))
    client = login(make_coordinator(net))
    assert 'name="further_education"' in client.get(f"/persons/{person.id}/edit").get_data(
        as_text=True
    )
    res = client.post(f"/persons/{person.id}/edit", data=_form(person, further_education="y"))
    assert res.status_code == 302
    assert person.further_education
