"""Property tests: the API's progress equals the pure engine's over the same evidence, and
adding evidence never turns a met requirement back."""

from __future__ import annotations

import datetime as dt

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from app.extensions import db as _db  # noqa: E402
from app.kpm.models import (  # noqa: E402
    EducationSite,
    ServicePeriod,
    SiteApproval,
    SiteApprovalChange,
    SiteKind,
)
from app.kpm.rules import ApprovalChange, approval_spans  # noqa: E402
from app.progress import rules  # noqa: E402
from tests import factories as ev  # noqa: E402
from tests.factories import make_admin, make_membership, make_person, network  # noqa: E402

D = dt.date
LO, HI = D(2023, 1, 1), D(2026, 12, 31)
days = st.dates(min_value=LO, max_value=HI)
NURSE_COURSES = ["niva-b-palliasjon-sykepleie", "nscpm", "grunnkurs-palliasjon-haukeland"]
DOCTOR_COURSES = ["palliativ-medisin-teorikurs", "nscpm"]

course_ev = st.tuples(
    st.just("course"),
    st.sampled_from(NURSE_COURSES + DOCTOR_COURSES),
    days,
    st.sampled_from(["registration", "verified", "unverified"]),
)
gathering_ev = st.tuples(
    st.just("gathering"),
    st.sampled_from(["intro_course", "theme_day", "network_meeting", "fagdag"]),
    days,
    st.booleans(),  # cancelled
    st.booleans(),  # came
    st.booleans(),  # the leader came too (when the person has a leader)
)
hosp_ev = st.tuples(
    st.just("hosp"),
    st.integers(1, 3),
    days,
    st.booleans(),  # has end
    st.booleans(),  # goals
    st.sampled_from(["completed", "planned"]),
)
attested = st.booleans()  # recorded by the doctor herself and not attested yet, or attested
meeting_ev = st.tuples(st.just("meeting"), days, attested)
teaching_ev = st.tuples(st.just("teaching"), days, st.integers(1, 80), attested)
doc_ev = st.tuples(
    st.just("doc"),
    st.sampled_from(["education_plan", "research_project", "theory_course"]),
    days,
    attested,
)
check_ev = st.tuples(
    st.just("check"), st.sampled_from(["pleuradren", "sentralt-venekateter"]), days
)
period = st.tuples(
    st.sampled_from(["centre_with_beds", "centre_without_beds", "nursing_home_unit"]),
    st.integers(0, 60),  # gap before, days
    st.integers(20, 500),  # length, days
    st.sampled_from([20, 25, 30, 40, 50, 80, 100]),
    st.booleans(),
)
positive = st.one_of(course_ev, gathering_ev, hosp_ev, meeting_ev, teaching_ev, doc_ev, check_ev)


def store(person, net, item, facts: dict) -> None:
    """Insert one piece of evidence and add what CONTRACT says it means to ``facts``."""
    kind = item[0]
    if kind == "course":
        _, key, day, via = item
        if via == "registration":
            ev.completed_course(person, key, day - dt.timedelta(days=1), day)
        else:
            ev.recorded_course(person, key, day, verified=via == "verified")
        if via != "unverified":
            course = ev.course(key)
            facts["courses"].append(rules.CourseCompletion(key, course.level, course.hours, day))
    elif kind == "gathering":
        _, gkind, day, cancelled, came, leader_came = item
        g = ev.attended(person, net, gkind, day, cancelled=cancelled, came=came)
        with_leader = leader_came and person.leader is not None
        if with_leader:
            ev.db.session.add(
                ev.Registration(
                    gathering_id=g.id,
                    person_id=person.leader_id,
                    status=ev.RegistrationStatus.registered,
                    attended=True,
                )
            )
            ev.db.session.flush()
        if came:
            facts["gatherings"].append(
                rules.GatheringAttendance(
                    net.slug,
                    gkind,
                    day,
                    cancelled=cancelled,
                    hours=7.0,  # the factory's gatherings run 09-16
                    leader_attended=with_leader,
                )
            )
    elif kind == "hosp":
        _, n, start, has_end, goals, status = item
        end = start + dt.timedelta(days=n - 1) if has_end else None
        ev.hospitation(person, n, start, end, goals="Mål" if goals else None, status=status)
        if status == "completed":
            facts["hospitations"].append(rules.HospitationFact(n, end or start, goals))
    elif kind == "meeting":
        ev.meeting(person, item[1], attested=item[2])
        facts["supervision"].append(rules.SupervisionFact(item[1], item[2]))
    elif kind == "teaching":
        ev.teaching(person, item[1], item[2], attested=item[3])
        facts["teaching"].append(rules.TeachingFact(item[1], item[2], item[3]))
    elif kind == "doc":
        ev.document(person, item[1], item[2], attested=item[3])
        facts["documents"].append(rules.DocumentFact(item[1], item[2], item[3]))
    elif kind == "check":
        if any(c.item_key == item[1] for c in facts["checklist"]):
            return  # one attestation per item
        ev.attest(person, "kpm", "ferdigheter", item[1], item[2])
        facts["checklist"].append(rules.ChecklistFact("kpm", "ferdigheter", item[1], item[2]))


def expected(client, person, facts, profession, start, end, on, slug):
    """The pure engine's Progress object for the same evidence."""
    body = client.get(f"/api/v1/networks/{slug}").get_json()
    plan_json = next(p for p in body["plans"] if p["active"])
    plan = rules.Plan(
        network=slug,
        key=plan_json["key"],
        title=plan_json["title"],
        requirements=tuple(rules.Requirement.from_json(r) for r in plan_json["requirements"]),
    )
    pf = rules.PersonFacts(
        person_id=person.id,
        profession=profession,
        further_education=person.further_education,
        has_leader=person.leader_id is not None,
        specialist_approved=person.specialist_approved_on is not None,
        **{k: tuple(v) for k, v in facts.items()},
    )
    active = start <= on and (end is None or end >= on)
    plans = [rules.evaluate_plan(plan, pf, on, membership_start=start).to_json()] if active else []
    return {"person_id": person.id, "on": on.isoformat(), "plans": plans}


def empty_facts() -> dict:
    return {
        k: []
        for k in (
            "courses",
            "gatherings",
            "hospitations",
            "checklist",
            "service",
            "supervision",
            "teaching",
            "documents",
        )
    }


SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(
    items=st.lists(st.one_of(course_ev, gathering_ev, hosp_ev), max_size=8),
    start=days,
    end=st.one_of(st.none(), days),
    on=days,
    further=st.booleans(),
    has_leader=st.booleans(),
)
def test_api_progress_equals_the_engine_for_nurses(
    api, db, items, start, end, on, further, has_leader
):
    if end is not None and end < start:
        start, end = end, start
    client = api(make_admin())
    net = network("innlandet-ressurssykepleiere")
    leader = make_person(profession="nurse") if has_leader else None
    person = make_person(profession="nurse", further_education=further, leader=leader)
    make_membership(person, net, start, end)
    facts = empty_facts()
    for item in items:
        store(person, net, item, facts)
    got = client.get(f"/api/v1/persons/{person.id}/progress?on={on.isoformat()}").get_json()
    assert got == expected(client, person, facts, "nurse", start, end, on, net.slug)


@SETTINGS
@given(
    periods=st.lists(period, max_size=4),
    first=days,
    items=st.lists(st.one_of(meeting_ev, teaching_ev, doc_ev, check_ev, course_ev), max_size=10),
    on=days,
    approved_on=st.one_of(st.none(), days),
)
def test_api_progress_equals_the_engine_for_doctors(
    api, db, periods, first, items, on, approved_on
):
    client = api(make_admin())
    net = network("kpm")
    person = make_person(profession="doctor", specialist_approved_on=approved_on)
    make_membership(person, net, LO)
    facts = empty_facts()
    if approved_on:
        facts["documents"].append(rules.DocumentFact("specialist_approval", approved_on))
    day = first
    for kind, gap, length, pct, approved in periods:
        start = day + dt.timedelta(days=gap)
        end = start + dt.timedelta(days=length)
        ev.service(person, kind, start, end, pct, approved=approved)
        facts["service"].append(rules.ServicePeriodFact(kind, approved, start, end, pct))
        day = end + dt.timedelta(days=1)
    for item in items:
        store(person, net, item, facts)
    got = client.get(f"/api/v1/persons/{person.id}/progress?on={on.isoformat()}").get_json()
    assert got == expected(client, person, facts, "doctor", LO, None, on, net.slug)


@SETTINGS
@given(
    before=st.lists(positive, max_size=6),
    extra=st.lists(positive, min_size=1, max_size=3),
    profession=st.sampled_from(["nurse", "doctor"]),
    on=days,
)
def test_adding_evidence_never_turns_a_met_requirement_back(api, db, before, extra, profession, on):
    client = api(make_admin())
    slug = "kpm" if profession == "doctor" else "innlandet-ressurssykepleiere"
    net = network(slug)
    person = make_person(profession=profession)
    make_membership(person, net, LO)
    if profession == "doctor":
        ev.service(person, "centre_with_beds", D(2023, 2, 1), D(2025, 1, 31), 100)
    facts = empty_facts()
    for item in before:
        store(person, net, item, facts)
    url = f"/api/v1/persons/{person.id}/progress?on={on.isoformat()}"
    was = {r["key"]: r for r in client.get(url).get_json()["plans"][0]["requirements"]}
    for item in extra:
        store(person, net, item, facts)
    now = {r["key"]: r for r in client.get(url).get_json()["plans"][0]["requirements"]}
    for key, r in was.items():
        if r["status"] == "met":
            assert now[key]["status"] == "met", (key, r, now[key])
            assert now[key]["met_on"] <= r["met_on"]


site_change = st.tuples(
    st.sampled_from(["applied", "approved", "dispensation", "withdrawn"]),
    st.one_of(st.none(), days),  # approved_from
    st.one_of(st.none(), days),  # approved_until
    days,  # recorded on
)


@SETTINGS
@given(
    history=st.lists(site_change, min_size=1, max_size=4),
    kind=st.sampled_from(["centre_with_beds", "centre_without_beds"]),
    periods=st.lists(period, min_size=1, max_size=3),
    first=days,
    on=days,
)
def test_api_progress_equals_the_engine_for_periods_at_a_site(
    api, db, history, kind, periods, first, on
):
    client = api(make_admin())
    net = network("kpm")
    person = make_person(profession="doctor")
    make_membership(person, net, LO)
    history = sorted(history, key=lambda h: h[3])
    site = EducationSite(name="Senter", kind=SiteKind(kind), approval=SiteApproval(history[-1][0]))
    for approval, lo, hi, recorded in history:
        if lo and hi and hi < lo:
            lo, hi = hi, lo
        site.approvals.append(
            SiteApprovalChange(
                approval=SiteApproval(approval),
                approved_from=lo,
                approved_until=hi,
                recorded_on=recorded,
            )
        )
    _db.session.add(site)
    _db.session.flush()
    spans = approval_spans(
        ApprovalChange(c.approval.value, c.approved_from, c.approved_until, c.recorded_on)
        for c in site.approvals
    )
    facts = empty_facts()
    day = first
    for _kind, gap, length, pct, approved in periods:
        start = day + dt.timedelta(days=gap)
        end = start + dt.timedelta(days=length)
        _db.session.add(
            ServicePeriod(
                person_id=person.id,
                site_kind=SiteKind(kind),
                education_site_id=site.id,
                approved=approved,  # ignored at a site
                start=start,
                end=end,
                position_pct=pct,
            )
        )
        facts["service"].append(rules.ServicePeriodFact(kind, approved, start, end, pct, spans))
        day = end + dt.timedelta(days=1)
    _db.session.flush()
    got = client.get(f"/api/v1/persons/{person.id}/progress?on={on.isoformat()}").get_json()
    assert got == expected(client, person, facts, "doctor", LO, None, on, net.slug)
