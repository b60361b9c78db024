"""The level-B seed data of seeds 003 and 004 (issue 17): the intro course with 6 hours and the
leader in both plans (also added to plans seeded before), the NFF series and the courses for
occupational therapists, the interdisciplinary courses, Helse Vest's (empty) hospitation plan."""

from __future__ import annotations

from sqlalchemy import select

from app.courses.models import Course
from app.extensions import db as _db
from app.hospitation.models import HospitationSite
from app.seed.reference import seed_reference
from tests.factories import network

PLANS = ("innlandet-ressurssykepleiere", "vest-fysio-ergo")


def _intro(slug):
    plan = network(slug).active_plan
    return next(r for r in plan.requirements if r.key == "introduksjonskurs")


def test_both_intro_courses_need_six_hours_with_the_leader(db):
    for slug in PLANS:
        params = _intro(slug).params
        assert params["gathering_kind"] == "intro_course"
        assert (params["min_hours"], params["with_leader"]) == (6, True)


def test_an_older_seeded_plan_gains_the_new_params_but_keeps_edits(db):
    old = _intro(PLANS[0])
    old.params = {"gathering_kind": "intro_course", "count": 1}  # as seeded before issue 17
    edited = _intro(PLANS[1])
    edited.params = {"gathering_kind": "intro_course", "count": 1, "min_hours": 4}
    _db.session.flush()
    seed_reference()
    seed_reference()  # idempotent
    _db.session.expire_all()
    assert _intro(PLANS[0]).params == {
        "gathering_kind": "intro_course",
        "count": 1,
        "min_hours": 6,
        "with_leader": True,
    }
    # A coordinator's 4 hours stay; only the missing with_leader is added.
    assert _intro(PLANS[1]).params["min_hours"] == 4
    assert _intro(PLANS[1]).params["with_leader"] is True


def _courses():
    return {c.key: c for c in _db.session.scalars(select(Course))}


def test_the_whole_nff_series_is_level_b_for_physiotherapists(db):
    courses = _courses()
    series = [k for k, c in courses.items() if c.provider == "Norsk Fysioterapeutforbund (NFF)"]
    assert len(series) == 7
    assert sum(courses[k].hours for k in series) == 192
    for key in series:
        assert courses[key].level == "B"
        assert [p.key for p in courses[key].professions] == ["physiotherapist"]
    unnamed = [courses[k].title for k in series if "diagnoserettet" in k]
    assert len(unnamed) == 3 and all("navn ikke oppgitt" in t for t in unnamed)
    for key in (
        "nff-teoretisk-grunnkurs",
        "nff-lymfodem-grunnkurs",
        "nff-fysioterapi-i-palliasjon",
        "nff-kreft-og-fysisk-aktivitet",
        "grunnkurs-palliasjon-haukeland",
        "palliativ-medisin-teorikurs",
    ):
        assert key in courses  # CONTRACT's reference keys


def test_courses_for_occupational_therapists_and_interdisciplinary_ones(db):
    courses = _courses()
    ot = [
        c for c in courses.values() if c.provider == "Norsk Ergoterapeutforbund" and c.level == "B"
    ]
    assert len(ot) == 4
    assert all([p.key for p in c.professions] == ["occupational_therapist"] for c in ot)
    for key in ("tverrfaglig-kurs-palliasjon", "konferanse-palliasjon", "fagkongress"):
        assert {p.key for p in courses[key].professions} == {
            "physiotherapist",
            "occupational_therapist",
        }
    # No nurse course is level B but the plan's own (the seed names no other).
    nurse_b = [
        k
        for k, c in courses.items()
        if c.level == "B" and "nurse" in {p.key for p in c.professions}
    ]
    assert nurse_b == ["niva-b-palliasjon-sykepleie"]


def test_helse_vest_hospitation_plan_is_empty_as_the_seed_lists_no_site(db):
    sites = _db.session.scalars(
        select(HospitationSite).where(HospitationSite.network_id == network(PLANS[1]).id)
    ).all()
    assert sites == []
