"""Networks and memberships: API, leave and rejoin with history, member pages."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.core.errors import ConflictError
from app.networks import operations as network_ops
from app.networks.models import Membership
from app.progress import facts
from tests.factories import (
    make_coordinator,
    make_membership,
    make_person,
    make_user,
    network,
)
from tests.factories import network as seeded_network


def test_seeded_networks_and_plans_are_listed(api, db):
    body = api(make_user()).get("/api/v1/networks").get_json()
    slugs = {n["slug"]: n for n in body}
    assert {"innlandet-ressurssykepleiere", "vest-fysio-ergo", "kpm"} <= set(slugs)
    assert [p["key"] for p in slugs["kpm"]["plans"]] == ["kpm"]
    assert "nurse" in slugs["innlandet-ressurssykepleiere"]["professions"]
    one = api(make_user()).get("/api/v1/networks/vest-fysio-ergo").get_json()
    assert one["plans"][0]["key"] == "vest-fysio-ergo-2025-2029"


def test_admin_creates_network_others_cannot(api, db):
    body = {"slug": "agder-palliasjon", "name": "Agder", "professions": ["nurse", "doctor"]}
    assert api(make_coordinator()).post("/api/v1/networks", json=body).status_code == 403
    response = api(make_user(Role.admin)).post("/api/v1/networks", json=body)
    assert response.status_code == 201 and response.get_json()["id"]
    again = api(make_user(Role.admin)).post("/api/v1/networks", json=body)
    assert again.status_code == 409
    bad = api(make_user(Role.admin)).post("/api/v1/networks", json={**body, "slug": "Ugyldig slug"})
    assert bad.status_code == 422 and "slug" in bad.get_json()["error"]["fields"]


def test_leave_and_rejoin_keeps_history(api, db):
    net = network("innlandet-ressurssykepleiere")
    coord = make_coordinator(net)
    person = make_person()
    client = api(coord)
    first = client.post(
        f"/api/v1/networks/{net.slug}/members",
        json={"person_id": person.id, "start": "2023-01-01", "end": "2023-12-31"},
    )
    assert first.status_code == 201
    overlap = client.post(
        f"/api/v1/networks/{net.slug}/members", json={"person_id": person.id, "start": "2023-06-01"}
    )
    assert overlap.status_code == 409
    again = client.post(
        f"/api/v1/networks/{net.slug}/members", json={"person_id": person.id, "start": "2025-02-01"}
    )
    assert again.status_code == 201
    rows = db.session.scalars(select(Membership).where(Membership.person_id == person.id)).all()
    assert sorted(m.start.isoformat() for m in rows) == ["2023-01-01", "2025-02-01"]
    bad = client.post(
        f"/api/v1/networks/{net.slug}/members", json={"person_id": person.id, "start": "1. mars"}
    )
    assert bad.status_code == 422 and "start" in bad.get_json()["error"]["fields"]


def test_coordinator_cannot_add_to_other_network(api, db):
    coord = make_coordinator(network("innlandet-ressurssykepleiere"))
    person = make_person()
    response = api(coord).post(
        "/api/v1/networks/kpm/members", json={"person_id": person.id, "start": "2025-01-01"}
    )
    assert response.status_code == 403


def test_member_page_ends_and_reopens_membership(client, db, login):
    net = network("innlandet-ressurssykepleiere")
    coord = make_coordinator(net)
    person = make_person(name="Aase Avslutt")
    membership = make_membership(person, net)
    login(coord)
    page = client.get(f"/networks/{net.slug}/members").get_data(as_text=True)
    assert "Aase Avslutt" in page
    asked = client.post(f"/memberships/{membership.id}/end", data={"end": "2025-06-30"})
    assert "Avslutte medlemskapet til Aase Avslutt" in asked.get_data(as_text=True)
    assert 'value="2025-06-30"' in asked.get_data(as_text=True)  # the date is carried over
    assert membership.end is None
    client.post(
        f"/memberships/{membership.id}/end", data={"end": "2025-06-30", "confirmed": "yes"}
    )
    flashed = client.get(f"/networks/{net.slug}/members").get_data(as_text=True)
    assert "Angre" in flashed
    page = client.get(f"/networks/{net.slug}/members").get_data(as_text=True)
    assert "Aase Avslutt" not in page
    ended = client.get(f"/networks/{net.slug}/members?state=ended").get_data(as_text=True)
    assert "Aase Avslutt" in ended
    client.post(f"/memberships/{membership.id}/reopen")
    assert "Aase Avslutt" in client.get(f"/networks/{net.slug}/members").get_data(as_text=True)


def test_other_coordinator_gets_404_on_membership(client, db, login):
    membership = make_membership(make_person(), network("kpm"))
    login(make_coordinator(network("innlandet-ressurssykepleiere")))
    assert client.post(f"/memberships/{membership.id}/end", data={}).status_code == 404


def test_uncovered_municipalities_lists_innlandet_without_member(client, db, login):
    net = network("innlandet-ressurssykepleiere")
    login(make_coordinator(net))
    page = client.get(f"/networks/{net.slug}/uncovered").get_data(as_text=True)
    assert "Lillehammer" in page


def test_member_filters(client, db, login):
    from tests.factories import make_workplace, municipality

    net = network("vest-fysio-ergo")
    login(make_coordinator(net))
    bergen = make_workplace(name="Bergen fysio", municipality=municipality("Bergen"))
    make_membership(
        make_person(name="Fia Fysio", profession="physiotherapist", workplace=bergen), net
    )
    make_membership(make_person(name="Eli Ergo", profession="occupational_therapist"), net)
    members = f"/networks/{net.slug}/members"
    page = client.get(f"{members}?profession=physiotherapist").get_data(as_text=True)
    assert "Fia Fysio" in page and "Eli Ergo" not in page
    number = municipality("Bergen").number
    page = client.get(f"/networks/{net.slug}/members?municipality={number}").get_data(as_text=True)
    assert "Fia Fysio" in page and "Eli Ergo" not in page
    page = client.get(f"/networks/{net.slug}/members?workplace=bergen+fys").get_data(as_text=True)
    assert "Fia Fysio" in page and "Eli Ergo" not in page
    # Filters combine, and the profession column sorts both ways; the caption counts the rows.
    both = f"{members}?q=fia&profession=physiotherapist&municipality={number}&workplace=bergen"
    page = client.get(both).get_data(as_text=True)
    assert "Fia Fysio" in page and "Eli Ergo" not in page and ">1 medlemskap<" in page
    assert "Ingen medlemmer." in client.get(f"{members}?q=fia&profession=doctor").get_data(
        as_text=True
    )
    table = client.get(f"{members}?sort=profession").get_data(as_text=True).split("<tbody>")[1]
    assert table.index("Eli Ergo") < table.index("Fia Fysio")  # Ergoterapeut < Fysioterapeut
    table = client.get(f"{members}?sort=-profession").get_data(as_text=True).split("<tbody>")[1]
    assert table.index("Fia Fysio") < table.index("Eli Ergo")


def test_list_pages_run_a_fixed_number_of_queries(client, db, login, app, count_queries):
    net = network("innlandet-ressurssykepleiere")
    coord = make_coordinator(net)
    login(coord)

    def count(path):
        db.session.commit()  # releases the savepoint; the outer transaction still rolls back
        db.session.expunge_all()
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter.count

    leader = make_person()
    for _ in range(10):
        make_membership(make_person(leader=leader, public_consent=True), net)
    paths = [f"/networks/{net.slug}", f"/networks/{net.slug}/members", "/persons", "/register"]
    small = {p: count(p) for p in paths}
    for _ in range(190):
        make_membership(make_person(leader=leader, public_consent=True), net)
    large = {p: count(p) for p in paths}
    assert small == large


D = dt.date


SLUG = "innlandet-ressurssykepleiere"


def test_the_membership_that_began_last_is_the_current_one(db):
    inn = seeded_network(SLUG)
    person = make_person()
    make_membership(person, inn, D(2024, 1, 1))
    make_membership(person, inn, D(2025, 6, 1))  # overlapping rows from before the check
    (current,) = facts.memberships([person.id], D(2025, 7, 1))[person.id]
    assert current.start == D(2025, 6, 1)


def test_ending_a_membership_cannot_overlap_a_later_one(db):
    inn = seeded_network(SLUG)
    person = make_person()
    first = make_membership(person, inn, D(2024, 1, 1), D(2024, 12, 31))
    make_membership(person, inn, D(2025, 3, 1))
    with pytest.raises(ConflictError):
        network_ops.end_membership(first, D(2025, 6, 30))
    assert first.end == D(2024, 12, 31)
    network_ops.end_membership(first, D(2025, 2, 28))  # up to the day before is fine
    assert first.end == D(2025, 2, 28)


def test_the_members_filter_offers_the_networks_region_and_names_each_county_once(login, db):
    vest = seeded_network("vest-fysio-ergo")  # Helse Vest
    page = (
        login(make_coordinator(vest)).get(f"/networks/{vest.slug}/members").get_data(as_text=True)
    )
    options = page.split('name="municipality"', 1)[1].split("</select>", 1)[0]
    assert "Bergen (Vestland)" in options
    assert "Hamar" not in options  # Innlandet belongs to Helse Sør-Øst
    assert "(Møre og Romsdal) (Møre og Romsdal)" not in page


def _token(html: str) -> str:
    import re

    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def test_members_table_ends_many_after_a_question_naming_them_and_undoes(client, db, login):
    net = network("innlandet-ressurssykepleiere")
    login(make_coordinator(net))
    stays = make_membership(make_person(name="Berit Blir"), net)
    going = [make_membership(make_person(name=n), net) for n in ("Anne Går", "Cato Går")]
    page = client.get(f"/networks/{net.slug}/members").get_data(as_text=True)
    token = _token(page)
    assert "Avslutt valgte" in page and page.count(">Avslutt<") == 0  # no button per row
    chosen = {
        "csrf_token": token,
        "membership_id": [m.id for m in going],
        "end": "2026-01-31",
        "back": f"/networks/{net.slug}/members?sort=-name",
    }
    asked = client.post(f"/networks/{net.slug}/memberships/end", data=chosen)
    question = asked.get_data(as_text=True)
    assert "Avslutte medlemskapet til 2 personer" in question
    assert "Anne Går, Cato Går" in question and "Berit Blir" not in question
    assert all(m.end is None for m in going)  # nothing happened yet
    done = client.post(
        f"/networks/{net.slug}/memberships/end", data={**chosen, "confirmed": "yes"}
    )
    # Back to the table as it was (here: sorted backwards), with the undo.
    assert f"/networks/{net.slug}/members?sort=-name&ended=" in done.headers["Location"]
    after = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Du avsluttet medlemskapet til 2 personer: Anne Går, Cato Går." in after
    assert "Angre</button>" in after
    table = after.split("<tbody>", 1)[1]
    assert "Berit Blir" in table and "Anne Går" not in table and "Cato Går" not in table
    db.session.expire_all()
    assert {m.end for m in going} == {dt.date(2026, 1, 31)} and stays.end is None
    undone = client.post(
        f"/networks/{net.slug}/memberships/reopen",
        data={"csrf_token": token, "membership_id": [m.id for m in going]},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "2 medlemskap er gjenåpnet." in undone
    assert "Anne Går" in undone and "Cato Går" in undone
    elsewhere = client.post(
        f"/networks/{net.slug}/memberships/end",
        data={**chosen, "confirmed": "yes", "back": "//evil.example/"},
    )
    assert elsewhere.headers["Location"].startswith(f"/networks/{net.slug}/members?ended=")
    client.post(
        f"/networks/{net.slug}/memberships/reopen",
        data={"csrf_token": token, "membership_id": [m.id for m in going]},
    )
    # Another network's membership cannot be ended from here.
    other = make_membership(make_person(name="Kari Kpm"), network("kpm"))
    client.post(
        f"/networks/{net.slug}/memberships/end",
        data={"csrf_token": token, "membership_id": [other.id], "confirmed": "yes"},
    )
    db.session.expire_all()
    assert other.end is None


def test_members_table_shows_each_status_and_sorts(client, db, login):
    net = network("innlandet-ressurssykepleiere")
    login(make_coordinator(net))
    make_membership(make_person(name="Åse Sist"), net, start=dt.date(2020, 1, 1))
    make_membership(make_person(name="Anders Først"), net, start=dt.date(2026, 11, 1))
    page = client.get(f"/networks/{net.slug}/members").get_data(as_text=True)
    table = page.split("<tbody>", 1)[1]
    assert table.index("Anders Først") < table.index("Åse Sist")
    # Long a member and nothing done: overdue; new: under way with a next deadline.
    rows = {row.split("</a>", 1)[0].rsplit(">", 1)[-1]: row for row in table.split("<tr>")[1:]}
    assert "forsinket" in rows["Åse Sist"]
    assert "Underveis" in rows["Anders Først"] and "Neste frist" in rows["Anders Først"]
    backwards = client.get(f"/networks/{net.slug}/members?sort=-name").get_data(as_text=True)
    table = backwards.split("<tbody>", 1)[1]
    assert table.index("Åse Sist") < table.index("Anders Først")
    assert 'aria-sort="descending"' in backwards
    by_start = client.get(f"/networks/{net.slug}/members?sort=start").get_data(as_text=True)
    table = by_start.split("<tbody>", 1)[1]
    assert table.index("Åse Sist") < table.index("Anders Først")
    assert client.get(f"/networks/{net.slug}/members?sort=drop+table").status_code == 200


def test_members_table_sorts_names_as_a_norwegian_reader_does_on_every_database(
    client, db, login
):
    # lower case first ignored, æ ø å after z (as the overview): not byte order (Å Æ Ø,
    # capitals first) nor the server's collation; a renamed member moves; a person written
    # by a Core insert (the bulk builder) sorts too
    from sqlalchemy import insert

    from app.people.models import Person
    from tests.factories import make_network, profession

    net = make_network()
    login(make_coordinator(net))
    for name in ("Øyvind Ø", "åse Å", "Æsa Æ", "Zara Z", "anna A"):
        make_membership(make_person(name=name), net, start=dt.date(2024, 1, 1))
    values = {"name": "Bård B", "email": "bard@example.no", "profession_id": profession().id}
    pid = db.session.execute(insert(Person).values(**values)).inserted_primary_key[0]
    make_membership(db.session.get(Person, pid), net, start=dt.date(2024, 1, 1))

    def order():
        table = client.get(f"/networks/{net.slug}/members").get_data(as_text=True)
        table = table.split("<tbody>", 1)[1]
        names = [row.split("</a>", 1)[0].rsplit(">", 1)[-1] for row in table.split("<tr>")[1:]]
        return [n for n in names if n]

    assert order() == ["anna A", "Bård B", "Zara Z", "Æsa Æ", "Øyvind Ø", "åse Å"]
    zara = db.session.scalar(select(Person).where(Person.name == "Zara Z"))
    zara.name = "Aase Aa"
    db.session.flush()
    assert order() == ["Aase Aa", "anna A", "Bård B", "Æsa Æ", "Øyvind Ø", "åse Å"]


def test_register_new_person_from_a_network_preselects_it(client, db, login):
    vest = seeded_network("vest-fysio-ergo")
    login(make_coordinator(vest))
    members = client.get(f"/networks/{vest.slug}/members").get_data(as_text=True)
    assert f"/persons/new?network={vest.slug}" in members
    form = client.get(f"/persons/new?network={vest.slug}").get_data(as_text=True)
    assert f'<option value="{vest.id}" selected>' in form
    professions = form.split('name="profession"', 1)[1].split("</select>", 1)[0]
    assert "selected" not in professions  # nobody is made an occupational therapist by default
    municipalities = form.split('name="municipality"', 1)[1].split("</select>", 1)[0]
    assert "Bergen (Vestland)" in municipalities and "Hamar" not in municipalities
    # A network she does not run is not preselected.
    other = client.get("/persons/new?network=kpm").get_data(as_text=True)
    assert "selected>" not in other.split('name="network"', 1)[1].split("</select>", 1)[0]


def test_a_member_of_another_network_is_added_by_her_exact_email_after_a_question(
    client, db, login
):
    net = network("innlandet-ressurssykepleiere")
    login(make_coordinator(net))
    elsewhere = make_person(name="Vera Vestlending", email="vera.vest@example.no")
    make_membership(elsewhere, network("vest-fysio-ergo"))
    token = _token(client.get(f"/networks/{net.slug}/members").get_data(as_text=True))
    form = {"csrf_token": token, "email": "Vera.Vest@example.no", "start": "2026-01-01"}
    asked = client.post(f"/networks/{net.slug}/members", data=form)
    question = asked.get_data(as_text=True)
    assert "Legge Vera Vestlending (vera.vest@example.no) til i" in question
    assert 'value="2026-01-01"' in question  # what was typed goes along
    assert db.session.scalar(
        select(Membership).where(
            Membership.person_id == elsewhere.id, Membership.network_id == net.id
        )
    ) is None
    done = client.post(
        f"/networks/{net.slug}/members", data={**form, "confirmed": "yes"}, follow_redirects=True
    )
    assert "Vera Vestlending er lagt til i nettverket." in done.get_data(as_text=True)
    added = db.session.scalar(
        select(Membership).where(
            Membership.person_id == elsewhere.id, Membership.network_id == net.id
        )
    )
    assert added.start == dt.date(2026, 1, 1)
    # An address nobody has is still "not found"; a part of one finds nobody.
    for email in ("ingen@example.no", "vera.vest"):
        missing = client.post(
            f"/networks/{net.slug}/members",
            data={**form, "email": email},
            follow_redirects=True,
        )
        assert "Fant ingen person med e-posten" in missing.get_data(as_text=True)
