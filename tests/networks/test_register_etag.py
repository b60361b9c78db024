"""The public register for visitors: answered by ETag, new as soon as what it shows changes."""

from __future__ import annotations

import datetime as dt

from tests import factories as f


def _listed(name: str):
    net = f.make_network()
    person = f.make_person(name=name, public_consent=True)
    membership = f.make_membership(person, net)
    return person, membership


def test_a_visitor_gets_304_until_a_listed_person_changes(client, db):
    person, _ = _listed("Kari Registersen")
    db.session.commit()
    first = client.get("/register")
    assert first.status_code == 200
    assert "Kari Registersen" in first.get_data(as_text=True)
    etag = first.headers["ETag"]
    assert "no-store" not in first.headers["Cache-Control"]

    again = client.get("/register", headers={"If-None-Match": etag})
    assert again.status_code == 304

    person.name = "Kari Registersen-Li"
    db.session.commit()
    changed = client.get("/register", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "Kari Registersen-Li" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != etag


def test_an_ended_membership_leaves_the_register_at_once(client, db):
    _, membership = _listed("Ola Sluttersen")
    db.session.commit()
    first = client.get("/register")
    assert "Ola Sluttersen" in first.get_data(as_text=True)

    membership.end = dt.date.today() - dt.timedelta(days=1)
    db.session.commit()
    after = client.get("/register", headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200
    assert "Ola Sluttersen" not in after.get_data(as_text=True)


def test_each_language_and_filter_has_its_own_validator(client, db):
    _listed("Siri Språksen")
    db.session.commit()
    bokmal = client.get("/register")
    nynorsk = client.get("/register", headers={"Accept-Language": "nn"})
    filtered = client.get("/register?profession=doctor")
    assert len({bokmal.headers["ETag"], nynorsk.headers["ETag"], filtered.headers["ETag"]}) == 3
    assert 'lang="nn"' in nynorsk.get_data(as_text=True)
    assert "Accept-Language" in bokmal.headers["Vary"]


def test_a_repeat_visit_costs_one_statement_whatever_the_register_holds(
    client, db, count_queries
):
    for n in range(30):
        _listed(f"Person Mange {n}")
    db.session.commit()
    etag = client.get("/register").headers["ETag"]
    with count_queries() as seen:
        assert client.get("/register", headers={"If-None-Match": etag}).status_code == 304
        assert client.get("/register").status_code == 200
    assert len(seen.selects) <= 2


def test_a_signed_in_user_gets_the_page_rendered_and_never_stored(client, db, login):
    _listed("Berit Innloggen")
    user = f.make_user()
    login(user)
    response = client.get("/register")
    assert response.status_code == 200
    assert "ETag" not in response.headers
    assert "no-store" in response.headers["Cache-Control"]
    assert "Logg ut" in response.get_data(as_text=True)
