"""Reads are batched: the catalogue, the participant list and "my courses" cost the same
number of queries for 2 rows as for 10."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from app.courses import queries
from app.registrations import operations as registrations
from tests.courses.factories import make_course, make_offering
from tests.factories import make_person


@contextmanager
def count_queries(db):
    counter = {"n": 0}
    engine = db.session.get_bind()

    def before(*args, **kwargs):
        counter["n"] += 1

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _participant_queries(db, n: int) -> int:
    offering = make_offering(capacity=n // 2, modules=[("Dag 1", 0, 1), ("Dag 2", 1, 1)])
    for _ in range(n):
        registrations.register(offering, make_person())
    db.session.expire_all()
    with count_queries(db) as counter:
        rows = queries.participants(offering)
        headers, lines = queries.participant_sheet_rows(offering)
        assert len(rows) == n and len(lines) == n
        for row in rows:
            _ = (row.registration.person.name, row.registration.person.municipality)
    return counter["n"]


def test_participants_query_count_is_fixed(db):
    assert _participant_queries(db, 2) == _participant_queries(db, 10)


def _mine_queries(db, n: int) -> int:
    person = make_person()
    for _ in range(n):
        offering = make_offering(make_course(), capacity=0)
        registrations.register(offering, make_person())  # someone ahead on the list
        registrations.register(offering, person)
    db.session.expire_all()
    with count_queries(db) as counter:
        rows = queries.my_registrations(person.id)
        assert len(rows) == n and all(r.position == 2 for r in rows)
        for row in rows:
            _ = (row.offering.course.title, list(row.offering.modules))
    return counter["n"]


def test_my_courses_query_count_is_fixed(db):
    assert _mine_queries(db, 2) == _mine_queries(db, 10)


def _catalogue_queries(db, n: int) -> int:
    for _ in range(n):
        make_offering(make_course(provider="Telling"))
    db.session.expire_all()
    with count_queries(db) as counter:
        entries = queries.catalogue(queries.CatalogueFilters(provider="Telling"))
        assert len(entries) >= n
        for entry in entries:
            _ = ([p.key for p in entry.course.professions], entry.upcoming)
    return counter["n"]


def test_catalogue_query_count_is_fixed(db):
    make_course(provider="Telling")
    assert _catalogue_queries(db, 2) == _catalogue_queries(db, 10)
