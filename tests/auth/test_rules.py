"""Table tests for the pure account rules: MFA roles, session ends, password refusals,
TOTP replay, OpenID Connect claims."""

from __future__ import annotations

import pytest

from app.auth.rules import (
    PasswordProblem,
    SessionState,
    accept_totp_step,
    identity_from_claims,
    mfa_required,
    password_problem,
    session_state,
)


@pytest.mark.parametrize(
    ("role", "roles", "expected"),
    [
        ("admin", {"admin", "coordinator"}, True),
        ("coordinator", {"admin", "coordinator"}, True),
        ("leader", {"admin", "coordinator"}, False),
        ("admin", set(), False),
        ("resource_person", {"resource_person"}, True),
    ],
)
def test_mfa_required(role, roles, expected):
    assert mfa_required(role, roles) is expected


HOUR = 3600


@pytest.mark.parametrize(
    ("started", "seen", "now", "expected"),
    [
        (0, 0, 59 * 60, SessionState.ok),
        (0, 0, 61 * 60, SessionState.idle),
        (0, 11 * HOUR, 11.5 * HOUR, SessionState.ok),
        (0, 12 * HOUR, 12 * HOUR + 1, SessionState.expired),
        (None, None, 10**9, SessionState.ok),
        (0, None, 13 * HOUR, SessionState.expired),
    ],
)
def test_session_state(started, seen, now, expected):
    assert session_state(started, seen, now, idle_minutes=60, max_hours=12) is expected


def test_session_limits_of_zero_are_off():
    assert session_state(0, 0, 10**9, idle_minutes=0, max_hours=0) is SessionState.ok


COMMON = frozenset({"password1234", "passord12345"})


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("kort", PasswordProblem.too_short),
        ("elleve-tegn", PasswordProblem.too_short),
        ("Password1234", PasswordProblem.common),
        ("passord12345", PasswordProblem.common),
        ("aaaaaaaaaaaaaa", PasswordProblem.common),
        ("ababababababab", PasswordProblem.common),
        ("kari@example.no", PasswordProblem.same_as_email),
        ("lang-og-grei-setning", None),
    ],
)
def test_password_problem(password, expected):
    problem = password_problem(password, min_length=12, common=COMMON, email="kari@example.no")
    assert problem is expected


@pytest.mark.parametrize(
    ("step", "last", "expected"),
    [(10, None, True), (10, 9, True), (10, 10, False), (9, 10, False), (None, None, False)],
)
def test_a_totp_step_is_accepted_once(step, last, expected):
    assert accept_totp_step(step, last) is expected


HPR = "helseid://claims/hpr/hpr_number"


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"email": "Kari@X.no", "email_verified": True}, ("kari@x.no", None)),
        ({"email": "kari@x.no", "email_verified": False}, (None, None)),
        ({"email": "kari@x.no"}, (None, None)),
        ({HPR: "123456789"}, (None, "123456789")),
        ({"hpr_number": 1234567}, (None, "1234567")),
        ({HPR: ["7654321"]}, (None, "7654321")),
        ({HPR: "12x"}, (None, None)),
        ({HPR: True}, (None, None)),
        ({HPR: "1234567890"}, (None, None)),
    ],
)
def test_identity_from_claims(claims, expected):
    assert identity_from_claims(claims, HPR) == expected
