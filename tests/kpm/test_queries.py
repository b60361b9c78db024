"""Batched reads: load_kpm_facts returns the engine's facts in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from app.extensions import db as _db
from app.kpm import operations
from app.kpm.queries import load_kpm_facts
from app.progress.rules import (
    ChecklistFact,
    DocumentFact,
    ServicePeriodFact,
    SupervisionFact,
    TeachingFact,
)
from tests.factories import make_person


def _doctor_with_records(n: int):
    person = make_person(profession="doctor", specialist_approved_on=dt.date(2019, 6, 1))
    operations.add_service_period(
        person,
        site_kind="centre_with_beds",
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 12, 31),
        position_pct=50,
        approved=True,
    )
    operations.add_meeting(person, date=dt.date(2024, 1, 10 + n % 10))
    operations.add_teaching(person, date=dt.date(2024, 2, 1), hours=2)
    operations.add_document(person, kind="education_plan", date=dt.date(2024, 2, 1))
    operations.attest_item(
        person,
        plan="kpm",
        requirement="ferdigheter",
        item="pleuradren",
        attested_on=dt.date(2024, 3, 1),
        attested_by="Veileder",
    )
    return person


def test_facts_of_one_doctor(db):
    person = _doctor_with_records(0)
    facts = load_kpm_facts([person.id])[person.id]
    assert facts["service"] == [
        ServicePeriodFact(
            "centre_with_beds", True, dt.date(2024, 1, 1), dt.date(2024, 12, 31), 50.0
        )
    ]
    # Recorded without an attester: they wait for attestation.
    assert facts["supervision"] == [SupervisionFact(dt.date(2024, 1, 10), attested=False)]
    assert facts["teaching"] == [TeachingFact(dt.date(2024, 2, 1), 2.0, attested=False)]
    assert set(facts["documents"]) == {
        DocumentFact("specialist_approval", dt.date(2019, 6, 1)),
        DocumentFact("education_plan", dt.date(2024, 2, 1), attested=False),
    }
    assert facts["checklist"] == [
        ChecklistFact("kpm", "ferdigheter", "pleuradren", dt.date(2024, 3, 1))
    ]


def test_persons_without_records_get_empty_lists(db):
    person = make_person(profession="nurse")
    assert load_kpm_facts([person.id]) == {
        person.id: {
            "service": [],
            "supervision": [],
            "teaching": [],
            "documents": [],
            "checklist": [],
        }
    }
    assert load_kpm_facts([]) == {}


def test_query_count_does_not_grow_with_persons(db, count_queries):
    few = [_doctor_with_records(i).id for i in range(2)]
    many = few + [_doctor_with_records(i).id for i in range(8)]
    _db.session.expire_all()
    with count_queries() as two:
        two_facts = load_kpm_facts(few)
    with count_queries() as ten:
        ten_facts = load_kpm_facts(many)
    assert len(two.selects) == len(ten.selects) <= 6
    assert len(two_facts) == 2 and len(ten_facts) == 10
    assert all(len(f["service"]) == 1 for f in ten_facts.values())
