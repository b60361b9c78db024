"""Shared parsers and form helpers: years outside 1900-2200, NaN in decimal fields, errors
put back on the form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from wtforms import DecimalField, Form, StringField
from wtforms.validators import NumberRange, Optional

from app.core.errors import DomainError
from app.core.forms import Finite, put_error
from app.core.parsing import parse_date, parse_datetime
from tests.factories import (
    make_admin,
)


@pytest.mark.parametrize(
    "value",
    ["0001-01-01T00:30", "9999-12-31T23:00Z", "1899-12-31T23:59", "2201-01-01T00:00+02:00"],
)
def test_datetimes_outside_the_years_kept_are_refused(app, value):
    with pytest.raises(DomainError) as caught:
        parse_datetime(value, "start")
    assert caught.value.field == "start"
    with pytest.raises(DomainError):
        parse_datetime(dt.datetime.fromisoformat(value.replace("Z", "+00:00")), "start")


def test_datetimes_at_the_edges_are_kept(app):
    assert parse_datetime("1900-01-01T00:30", "start").year == 1899  # Oslo is ahead of UTC
    assert parse_datetime("2200-12-31T23:00Z", "start").year == 2200


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"])
def test_dates_outside_the_years_kept_are_refused(app, value):
    with pytest.raises(DomainError):
        parse_date(value, "start")
    with pytest.raises(DomainError):
        parse_date(dt.date.fromisoformat(value), "start")


def test_dates_inside_the_years_kept_pass(app):
    # Memberships, service periods and history go back decades; plans run far ahead.
    assert parse_date("1900-01-01", "start") == dt.date(1900, 1, 1)
    assert parse_date("1975-06-01", "start") == dt.date(1975, 6, 1)
    assert parse_date(dt.date(2200, 12, 31), "end") == dt.date(2200, 12, 31)


class _Form(Form):
    hours = DecimalField(validators=[Optional(), Finite(), NumberRange(min=0.1)])
    title = StringField()


class _Data(dict):
    def getlist(self, key):
        return [self[key]] if key in self else []


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_finite_refuses_not_a_number_before_the_range_check(app, value):
    with app.test_request_context():
        form = _Form(_Data(hours=value))
        assert form.validate() is False
        assert form.hours.errors == ["Må være et tall."]
        assert form.hours.data is None
        assert form.hours._value() == value  # the input is shown back as typed


def test_finite_passes_numbers(app):
    with app.test_request_context():
        form = _Form(_Data(hours="2.5"))
        assert form.validate() and form.hours.data == Decimal("2.5")


def test_put_error_puts_the_message_on_the_field_or_the_form(app):
    with app.test_request_context():
        form = _Form(_Data(title="x"))
        form.validate()
        put_error(form, DomainError("title", "Feil i tittel."))
        put_error(form, DomainError("hours.0", "Feil i timer."))
        put_error(form, DomainError("unknown", "Noe annet."))
        put_error(form, DomainError(None, "Hele skjemaet."))
        assert form.title.errors == ["Feil i tittel."]
        assert form.hours.errors == ["Feil i timer."]
        assert form.form_errors == ["Noe annet.", "Hele skjemaet."]


SLUG = "innlandet-ressurssykepleiere"


HUGE = "99999999999999999999"


def test_huge_page_numbers_and_ids_give_a_page_not_a_500(client, login, db):
    assert client.get(f"/register?page={HUGE}").status_code == 200
    assert client.get(f"/register?network={HUGE}").status_code == 200
    assert client.get(f"/register?network=2147483648&page={10**15}").status_code == 200
    login(make_admin())
    for path in ("/persons", "/admin/audit", f"/networks/{SLUG}", f"/networks/{SLUG}/progress"):
        for page in (HUGE, "-5", "abc", "100001"):
            res = client.get(f"{path}?page={page}")
            assert res.status_code == 200, (path, page, res.status_code)


def test_a_nul_character_in_the_path_is_404_not_a_database_error(api, client, db):
    """PostgreSQL cannot compare text with NUL: such a path names nothing (404)."""
    admin = api(make_admin())
    for path in ("/courses/a%00b", "/networks/a%00b", "/networks/a%00b/calendar.ics"):
        assert client.get(path).status_code == 404, path
    for path in ("/api/v1/courses/a%00b", "/api/v1/networks/a%00b"):
        response = admin.get(path)
        assert response.status_code == 404, path
        assert response.get_json()["error"]


def test_every_form_of_the_app_checks_its_text_fields(app):
    """Every app form derives from core.forms.FlaskForm (the one text check), none from
    Flask-WTF's directly: a new form without it would store U+FFFF again."""
    import flask_wtf

    from app.core import forms as core_forms

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(flask_wtf.FlaskForm) if c.__module__.startswith("app.")]
    assert len(ours) > 20
    unchecked = [
        f"{c.__module__}.{c.__name__}"
        for c in ours
        if c is not core_forms.FlaskForm and not issubclass(c, core_forms.FlaskForm)
    ]
    assert unchecked == []


def _field_error(html: str, field: str) -> str:
    """The error text shown for `field` (the element named by its aria-describedby)."""
    import re

    tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', html)
    assert tag, field
    described = re.search(r'aria-describedby="([^"]+)"', tag.group(0))
    assert described, tag.group(0)
    ids = described.group(1).split()
    texts = [
        re.sub(r"<[^>]+>", "", m.group(1)).strip()
        for i in ids
        if (m := re.search(rf'id="{i}"[^>]*>(.*?)</', html, re.S))
    ]
    return " ".join(texts)


def test_an_impossible_date_says_so_on_the_field_and_keeps_what_was_typed(client, login, db):
    """30 February is "ugyldig dato", not "required", and the field still holds it."""
    import re

    from tests.factories import make_coordinator, make_membership, make_person, make_user, network

    net = network("vest-fysio-ergo")
    user = make_user(person=make_person(profession="physiotherapist"))
    make_membership(user.person, net)
    login(user)
    page = client.get("/courses/completions/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    data = {"csrf_token": token, "course": "nff-lymfodem-grunnkurs", "hours": "40"}
    bad = client.post("/courses/completions/new", data={**data, "completed_on": "2026-02-30"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 200
    assert _field_error(html, "completed_on") == "Ugyldig dato, bruk ÅÅÅÅ-MM-DD."
    assert re.search(r'name="completed_on"[^>]*value="2026-02-30"', html) or re.search(
        r'value="2026-02-30"[^>]*name="completed_on"', html
    )
    empty = client.post("/courses/completions/new", data={**data, "completed_on": ""})
    assert "Ugyldig dato" not in _field_error(empty.get_data(as_text=True), "completed_on")

    login(make_coordinator(net))
    form = client.get(f"/networks/{net.slug}/gatherings/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', form).group(1)
    bad = client.post(
        f"/networks/{net.slug}/gatherings/new",
        data={
            "csrf_token": token,
            "title": "Fagdag",
            "kind": "network_meeting",
            "start": "2026-02-30T09:00",
            "end": "2026-03-01T15:00",
        },
    )
    html = bad.get_data(as_text=True)
    assert "Ugyldig dato eller klokkeslett." in _field_error(html, "start")
    assert "2026-02-30T09:00" in html
