"""Pure progress rules: requirement kinds, statuses, deadlines and service counting."""

from datetime import date, timedelta

import pytest

from app.progress.rules import (
    ChecklistFact,
    CourseCompletion,
    DocumentFact,
    GatheringAttendance,
    HospitationFact,
    PersonFacts,
    Plan,
    Requirement,
    ServicePeriodFact,
    SupervisionFact,
    TeachingFact,
    applies_to,
    check_service_overlap,
    evaluate,
    evaluate_plan,
    is_not_applicable,
    service_months,
)

D = date

KPM_SERVICE = {
    "months": 24,
    "site_kinds": {
        "centre_with_beds": {"max_months": 24, "min_months": 12, "min_pct": 50},
        "centre_without_beds": {"max_months": 12, "min_pct": 50},
        "nursing_home_unit": {"max_months": 12, "min_pct": 30},
    },
}


def req(kind, key="r", **kw):
    return Requirement.from_json({"key": key, "title": key.title(), "kind": kind, **kw})


def plan_of(*reqs, network="net", key="plan"):
    return Plan(network=network, key=key, title="Plan", requirements=tuple(reqs))


def person(**kw):
    kw.setdefault("profession", "nurse")
    return PersonFacts(person_id=1, **kw)


def run(requirement, facts, as_of, membership_start=None, plan=None):
    plan = plan or plan_of(requirement)
    return evaluate(requirement, facts, as_of, membership_start=membership_start, plan=plan)


def period(
    kind="centre_with_beds", start=D(2024, 1, 1), end=D(2025, 12, 31), pct=100, approved=True
):
    return ServicePeriodFact(kind, approved, start, end, pct)


# --------------------------------------------------------------------------- from_json


def test_from_json_defaults_and_round_trip():
    r = Requirement.from_json({"key": "k", "title": "T", "kind": "course"})
    assert (r.professions, r.mandatory, r.deadline_months, r.yearly) == ((), True, None, False)
    assert r.not_applicable_if is None and r.params == {}
    full = {
        "key": "hospitering",
        "title": "Hospitering",
        "kind": "hospitation",
        "professions": ["nurse"],
        "mandatory": True,
        "deadline_months": 12,
        "yearly": False,
        "not_applicable_if": {"further_education": True},
        "params": {"min_days": 2, "goals_required": True},
    }
    assert Requirement.from_json(full).to_json() == full


# --------------------------------------------------------------------------- service


@pytest.mark.parametrize(
    ("periods", "as_of", "total", "by_kind"),
    [
        ([period()], D(2026, 6, 1), 24.0, {"centre_with_beds": 24.0}),
        ([period(pct=50)], D(2026, 6, 1), 12.0, {"centre_with_beds": 12.0}),
        # cap per kind
        ([period("nursing_home_unit")], D(2026, 6, 1), 12.0, {"nursing_home_unit": 12.0}),
        (
            [period("centre_without_beds", end=D(2025, 6, 30))],
            D(2026, 6, 1),
            12.0,
            {"centre_without_beds": 12.0},
        ),
        ([period(end=D(2027, 12, 31))], D(2028, 1, 1), 24.0, {"centre_with_beds": 24.0}),
        # min_pct: below excluded, exactly the minimum counts
        ([period(pct=40)], D(2026, 6, 1), 0.0, {}),
        (
            [period("nursing_home_unit", end=D(2024, 12, 31), pct=30)],
            D(2026, 6, 1),
            3.6,
            {"nursing_home_unit": 3.6},
        ),
        ([period("nursing_home_unit", pct=29)], D(2026, 6, 1), 0.0, {}),
        # unapproved and unknown kinds excluded
        ([period(approved=False)], D(2026, 6, 1), 0.0, {}),
        ([period("hospital_ward")], D(2026, 6, 1), 0.0, {}),
        # only up to as_of; open end runs to as_of
        ([period()], D(2024, 6, 30), 6.0, {"centre_with_beds": 6.0}),
        ([period(end=None)], D(2024, 3, 31), 3.0, {"centre_with_beds": 3.0}),
        ([period(start=D(2024, 7, 1))], D(2024, 6, 30), 0.0, {}),
    ],
)
def test_service_months(periods, as_of, total, by_kind):
    got_total, got_by_kind = service_months(periods, KPM_SERVICE, as_of)
    assert got_total == pytest.approx(total)
    assert got_by_kind == pytest.approx(by_kind)


def test_service_24_months_met_on_last_day():
    r = req("service", params=KPM_SERVICE)
    res = run(r, person(service=(period(),)), D(2026, 11, 22))
    assert (res.status, res.done, res.needed, res.unit) == ("met", 24.0, 24.0, "months")
    assert res.met_on == D(2025, 12, 31)


def test_service_at_50_percent_counts_half():
    r = req("service", params=KPM_SERVICE)
    res = run(r, person(service=(period(pct=50),)), D(2026, 11, 22))
    assert (res.status, res.done) == ("in_progress", 12.0)
    assert res.to_json()["done"] == 12


def test_service_in_progress_shows_one_decimal():
    r = req("service", params=KPM_SERVICE)
    res = run(r, person(service=(period(),)), D(2025, 3, 15))
    assert res.status == "in_progress"
    assert res.to_json()["done"] == 14.5
    assert res.to_json()["needed"] == 24


@pytest.mark.parametrize(
    ("periods", "status", "met_on"),
    [
        # 24 months in total but none at a centre with beds: min_months not reached
        (
            [
                period("centre_without_beds", D(2024, 1, 1), D(2024, 12, 31)),
                period("nursing_home_unit", D(2025, 1, 1), D(2025, 12, 31)),
            ],
            "in_progress",
            None,
        ),
        (
            [
                period("centre_with_beds", D(2024, 1, 1), D(2024, 12, 31)),
                period("nursing_home_unit", D(2025, 1, 1), D(2025, 12, 31)),
            ],
            "met",
            D(2025, 12, 31),
        ),
        # the centre year comes last: met on its last day, not when 24 months are reached
        (
            [
                period("nursing_home_unit", D(2024, 1, 1), D(2024, 12, 31)),
                period("centre_without_beds", D(2025, 1, 1), D(2025, 12, 31)),
                period("centre_with_beds", D(2026, 1, 1), D(2026, 12, 31)),
            ],
            "met",
            D(2026, 12, 31),
        ),
        (
            [
                period("centre_with_beds", D(2024, 1, 1), D(2024, 11, 30)),
                period("nursing_home_unit", D(2025, 1, 1), D(2026, 12, 31)),
            ],
            "in_progress",
            None,
        ),
    ],
)
def test_service_min_months_for_centre_with_beds(periods, status, met_on):
    r = req("service", params=KPM_SERVICE)
    res = run(r, person(service=tuple(periods)), D(2027, 6, 1))
    assert (res.status, res.met_on) == (status, met_on)


@pytest.mark.parametrize(
    "periods",
    [
        [period(start=D(2024, 1, 31), end=D(2026, 3, 31), pct=100)],
        [period(start=D(2024, 1, 31), end=None, pct=80)],
        [
            period("nursing_home_unit", D(2023, 1, 31), D(2023, 12, 30), 30),
            period("centre_with_beds", D(2024, 1, 29), None, 60),
            period("centre_without_beds", D(2024, 5, 31), None, 40),
        ],
        [
            period(start=D(2024, 1, 31), end=D(2024, 2, 29)),
            period(start=D(2024, 3, 30), end=D(2026, 4, 30)),
        ],
        # clamped anchors make the literal count dip (12.07 on 29 Mar, 12.0 on 30 Mar):
        # the first day is 29 Mar 2025, before the last false-to-true switch (1 Apr)
        [
            period("centre_without_beds", D(2023, 1, 1), D(2023, 12, 29)),
            period("centre_with_beds", D(2024, 3, 31), None),
        ],
    ],
)
def test_service_met_on_is_the_first_day_by_linear_search(periods):
    def met(day):
        total, by_kind = service_months(periods, KPM_SERVICE, day)
        return total >= 24 - 1e-9 and by_kind.get("centre_with_beds", 0) >= 12 - 1e-9

    as_of = D(2028, 6, 1)
    day = min(p.start for p in periods)
    while not met(day):
        day += timedelta(days=1)
    res = run(req("service", params=KPM_SERVICE), person(service=tuple(periods)), as_of)
    assert res.status == "met"
    assert res.met_on == day
    if periods[-1].start == D(2024, 3, 31):
        assert day == D(2025, 3, 29)


@pytest.mark.parametrize(
    ("existing", "new", "expected"),
    [
        ([], period(pct=100), None),
        ([], period(pct=101), D(2024, 1, 1)),
        ([period(pct=50)], period(pct=50), None),
        ([period(pct=60)], period(pct=50), D(2024, 1, 1)),
        ([period(start=D(2024, 6, 1), end=D(2024, 8, 31), pct=60)], period(pct=50), D(2024, 6, 1)),
        ([period(start=D(2023, 1, 1), end=D(2023, 12, 31), pct=100)], period(pct=100), None),
        ([period(start=D(2023, 1, 1), end=D(2024, 1, 1), pct=100)], period(pct=10), D(2024, 1, 1)),
        # open ends run to the far future; the approved flag is irrelevant
        (
            [period(start=D(2020, 1, 1), end=None, pct=80, approved=False)],
            period(start=D(2030, 1, 1), end=None, pct=30),
            D(2030, 1, 1),
        ),
        (
            [
                period(end=D(2024, 3, 31), pct=50),
                period(start=D(2024, 4, 1), pct=50),
                period(start=D(2024, 9, 1), end=D(2024, 9, 30), pct=10),
            ],
            period(pct=50),
            D(2024, 9, 1),
        ),
    ],
)
def test_check_service_overlap(existing, new, expected):
    assert check_service_overlap(existing, new) == expected


# --------------------------------------------------------------------------- statuses


def test_evidence_after_as_of_is_ignored():
    r = req("course", params={"courses": ["a"], "match": "all"})
    facts = person(courses=(CourseCompletion("a", None, 6, D(2025, 6, 2)),))
    assert run(r, facts, D(2025, 6, 1)).status == "due"
    assert run(r, facts, D(2025, 6, 2)).status == "met"


@pytest.mark.parametrize(
    ("as_of", "status", "deadline"),
    [
        (D(2024, 2, 28), "due", D(2024, 2, 29)),
        (D(2024, 2, 29), "due", D(2024, 2, 29)),
        (D(2024, 3, 1), "overdue", D(2024, 2, 29)),
    ],
)
def test_deadline_31_jan_plus_one_month(as_of, status, deadline):
    r = req("hospitation", deadline_months=1, params={"min_days": 2})
    res = run(r, person(), as_of, membership_start=D(2024, 1, 31))
    assert (res.status, res.deadline) == (status, deadline)
    assert res.to_json()["deadline"] == deadline.isoformat()


def test_partial_progress_past_deadline_is_overdue():
    r = req("hospitation", deadline_months=12, params={"min_days": 2})
    facts = person(hospitations=(HospitationFact(1, D(2024, 6, 1), True),))
    assert run(r, facts, D(2024, 12, 1), membership_start=D(2024, 1, 1)).status == "in_progress"
    assert run(r, facts, D(2025, 1, 2), membership_start=D(2024, 1, 1)).status == "overdue"


@pytest.mark.parametrize(
    ("met_day", "late"),
    [(D(2025, 1, 1), False), (D(2025, 1, 2), True)],
)
def test_late_flag(met_day, late):
    r = req("hospitation", deadline_months=12, params={"min_days": 2})
    facts = person(hospitations=(HospitationFact(2, met_day, True),))
    res = run(r, facts, D(2026, 1, 1), membership_start=D(2024, 1, 1))
    assert (res.status, res.met_on, res.late) == ("met", met_day, late)
    assert ("late" in res.to_json()) is late
    if late:
        assert res.to_json()["late"] is True


def test_no_deadline_without_membership_start():
    r = req("hospitation", deadline_months=1)
    res = run(r, person(), D(2030, 1, 1))
    assert (res.status, res.deadline) == ("due", None)


@pytest.mark.parametrize(
    ("as_of", "status", "done"),
    [
        (D(2025, 12, 31), "met", 1),
        (D(2026, 3, 1), "due", 0),
        (D(2026, 9, 10), "met", 1),
        (D(2026, 9, 9), "due", 0),
    ],
)
def test_yearly_counts_only_the_current_year(as_of, status, done):
    r = req(
        "gathering",
        yearly=True,
        deadline_months=1,
        mandatory=True,
        params={"gathering_kind": "theme_day"},
    )
    facts = person(
        gatherings=(
            GatheringAttendance("net", "theme_day", D(2025, 5, 1)),
            GatheringAttendance("net", "theme_day", D(2026, 9, 10)),
        )
    )
    res = run(r, facts, as_of, membership_start=D(2020, 1, 1))
    assert (res.status, res.done, res.deadline) == (status, done, None)


def test_yearly_in_progress_with_partial_evidence():
    r = req("gathering", yearly=True, params={"gathering_kind": "fagdag", "count": 2})
    facts = person(gatherings=(GatheringAttendance("net", "fagdag", D(2026, 2, 1)),))
    assert run(r, facts, D(2026, 6, 1)).status == "in_progress"


@pytest.mark.parametrize(
    ("condition", "facts_kw", "expected"),
    [
        ({"further_education": True}, {"further_education": True}, True),
        ({"further_education": True}, {"further_education": False}, False),
        ({"specialist_approved": False}, {"specialist_approved": False}, True),
        ({"profession": "doctor"}, {"profession": "doctor"}, True),
        ({"has_course": True}, {"facts_flags": {"has_course": True}}, True),
        ({"has_course": True}, {}, False),
        (
            {"further_education": True, "profession": "nurse"},
            {"further_education": True, "profession": "doctor"},
            False,
        ),
        (None, {"further_education": True}, False),
    ],
)
def test_is_not_applicable(condition, facts_kw, expected):
    r = req("course", not_applicable_if=condition, params={"level": "B"})
    assert is_not_applicable(r, person(**facts_kw)) is expected


def test_not_applicable_via_further_education():
    r = req(
        "course",
        deadline_months=12,
        not_applicable_if={"further_education": True},
        params={"level": "B"},
    )
    res = run(r, person(further_education=True), D(2030, 1, 1), membership_start=D(2024, 1, 1))
    assert res.status == "not_applicable"
    assert run(r, person(), D(2030, 1, 1), membership_start=D(2024, 1, 1)).status == "overdue"


@pytest.mark.parametrize(
    ("professions", "profession", "expected"),
    [
        ((), "nurse", True),
        ((), None, True),
        (("nurse",), "nurse", True),
        (("physiotherapist", "occupational_therapist"), "nurse", False),
        (("nurse",), None, False),
    ],
)
def test_applies_to(professions, profession, expected):
    r = Requirement(key="k", title="K", kind="course", professions=professions)
    assert applies_to(r, profession) is expected


def test_plan_leaves_out_other_professions_and_judges_completeness():
    hosp = req("hospitation", key="hosp", professions=["nurse"], params={"min_days": 2})
    physio = req("course", key="nff", professions=["physiotherapist"], params={"courses": ["x"]})
    yearly = req("gathering", key="tema", yearly=True, params={"gathering_kind": "theme_day"})
    optional = req("document", key="doc", mandatory=False, params={"document": "x"})
    na = req(
        "course", key="levelb", not_applicable_if={"further_education": True}, params={"level": "B"}
    )
    plan = plan_of(hosp, physio, yearly, optional, na)
    facts = person(further_education=True, hospitations=(HospitationFact(2, D(2025, 1, 10), True),))
    result = evaluate_plan(plan, facts, D(2025, 6, 1), membership_start=D(2024, 1, 1))
    assert [r.key for r in result.requirements] == ["hosp", "tema", "doc", "levelb"]
    assert result.complete is True
    assert evaluate_plan(plan, person(further_education=True), D(2025, 6, 1)).complete is False
    body = result.to_json()
    assert set(body) == {"network", "plan", "title", "complete", "requirements"}
    assert (body["network"], body["plan"], body["complete"]) == ("net", "plan", True)
    assert body["requirements"][0] == {
        "key": "hosp",
        "title": "Hosp",
        "status": "met",
        "mandatory": True,
        "done": 2,
        "needed": 2,
        "unit": "days",
        "deadline": None,
        "met_on": "2025-01-10",
    }


def test_unknown_kind_is_due():
    res = run(req("telepathy"), person(), D(2025, 1, 1))
    assert (res.status, res.needed, res.done) == ("due", 1, 0)


# --------------------------------------------------------------------------- course


COURSES = (
    CourseCompletion("nff-teoretisk-grunnkurs", "B", 37.5, D(2024, 3, 1)),
    CourseCompletion("nff-lymfodem-grunnkurs", "B", None, D(2024, 6, 1)),
    CourseCompletion("intro", None, 3, D(2024, 2, 1)),
    CourseCompletion("intro", None, 3, D(2025, 2, 1)),
    CourseCompletion("intro", None, 3, D(2025, 2, 1)),  # same completion recorded twice
)
NFF3 = ["nff-teoretisk-grunnkurs", "nff-lymfodem-grunnkurs", "nff-fysioterapi-i-palliasjon"]


@pytest.mark.parametrize(
    ("params", "status", "done", "needed", "unit", "met_on"),
    [
        ({"courses": NFF3, "match": "all"}, "in_progress", 2, 3, "count", None),
        ({"courses": NFF3[:2], "match": "all"}, "met", 2, 2, "count", D(2024, 6, 1)),
        ({"courses": NFF3, "match": "any"}, "met", 2, 1, "count", D(2024, 3, 1)),
        ({"courses": ["other"], "match": "any"}, "due", 0, 1, "count", None),
        ({"level": "B"}, "met", 2, 1, "count", D(2024, 3, 1)),
        ({"level": "C"}, "due", 0, 1, "count", None),
        ({}, "met", 3, 1, "count", D(2024, 2, 1)),
        ({"courses": ["intro"], "min_hours": 6}, "met", 6, 6, "hours", D(2025, 2, 1)),
        ({"courses": ["intro"], "min_hours": 7}, "in_progress", 6, 7, "hours", None),
        (
            {"courses": NFF3, "match": "any", "min_hours": 40},
            "in_progress",
            37.5,
            40,
            "hours",
            None,
        ),
    ],
)
def test_course(params, status, done, needed, unit, met_on):
    res = run(req("course", params=params), person(courses=COURSES), D(2025, 6, 1))
    assert (res.status, res.done, res.needed, res.unit, res.met_on) == (
        status,
        done,
        needed,
        unit,
        met_on,
    )


# --------------------------------------------------------------------------- gathering


@pytest.mark.parametrize(
    ("attendance", "status", "done"),
    [
        ([GatheringAttendance("net", "intro_course", D(2024, 5, 1))], "met", 1),
        ([GatheringAttendance("net", "intro_course", D(2024, 5, 1), cancelled=True)], "due", 0),
        ([GatheringAttendance("other-net", "intro_course", D(2024, 5, 1))], "due", 0),
        ([GatheringAttendance("net", "theme_day", D(2024, 5, 1))], "due", 0),
    ],
)
def test_gathering(attendance, status, done):
    r = req("gathering", params={"gathering_kind": "intro_course"})
    res = run(r, person(gatherings=tuple(attendance)), D(2025, 1, 1))
    assert (res.status, res.done, res.needed, res.unit) == (status, done, 1, "count")


def test_gathering_count_met_on_second_attendance():
    r = req("gathering", params={"gathering_kind": "network_meeting", "count": 2})
    facts = person(
        gatherings=(
            GatheringAttendance("net", "network_meeting", D(2024, 9, 1)),
            GatheringAttendance("net", "network_meeting", D(2024, 3, 1)),
        )
    )
    res = run(r, facts, D(2025, 1, 1))
    assert (res.status, res.met_on, res.done) == ("met", D(2024, 9, 1), 2)


# --------------------------------------------------------------------------- hospitation


@pytest.mark.parametrize(
    ("hosps", "goals_required", "status", "done", "met_on"),
    [
        (
            [HospitationFact(1, D(2024, 2, 1), True), HospitationFact(1, D(2024, 4, 1), True)],
            True,
            "met",
            2,
            D(2024, 4, 1),
        ),
        ([HospitationFact(2, D(2024, 2, 1), False)], True, "due", 0, None),
        ([HospitationFact(2, D(2024, 2, 1), False)], False, "met", 2, D(2024, 2, 1)),
        ([HospitationFact(2, D(2024, 2, 1), True, completed=False)], True, "due", 0, None),
        ([HospitationFact(1.5, D(2024, 2, 1), True)], True, "in_progress", 1.5, None),
    ],
)
def test_hospitation(hosps, goals_required, status, done, met_on):
    r = req("hospitation", params={"min_days": 2, "goals_required": goals_required})
    res = run(r, person(hospitations=tuple(hosps)), D(2025, 1, 1))
    assert (res.status, res.done, res.needed, res.unit, res.met_on) == (
        status,
        done,
        2,
        "days",
        met_on,
    )


# --------------------------------------------------------------------------- checklist


def test_checklist_counts_distinct_items_of_this_plan_and_requirement():
    items = [{"key": "a", "title": "A"}, {"key": "b", "title": "B"}, {"key": "c", "title": "C"}]
    r = req("checklist", key="skills", params={"items": items, "attested_by": "supervisor"})
    plan = plan_of(r, key="kpm")
    facts = person(
        checklist=(
            ChecklistFact("kpm", "skills", "a", D(2024, 1, 1)),
            ChecklistFact("kpm", "skills", "a", D(2024, 2, 1)),
            ChecklistFact("kpm", "skills", "b", D(2024, 3, 1)),
            ChecklistFact("other", "skills", "c", D(2024, 3, 1)),
            ChecklistFact("kpm", "other", "c", D(2024, 3, 1)),
            ChecklistFact("kpm", "skills", "zzz", D(2024, 3, 1)),
        )
    )
    res = run(r, facts, D(2025, 1, 1), plan=plan)
    assert (res.status, res.done, res.needed, res.unit) == ("in_progress", 2, 3, "items")
    more = facts.checklist + (ChecklistFact("kpm", "skills", "c", D(2024, 5, 5)),)
    res = run(r, person(checklist=more), D(2025, 1, 1), plan=plan)
    assert (res.status, res.met_on) == ("met", D(2024, 5, 5))


# --------------------------------------------------------------------------- document


def test_document():
    r = req("document", params={"document": "education_plan"})
    facts = person(
        documents=(
            DocumentFact("research_project", D(2024, 1, 1)),
            DocumentFact("education_plan", D(2024, 4, 1)),
        )
    )
    assert run(r, facts, D(2024, 3, 31)).status == "due"
    res = run(r, facts, D(2024, 4, 1))
    assert (res.status, res.met_on, res.unit) == ("met", D(2024, 4, 1), "count")


# --------------------------------------------------------------------------- supervision


SERVICE_REQ = req("service", key="klinisk-tjeneste", params=KPM_SERVICE)
SUPERVISION_REQ = req(
    "supervision", key="veiledning", params={"first_within_days": 31, "max_gap_days": 31}
)
TEACHING_REQ = req("teaching", key="undervisning", params={"hours_per_year_full_time": 72})
KPM_PLAN = plan_of(SERVICE_REQ, SUPERVISION_REQ, TEACHING_REQ, network="kpm", key="kpm")


def monthly(start, months, day=1):
    return tuple(
        SupervisionFact(
            date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, day)
        )
        for i in range(months)
    )


def supervise(meetings, as_of, periods=(period(),)):
    facts = person(profession="doctor", service=tuple(periods), supervision=tuple(meetings))
    return run(SUPERVISION_REQ, facts, as_of, plan=KPM_PLAN)


@pytest.mark.parametrize(
    ("meetings", "as_of", "status"),
    [
        ((), D(2023, 12, 1), "due"),
        ((), D(2024, 2, 1), "in_progress"),  # 31 days after start: still in time
        ((), D(2024, 2, 2), "overdue"),
        ((SupervisionFact(D(2024, 2, 1)),), D(2024, 2, 20), "in_progress"),
        ((SupervisionFact(D(2024, 2, 2)),), D(2024, 2, 20), "overdue"),  # first meeting late
        (monthly(D(2024, 1, 1), 24, day=20), D(2026, 6, 1), "met"),
        (monthly(D(2024, 1, 1), 12, day=20), D(2024, 12, 31), "in_progress"),
        (monthly(D(2024, 1, 1), 12, day=20), D(2025, 1, 20), "in_progress"),
        (monthly(D(2024, 1, 1), 12, day=20), D(2025, 1, 21), "overdue"),  # open gap of 32 days
        # one month missed in the middle
        (
            tuple(m for m in monthly(D(2024, 1, 1), 24, day=20) if m.on != D(2024, 6, 20)),
            D(2026, 6, 1),
            "overdue",
        ),
    ],
)
def test_supervision(meetings, as_of, status):
    assert supervise(meetings, as_of).status == status


def test_supervision_met_on_is_service_met_on_and_done_counts_meetings():
    res = supervise(monthly(D(2024, 1, 1), 24, day=20), D(2026, 6, 1))
    assert (res.met_on, res.done, res.unit) == (D(2025, 12, 31), 24, "count")


def test_supervision_gap_counts_only_days_in_service():
    # A three-month break between two periods is not a gap in supervision.
    periods = (
        period(start=D(2024, 1, 1), end=D(2024, 12, 31)),
        period(start=D(2025, 4, 1), end=D(2026, 3, 31)),
    )
    meetings = monthly(D(2024, 1, 1), 12, day=20) + monthly(D(2025, 4, 1), 12, day=10)
    assert supervise(meetings, D(2026, 6, 1), periods).status == "met"
    # ... but the open gap only counts up to the end of the last period.
    assert supervise(meetings[:-1], D(2026, 6, 1), periods).status == "overdue"


def test_supervision_ignores_uncounted_service():
    res = supervise((), D(2024, 6, 1), (period(pct=20),))
    assert res.status == "due"


# --------------------------------------------------------------------------- teaching


def teach(hours, as_of, periods=(period(),)):
    facts = person(profession="doctor", service=tuple(periods), teaching=tuple(hours))
    return run(TEACHING_REQ, facts, as_of, plan=KPM_PLAN)


@pytest.mark.parametrize(
    ("hours", "as_of", "status", "done", "needed", "met_on"),
    [
        ([TeachingFact(D(2025, 6, 1), 144)], D(2026, 1, 1), "met", 144, 144, D(2025, 12, 31)),
        ([TeachingFact(D(2025, 6, 1), 143)], D(2026, 1, 1), "in_progress", 143, 144, None),
        (
            [TeachingFact(D(2025, 6, 1), 100), TeachingFact(D(2026, 2, 1), 44)],
            D(2026, 3, 1),
            "met",
            144,
            144,
            D(2026, 2, 1),
        ),
        ([TeachingFact(D(2024, 6, 1), 144)], D(2024, 12, 31), "in_progress", 144, 72, None),
        ([], D(2024, 3, 31), "due", 0, 18, None),
    ],
)
def test_teaching(hours, as_of, status, done, needed, met_on):
    res = teach(hours, as_of)
    assert (res.status, res.done, res.needed, res.unit, res.met_on) == (
        status,
        done,
        needed,
        "hours",
        met_on,
    )


def test_teaching_at_half_position_needs_half():
    res = teach([TeachingFact(D(2025, 6, 1), 72)], D(2026, 1, 1), (period(pct=50),))
    assert (res.needed, res.status) == (72, "in_progress")  # service (12 of 24) not met


KPM_SERVICE_TWO_KINDS = {
    "months": 24,
    "site_kinds": {
        "centre_with_beds": {"max_months": 24, "min_months": 12, "min_pct": 50},
        "centre_without_beds": {"max_months": 12, "min_pct": 50},
    },
}


def kpm_req(kind, key="r", **kw):
    return Requirement.from_json({"key": key, "title": key, "kind": kind, **kw})


SERVICE = kpm_req("service", key="tjeneste", params=KPM_SERVICE_TWO_KINDS)


def kpm_run(requirement, as_of, **facts_kw):
    plan = Plan(network="kpm", key="kpm", title="KPM", requirements=(SERVICE, requirement))
    person = PersonFacts(person_id=1, profession="doctor", **facts_kw)
    return evaluate(requirement, person, as_of, plan=plan)


def test_a_stored_plan_with_a_huge_number_still_evaluates():
    for params in ({"hours_per_year_full_time": 10**400}, {"hours_per_year_full_time": "inf"}):
        res = kpm_run(kpm_req("teaching", params=params), D(2026, 1, 1))
        assert res.needed == 0 and res.status == "due"  # falls back to the default rate
    sup = kpm_req("supervision", params={"first_within_days": 10**400, "max_gap_days": 0})
    assert kpm_run(sup, D(2026, 1, 1)).status == "due"


TEACHING = kpm_req("teaching", key="undervisning", params={"hours_per_year_full_time": 72})


TWO_YEARS = ServicePeriodFact("centre_with_beds", True, D(2024, 1, 1), D(2025, 12, 31), 100)


MORE = ServicePeriodFact("centre_without_beds", True, D(2026, 1, 1), D(2026, 12, 31), 100)


def test_teaching_need_is_capped_with_the_service_months():
    hours = (TeachingFact(D(2025, 6, 1), 144),)
    met = kpm_run(TEACHING, D(2025, 12, 31), service=(TWO_YEARS, MORE), teaching=hours)
    assert (met.status, met.needed, met.met_on) == ("met", 144, D(2025, 12, 31))
    # A month more of service: the need stays at 72 h × 24 months / 12 (CONTRACT), so a
    # doctor ready on 31 December is still ready on 1 January and a month later.
    for day in (D(2026, 1, 1), D(2026, 1, 31), D(2026, 12, 31)):
        later = kpm_run(TEACHING, day, service=(TWO_YEARS, MORE), teaching=hours)
        assert (later.status, later.done, later.needed, later.met_on) == (
            "met",
            144,
            144,
            D(2025, 12, 31),
        )


def test_teaching_need_follows_the_service_counted_on_the_day():
    half = ServicePeriodFact("centre_with_beds", True, D(2024, 1, 1), D(2025, 12, 31), 50)
    hours = (TeachingFact(D(2024, 6, 1), 30),)
    res = kpm_run(TEACHING, D(2024, 6, 30), service=(half,), teaching=hours)
    # 6 months at 50 % = 3 counted months → 18 h; service not done: in progress, with why.
    assert (res.status, res.needed, res.reason) == ("in_progress", 18, "waiting_for_service")


def test_teaching_need_is_not_rounded_before_comparing():
    hours = (TeachingFact(D(2025, 6, 1), 143.9),)
    # On 31 December 2025: 24 months → 144 h needed; 143.9 h is not enough.
    res = kpm_run(TEACHING, D(2025, 12, 31), service=(TWO_YEARS, MORE), teaching=hours)
    assert res.status == "in_progress" and res.to_json()["done"] == 143.9


def test_a_yearly_supervision_requirement_is_never_overdue():
    params = {"first_within_days": 31, "max_gap_days": 31}
    service = (TWO_YEARS,)
    assert kpm_run(
        kpm_req("supervision", params=params), D(2024, 6, 1), service=service
    ).status == ("overdue")
    yearly = kpm_req("supervision", params=params, yearly=True)
    assert kpm_run(yearly, D(2024, 6, 1), service=service).status == "due"
    meetings = (SupervisionFact(D(2024, 3, 1)),)
    res = kpm_run(yearly, D(2024, 6, 1), service=service, supervision=meetings)
    assert res.status == "in_progress"
