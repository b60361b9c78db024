"""The one write path: commit once, roll back on DomainError, the error back on the form."""

from __future__ import annotations

import pytest
from flask import get_flashed_messages
from sqlalchemy import event, select
from wtforms import Form, StringField

from app.core.errors import DomainError
from app.core.writes import run
from app.networks.models import Network
from tests.factories import make_network


class NameForm(Form):
    name = StringField()


@pytest.fixture()
def commits(db):
    """How many times the session committed during the test (a savepoint released inside
    the transaction, which after_commit reports too, is not a commit)."""
    count = []
    flag = []

    def committed(session):
        flag.append(1)

    def ended(session, transaction):
        if flag and transaction.parent is None:
            count.append(1)
        flag.clear()

    event.listen(db.session, "after_commit", committed)
    event.listen(db.session, "after_transaction_end", ended)
    yield count
    event.remove(db.session, "after_commit", committed)
    event.remove(db.session, "after_transaction_end", ended)


def _slug_exists(db, slug: str) -> bool:
    return db.session.scalar(select(Network.id).where(Network.slug == slug)) is not None


def test_commits_once_and_returns_the_value(app, db, commits):
    with app.test_request_context("/x", method="POST"):
        outcome = run(lambda: make_network().slug)
    assert outcome.ok
    assert outcome.value.startswith("nettverk-")
    assert len(commits) == 1
    assert _slug_exists(db, outcome.value)


def test_domain_error_rolls_back_and_lands_on_the_field(app, db, commits):
    made = []

    def action():
        made.append(make_network().slug)
        raise DomainError("name", "Navnet er opptatt.")

    with app.test_request_context("/x", method="POST", data={"name": "Hamar"}):
        form = NameForm(formdata=None, data={"name": "Hamar"})
        outcome = run(action, form=form)
        assert get_flashed_messages() == []
    assert not outcome.ok
    assert outcome.error.message == "Navnet er opptatt."
    assert form.name.errors == ["Navnet er opptatt."]
    assert form.name.data == "Hamar"  # what was typed stays in the form
    assert commits == []
    assert not _slug_exists(db, made[0])


def test_an_error_for_no_field_goes_on_the_form_as_a_whole(app, db):
    with app.test_request_context("/x", method="POST"):
        form = NameForm()
        run(lambda: (_ for _ in ()).throw(DomainError(None, "Nei.")), form=form)
    assert form.form_errors == ["Nei."]


def test_without_a_form_the_error_is_flashed(app, db):
    with app.test_request_context("/x", method="POST"):
        outcome = run(lambda: (_ for _ in ()).throw(DomainError("x", "Fullt.")))
        assert get_flashed_messages(with_categories=True) == [("error", "Fullt.")]
    assert not outcome.ok


def test_an_api_request_reraises_for_the_json_error(app, db):
    made = []

    def action():
        made.append(make_network().slug)
        raise DomainError("name", "Ugyldig.")

    with app.test_request_context("/api/v1/x", method="POST"):
        with pytest.raises(DomainError):
            run(action)
    assert not _slug_exists(db, made[0])


def test_other_errors_propagate_and_roll_back(app, db, commits):
    made = []

    def action():
        made.append(make_network().slug)
        raise RuntimeError("boom")

    with app.test_request_context("/x", method="POST"), pytest.raises(RuntimeError):
        run(action)
    assert commits == []
    assert not _slug_exists(db, made[0])


def test_the_api_answers_a_domain_error_with_422_and_the_field(client, api, db):
    from tests.factories import make_admin

    response = api(make_admin()).post("/api/v1/courses", json={"key": "", "title": ""})
    assert response.status_code == 422
    body = response.get_json()["error"]
    assert body["fields"]
