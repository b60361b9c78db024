"""Batch loading of facts and progress: right facts, fixed number of queries."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db as _db
from app.networks.models import Membership
from app.people.models import Person
from app.progress import facts, reports
from app.registrations.models import Registration, RegistrationStatus
from app.reports.overview import Scope, build_overview
from tests import factories as ev
from tests.factories import make_membership, make_network, make_person, network
from tests.factories import network as seeded_network

D = dt.date


def _busy_person(i: int):
    """A nurse of Innlandet with evidence of every kind."""
    inn = network("innlandet-ressurssykepleiere")
    p = make_person(profession="nurse", further_education=bool(i % 2))
    make_membership(p, inn, D(2025, 1, 1))
    ev.completed_course(p, "niva-b-palliasjon-sykepleie", D(2025, 3, 1), D(2025, 3, 3))
    ev.recorded_course(p, "grunnkurs-palliasjon-haukeland", D(2025, 4, 1))
    ev.attended(p, inn, "theme_day", D(2026, 2, 1))
    ev.hospitation(p, 2, D(2025, 5, 1), D(2025, 5, 2))
    ev.service(p, "centre_with_beds", D(2025, 1, 1), D(2025, 6, 30), 50)
    ev.meeting(p, D(2025, 1, 15))
    ev.teaching(p, D(2025, 2, 1), 3)
    ev.document(p, "education_plan", D(2025, 2, 1))
    ev.attest(p, "kpm", "ferdigheter", "pleuradren", D(2025, 3, 1))
    return p


def test_facts_of_each_kind_are_loaded_and_dated(db):
    p = _busy_person(0)
    p.specialist_approved_on = D(2020, 5, 5)
    ev.recorded_course(p, "nscpm", D(2025, 6, 1), verified=False)  # unverified: not a fact
    ev.hospitation(p, 3, D(2025, 7, 1), status="planned")  # not completed: not a fact
    ev.attended(p, network("innlandet-ressurssykepleiere"), "fagdag", D(2026, 3, 1), came=False)
    f = facts.load_facts([p.id], D(2026, 6, 1))[p.id]
    assert f.profession == "nurse" and f.specialist_approved
    assert sorted((c.course_key, c.on, c.hours) for c in f.courses) == sorted(
        [
            (
                "niva-b-palliasjon-sykepleie",
                D(2025, 3, 3),
                ev.course("niva-b-palliasjon-sykepleie").hours,
            ),
            (
                "grunnkurs-palliasjon-haukeland",
                D(2025, 4, 1),
                ev.course("grunnkurs-palliasjon-haukeland").hours,
            ),
        ]
    )
    assert [(g.network, g.kind, g.on) for g in f.gatherings] == [
        ("innlandet-ressurssykepleiere", "theme_day", D(2026, 2, 1))
    ]
    assert [(h.days, h.on, h.has_goals) for h in f.hospitations] == [(2.0, D(2025, 5, 2), True)]
    assert len(f.service) == 1 and f.service[0].position_pct == 50
    assert [s.on for s in f.supervision] == [D(2025, 1, 15)]
    assert [t.hours for t in f.teaching] == [3]
    assert sorted(d.kind for d in f.documents) == ["education_plan", "specialist_approval"]
    assert [c.item_key for c in f.checklist] == ["pleuradren"]


def test_offering_end_late_evening_utc_is_the_oslo_day(db):
    p = make_person()
    reg = ev.completed_course(p, "nscpm", D(2025, 3, 1), D(2025, 3, 3))
    # 23:30 Oslo on 3 March is 22:30 UTC the same day; 00:30 Oslo on 4 March is 3 March UTC.
    reg.offering.end = dt.datetime(2025, 3, 4, 0, 30, tzinfo=ev.OSLO)
    db.session.flush()
    f = facts.load_facts([p.id], D(2025, 6, 1))[p.id]
    assert f.courses[0].on == D(2025, 3, 4)


def test_recorded_completion_without_hours_takes_the_course_hours(db):
    p = make_person(profession="physiotherapist")
    ev.recorded_course(p, "nff-teoretisk-grunnkurs", D(2025, 1, 1))
    ev.recorded_course(p, "nff-lymfodem-grunnkurs", D(2025, 2, 1), hours=7)
    f = facts.load_facts([p.id], D(2025, 6, 1))[p.id]
    hours = {c.course_key: c.hours for c in f.courses}
    assert hours["nff-teoretisk-grunnkurs"] == ev.course("nff-teoretisk-grunnkurs").hours
    assert hours["nff-lymfodem-grunnkurs"] == 7


def test_facts_loader_runs_a_fixed_number_of_queries(db, count_queries):
    few = [_busy_person(i).id for i in range(2)]
    many = [_busy_person(i).id for i in range(20)]
    db.session.expire_all()
    with count_queries() as q_few:
        loaded_few = facts.load_facts(few, D(2026, 6, 1))
    with count_queries() as q_many:
        loaded_many = facts.load_facts(many, D(2026, 6, 1))
    assert len(loaded_few) == 2 and len(loaded_many) == 20
    assert all(len(f.courses) == 2 for f in loaded_many.values())
    assert len(q_few) == len(q_many)


def test_progress_for_200_persons_runs_a_fixed_number_of_queries(db, count_queries):
    few = [_busy_person(i).id for i in range(2)]
    many = [_busy_person(i).id for i in range(200)]
    db.session.expire_all()
    on = D(2026, 6, 1)
    reports.progress_for_persons(few, on)  # the plans are kept per process from the first call
    with count_queries() as q_few:
        reports.progress_for_persons(few, on)
    with count_queries() as q_many:
        result = reports.progress_for_persons(many, on)
    assert len(q_few) == len(q_many)
    assert all(len(plans) == 1 for plans in result.values())


def test_memberships_only_active_ones_bring_their_plan(db):
    inn = network("innlandet-ressurssykepleiere")
    p = make_person()
    make_membership(p, inn, D(2023, 1, 1), D(2024, 12, 31))
    q = make_person()
    make_membership(q, inn, D(2025, 1, 1))
    r = make_person()
    make_membership(r, make_network(), D(2025, 1, 1))  # network without a plan
    got = facts.memberships([p.id, q.id, r.id], D(2025, 6, 1))
    assert list(got) == [q.id]
    assert got[q.id][0].plan.key == "innlandet-sykepleie"
    assert got[q.id][0].start == D(2025, 1, 1)
    assert facts.memberships([p.id], D(2024, 6, 1))[p.id][0].start == D(2023, 1, 1)


def test_overview_feed_gives_every_person_and_plan_in_batches(db):
    ids = [_busy_person(i).id for i in range(7)]
    on = D(2026, 6, 1)
    rows = list(reports.memberships_and_results(ids, on, batch=3))
    assert [pid for pid, _, _ in rows] == ids  # in the order asked for, batches and all
    whole = list(reports.memberships_and_results(ids, on))
    assert [(p, m.network_slug, r.to_json()) for p, m, r in rows] == [
        (p, m.network_slug, r.to_json()) for p, m, r in whole
    ]
    _, membership, result = rows[0]
    assert membership.plan.key == "innlandet-sykepleie" and membership.start == D(2025, 1, 1)
    keys = {r.key for r in result.requirements}
    assert keys == {"introduksjonskurs", "niva-b-kurs", "hospitering", "temadag"}
    # Limiting to a network gives the same persons; the scope's plans are that network's.
    inn = network("innlandet-ressurssykepleiere")
    scoped = list(reports.memberships_and_results(ids, on, network_ids=[inn.id]))
    assert len(scoped) == 7
    assert [p.key for p in reports.scope_plan_map(ids, on).values()] == ["innlandet-sykepleie"]
    assert db.session.scalar(select(Membership.id).where(Membership.person_id == ids[0]))


def test_overview_workbook_lists_persons_in_name_order_with_their_profession(db):
    ids = [_busy_person(i).id for i in range(7)]
    query = select(Person.id).where(Person.id.in_(ids))
    wb = load_workbook(build_overview(Scope("Utvalg", query, None), D(2026, 6, 1)))
    ws = wb.worksheets[0]  # the one plan of the scope comes first
    header = [c.value for c in ws[1]]
    body = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(body) == 7
    names = [str(row[0]).lower() for row in body]
    assert names == sorted(names)
    assert "Sykepleier" in [str(v) for v in body[0]], (header, body[0])


SLUG = "innlandet-ressurssykepleiere"


def test_only_attendance_recorded_true_counts(db):
    inn = seeded_network(SLUG)
    person = make_person()
    for status in (RegistrationStatus.attended, RegistrationStatus.completed):
        g = ev.gathering(inn, "theme_day", D(2025, 3, 1))
        _db.session.add(
            Registration(gathering_id=g.id, person_id=person.id, status=status, attended=None)
        )
    ev.attended(person, inn, "theme_day", D(2025, 4, 1))
    _db.session.flush()
    got = facts.load_facts([person.id], D(2026, 1, 1))[person.id]
    assert [g.on for g in got.gatherings] == [D(2025, 4, 1)]


def test_active_plans_kept_per_process_follow_a_change_to_the_plan(db):
    """The plans are kept while the plans stamp stands: an edit shows in the same
    transaction (before the commit renews the stamp) and after it."""
    inn = network("innlandet-ressurssykepleiere")
    first = min(inn.active_plan.requirements, key=lambda r: (r.position, r.id))
    assert facts.active_plans([inn.id])[inn.id].requirements[0].key == first.key
    first.title = "Ny tittel på kravet"
    db.session.flush()
    assert facts.active_plans([inn.id])[inn.id].requirements[0].title == "Ny tittel på kravet"
    db.session.commit()
    assert facts.active_plans([inn.id])[inn.id].requirements[0].title == "Ny tittel på kravet"
