"""The consent log: public-register consent given and withdrawn, with the day and by whom."""

from __future__ import annotations

from sqlalchemy import select

from app.core.types import today_oslo
from app.extensions import db as _db
from app.privacy.models import ConsentEvent
from tests import factories as f


def _log(person_id):
    return [
        (e.given, e.on, e.by_user_id)
        for e in _db.session.scalars(
            select(ConsentEvent)
            .where(ConsentEvent.person_id == person_id)
            .order_by(ConsentEvent.id)
        )
    ]


def test_consent_given_and_withdrawn_on_her_profile(db, login, client, factories):
    user = f.make_user()
    person = user.person
    login(user)
    form = {
        "name": person.name,
        "email": person.email,
        "profession": "nurse",
        "public_consent": "y",
        "version": str(person.version),
    }
    saved = client.post(f"/persons/{person.id}/edit", data=form, follow_redirects=True)
    assert "Endringene er lagret." in saved.get_data(as_text=True)
    assert _log(person.id) == [(True, today_oslo(), user.id)]
    _db.session.expire_all()
    form.pop("public_consent")
    form["version"] = str(person.version)
    client.post(f"/persons/{person.id}/edit", data=form)
    assert _log(person.id) == [(True, today_oslo(), user.id), (False, today_oslo(), user.id)]
    # Saving without a change of consent adds nothing.
    _db.session.expire_all()
    form["version"] = str(person.version)
    form["phone"] = "12345678"
    client.post(f"/persons/{person.id}/edit", data=form)
    assert len(_log(person.id)) == 2
    export = client.get(f"/persons/{person.id}/export").get_data(as_text=True)
    assert "Gitt" in export and "Trukket" in export


def test_consent_through_the_api_is_logged(db, api, factories):
    user = f.make_user()
    answer = api(user).patch(f"/api/v1/persons/{user.person_id}", json={"public_consent": True})
    assert answer.status_code == 200
    assert _log(user.person_id) == [(True, today_oslo(), user.id)]
    # Somebody else may not give it: refused, and nothing logged.
    coordinator = f.make_coordinator(f.network("innlandet-ressurssykepleiere"))
    refused = api(coordinator).patch(
        f"/api/v1/persons/{user.person_id}", json={"public_consent": False}
    )
    assert refused.status_code in (403, 404, 422)
    assert len(_log(user.person_id)) == 1
