"""The pure KPM rules as tables: site approval windows, site kinds, dispensation, the
nursing-home pre-approval, the caps, pending and who attests what."""

from __future__ import annotations

from datetime import date as D

import pytest

from app.kpm import rules
from app.kpm.rules import ApprovalChange, ServicePeriodFact, TeachingFact
from app.progress.rules import (
    DocumentFact,
    PersonFacts,
    Plan,
    Requirement,
    SupervisionFact,
    evaluate,
)

PARAMS = {
    "months": 24,
    "site_kinds": {
        "centre_with_beds": {"max_months": 24, "min_months": 12, "min_pct": 50},
        "centre_without_beds": {"max_months": 12, "min_pct": 50},
        "nursing_home_unit": {"max_months": 12, "min_pct": 30},
    },
}
SERVICE = Requirement("klinisk-tjeneste", "Klinisk tjeneste", "service", params=PARAMS)
TEACHING = Requirement(
    "undervisning", "Internundervisning", "teaching", params={"hours_per_year_full_time": 72}
)
SUPERVISION = Requirement(
    "veiledning",
    "Veiledning",
    "supervision",
    params={"first_within_days": 31, "max_gap_days": 31},
)
PLAN_DOC = Requirement(
    "utdanningsplan", "Utdanningsplan", "document", params={"document": "education_plan"}
)
PLAN = Plan("kpm", "kpm", "KPM", (SERVICE, SUPERVISION, TEACHING, PLAN_DOC))


def run(req, on, **facts):
    return evaluate(req, PersonFacts(1, "doctor", **facts), on, plan=PLAN)


def change(approval, lo=None, hi=None, on=D(2020, 1, 1)):
    return ApprovalChange(approval, lo, hi, on)


# --------------------------------------------------------------------------- approval spans


@pytest.mark.parametrize(
    ("history", "spans"),
    [
        ([], ()),
        ([change("applied")], ()),
        ([change("approved")], ((D.min, None),)),
        ([change("dispensation", D(2024, 1, 1))], ((D(2024, 1, 1), None),)),
        (
            [change("approved", D(2024, 1, 1), D(2024, 12, 31))],
            ((D(2024, 1, 1), D(2024, 12, 31)),),
        ),
        # withdrawn with a last approved day
        (
            [change("approved", D(2024, 1, 1)), change("withdrawn", None, D(2024, 6, 30))],
            ((D(2024, 1, 1), D(2024, 6, 30)),),
        ),
        # withdrawn without one: approved until the day before it was recorded
        (
            [
                change("approved", D(2024, 1, 1)),
                change("withdrawn", on=D(2025, 3, 1)),
            ],
            ((D(2024, 1, 1), D(2025, 2, 28)),),
        ),
        # approved, on dispensation, approved again: one span
        (
            [
                change("approved", D(2020, 1, 1), D(2021, 12, 31)),
                change("dispensation", D(2022, 1, 1), D(2022, 12, 31)),
                change("approved", D(2023, 1, 1)),
            ],
            ((D(2020, 1, 1), None),),
        ),
        # withdrawn, later approved again: the gap does not count
        (
            [
                change("approved", D(2020, 1, 1)),
                change("withdrawn", None, D(2020, 12, 31)),
                change("approved", D(2022, 1, 1)),
            ],
            ((D(2020, 1, 1), D(2020, 12, 31)), (D(2022, 1, 1), None)),
        ),
    ],
)
def test_approval_spans(history, spans):
    assert rules.approval_spans(history) == spans


# --------------------------------------------------------------------------- counting


def at_site(kind, spans, start=D(2024, 1, 1), end=D(2025, 12, 31), pct=100, approved=False):
    return ServicePeriodFact(kind, approved, start, end, pct, spans)


@pytest.mark.parametrize(
    ("period", "months"),
    [
        # approved for the whole period: 24 months, capped at 24
        (at_site("centre_with_beds", ((D.min, None),)), 24),
        # never approved: nothing, whatever the body said
        (at_site("centre_with_beds", (), approved=True), 0),
        # on dispensation for 2024 only: 12 months
        (at_site("centre_with_beds", ((D(2024, 1, 1), D(2024, 12, 31)),)), 12),
        # approved from 1 July 2024: 18 months
        (at_site("centre_with_beds", ((D(2024, 7, 1), None),)), 18),
        # a centre without beds counts at most 12 months
        (at_site("centre_without_beds", ((D.min, None),)), 12),
        # below the kind's minimum position: nothing
        (at_site("centre_with_beds", ((D.min, None),), pct=40), 0),
        # outside the registry: its own approval decides, as before
        (ServicePeriodFact("nursing_home_unit", True, D(2024, 1, 1), D(2024, 12, 31), 50), 6),
        (ServicePeriodFact("nursing_home_unit", False, D(2024, 1, 1), D(2024, 12, 31), 50), 0),
    ],
)
def test_what_a_period_counts(period, months):
    total, _by_kind = rules.service_months([period], PARAMS, D(2026, 6, 30))
    assert round(total, 1) == months


def test_a_site_period_counts_only_from_the_day_its_site_was_approved():
    period = at_site("centre_with_beds", ((D(2024, 7, 1), None),))
    assert rules.counted_periods([period], PARAMS, D(2024, 6, 30)) == []
    first = rules.counted_periods([period], PARAMS, D(2024, 7, 31))[0]
    assert (first.start, first.approved, first.spans) == (D(2024, 7, 1), True, None)


@pytest.mark.parametrize(
    ("body", "site", "error"),
    [
        (None, "centre_with_beds", False),
        ("", "centre_with_beds", False),
        ("centre_with_beds", "centre_with_beds", False),
        ("centre_with_beds", "centre_without_beds", True),
        ("nursing_home_unit", "centre_with_beds", True),
    ],
)
def test_a_period_takes_its_sites_kind(body, site, error):
    assert rules.site_kind_error(body, site) is error


@pytest.mark.parametrize(
    ("approval", "inspections", "due"),
    [
        ("approved", (), True),
        ("dispensation", ("report",), True),
        ("approved", ("report", "visit"), False),
        ("applied", (), False),
        ("withdrawn", (), False),
    ],
)
def test_inspection_due(approval, inspections, due):
    assert rules.inspection_due(approval, inspections) is due


# --------------------------------------------------------------------------- engine


def test_service_done_is_capped_and_says_the_centre_year_is_missing():
    periods = (
        ServicePeriodFact("centre_with_beds", True, D(2024, 1, 1), D(2024, 6, 30), 100),
        ServicePeriodFact("centre_without_beds", True, D(2024, 7, 1), D(2025, 6, 30), 100),
        ServicePeriodFact("nursing_home_unit", True, D(2025, 7, 1), D(2026, 6, 30), 100),
    )
    res = run(SERVICE, D(2026, 12, 31), service=periods)
    assert (res.status, res.done, res.needed) == ("in_progress", 24, 24)
    assert res.reason == "missing_min_months:centre_with_beds"
    assert rules.nursing_home_before_centre_year(periods, PARAMS, D(2026, 12, 31))


def test_service_over_24_months_shows_24_and_is_met():
    periods = (ServicePeriodFact("centre_with_beds", True, D(2023, 1, 1), D(2025, 6, 30), 100),)
    res = run(SERVICE, D(2025, 6, 30), service=periods)
    assert (res.status, res.done, res.met_on) == ("met", 24, D(2024, 12, 31))


def test_nursing_home_after_the_centre_year_is_no_warning():
    periods = (
        ServicePeriodFact("centre_with_beds", True, D(2024, 1, 1), D(2024, 12, 31), 100),
        ServicePeriodFact("nursing_home_unit", True, D(2025, 1, 1), D(2025, 12, 31), 50),
    )
    assert not rules.nursing_home_before_centre_year(periods, PARAMS, D(2025, 12, 31))


YEAR = (ServicePeriodFact("centre_with_beds", True, D(2024, 1, 1), D(2025, 12, 31), 100),)


@pytest.mark.parametrize(
    ("teaching", "done", "pending", "status"),
    [
        ((TeachingFact(D(2024, 6, 1), 150),), 150, 0, "met"),
        ((TeachingFact(D(2024, 6, 1), 150, False),), 0, 150, "due"),
        (
            (TeachingFact(D(2024, 6, 1), 100), TeachingFact(D(2025, 6, 1), 44, False)),
            100,
            44,
            "in_progress",
        ),
    ],
)
def test_teaching_counts_attested_hours_and_reports_pending(teaching, done, pending, status):
    # On 1 January 2027 the need stays 144 h (capped with the 24 months of service).
    res = run(TEACHING, D(2027, 1, 1), service=YEAR, teaching=teaching)
    assert (res.done, res.needed, res.pending, res.status) == (done, 144, pending, status)
    body = res.to_json()
    assert ("pending" in body) is (pending > 0)


def test_teaching_with_enough_hours_waits_for_the_service():
    res = run(TEACHING, D(2024, 6, 30), service=YEAR, teaching=(TeachingFact(D(2024, 3, 1), 60),))
    assert (res.status, res.reason) == ("in_progress", "waiting_for_service")


def test_supervision_counts_attested_meetings_only():
    meetings = tuple(SupervisionFact(D(2024, m, 10), attested=m != 3) for m in range(1, 7))
    res = run(SUPERVISION, D(2024, 6, 30), service=YEAR, supervision=meetings)
    # The unattested March meeting leaves a gap from 10 February to 10 April.
    assert (res.status, res.done, res.pending) == ("overdue", 5, 1)
    attested = tuple(SupervisionFact(D(2024, m, 10)) for m in range(1, 7))
    res = run(SUPERVISION, D(2024, 6, 30), service=YEAR, supervision=attested)
    assert (res.status, res.reason) == ("in_progress", "waiting_for_service")


@pytest.mark.parametrize(
    ("documents", "status", "pending"),
    [
        ((DocumentFact("education_plan", D(2024, 2, 1), attested=False),), "due", 1),
        ((DocumentFact("education_plan", D(2024, 2, 1)),), "met", 0),
        (
            (
                DocumentFact("education_plan", D(2024, 2, 1)),
                DocumentFact("education_plan", D(2024, 3, 1), attested=False),
            ),
            "met",
            0,
        ),
    ],
)
def test_a_document_counts_once_attested(documents, status, pending):
    res = run(PLAN_DOC, D(2024, 6, 1), documents=documents)
    assert (res.status, res.pending) == (status, pending)


def test_teaching_per_service_year_against_the_pro_rata_72():
    periods = (ServicePeriodFact("centre_with_beds", True, D(2024, 1, 1), D(2025, 12, 31), 50),)
    teaching = (TeachingFact(D(2024, 3, 1), 36), TeachingFact(D(2025, 3, 1), 10, False))
    years = rules.teaching_by_service_year(periods, teaching, PARAMS, 72, D(2025, 12, 31))
    assert [(y.number, y.first, y.last) for y in years] == [
        (1, D(2024, 1, 1), D(2024, 12, 31)),
        (2, D(2025, 1, 1), D(2025, 12, 31)),
    ]
    assert [(round(y.needed, 1), y.hours, y.pending) for y in years] == [(36, 36, 0), (36, 0, 10)]


# --------------------------------------------------------------------------- who attests


@pytest.mark.parametrize(
    ("kind", "kpm_manager", "supervisor", "may"),
    [
        ("supervision_meeting", False, True, True),
        ("teaching_hours", False, True, True),
        ("document", False, True, False),
        ("document", True, False, True),
        ("supervision_meeting", True, False, True),
        ("teaching_hours", False, False, False),
        ("checklist", True, True, False),
    ],
)
def test_who_attests(kind, kpm_manager, supervisor, may):
    assert rules.may_attest_record(kind, kpm_manager=kpm_manager, supervisor=supervisor) is may


@pytest.mark.parametrize(
    ("relation", "attested", "own", "may"),
    [
        ("self", False, False, True),
        ("self", True, False, False),
        ("self", True, True, True),
        ("supervisor", True, False, True),
        ("manager", True, False, True),
    ],
)
def test_the_doctor_cannot_undo_an_attestation(relation, attested, own, may):
    assert rules.may_remove(relation, attested=attested, own_attestation=own) is may
