"""Reads are batched: the catalogue, the participant list and "my courses" cost the same
number of queries for 2 rows as for 10."""

from __future__ import annotations

from app.courses import queries
from app.registrations import operations as registrations
from tests.factories import make_course, make_offering, make_person


def _participant_queries(db, count_queries, n: int) -> int:
    offering = make_offering(capacity=n // 2, modules=[("Dag 1", 0, 1), ("Dag 2", 1, 1)])
    for _ in range(n):
        registrations.register(offering, make_person())
    db.session.expire_all()
    with count_queries() as counter:
        rows = queries.participants(offering)
        headers, lines = queries.participant_sheet_rows(offering)
        assert len(rows) == n and len(lines) == n
        for row in rows:
            _ = (row.registration.person.name, row.registration.person.municipality)
    return counter.count


def test_participants_query_count_is_fixed(db, count_queries):
    assert _participant_queries(db, count_queries, 2) == _participant_queries(db, count_queries, 10)


def _mine_queries(db, count_queries, n: int) -> int:
    person = make_person()
    for _ in range(n):
        offering = make_offering(make_course(), capacity=0)
        registrations.register(offering, make_person())  # someone ahead on the list
        registrations.register(offering, person)
    db.session.expire_all()
    with count_queries() as counter:
        rows = queries.my_registrations(person.id)
        assert len(rows) == n and all(r.position == 2 for r in rows)
        for row in rows:
            _ = (row.offering.course.title, list(row.offering.modules))
    return counter.count


def test_my_courses_query_count_is_fixed(db, count_queries):
    assert _mine_queries(db, count_queries, 2) == _mine_queries(db, count_queries, 10)


def _catalogue_queries(db, count_queries, n: int) -> int:
    for _ in range(n):
        make_offering(make_course(provider="Telling"))
    db.session.expire_all()
    with count_queries() as counter:
        entries = queries.catalogue(queries.CatalogueFilters(provider="Telling"))
        assert len(entries) >= n
        for entry in entries:
            _ = ([p.key for p in entry.course.professions], entry.upcoming)
    return counter.count


def test_catalogue_query_count_is_fixed(db, count_queries):
    make_course(provider="Telling")
    assert _catalogue_queries(db, count_queries, 2) == _catalogue_queries(db, count_queries, 10)
