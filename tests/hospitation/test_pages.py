"""Hospitation pages: the public site lists and export, coordinator edits, plans, overview."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.auth.models import Role
from app.core.types import today_oslo
from app.hospitation import links, queries
from app.hospitation.models import Hospitation, HospitationSite
from app.people.models import ServiceLevel
from tests.factories import (
    make_coordinator,
    make_hospitation,
    make_membership,
    make_network,
    make_person,
    make_site,
    make_user,
    network,
)

INNLANDET = "innlandet-ressurssykepleiere"
VEST = "vest-fysio-ergo"


def test_public_index_lists_networks_and_picks_one(client, db):
    make_site(network(VEST), name="Haraldsplass, lindrende enhet")
    page = client.get("/hospitation")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Hospiteringsplan" in text and network(VEST).name in text
    picked = client.get(f"/hospitation?network={VEST}")
    assert picked.headers["Location"].endswith(f"/networks/{VEST}/hospitation-sites")
    assert client.get("/hospitation?network=finnes-ikke").status_code == 404


def test_public_site_list_filters_by_level_and_profession(client, db):
    net = network(VEST)
    make_site(
        net,
        name="Sunniva senter",
        service_level=ServiceLevel.specialist,
        professions=["physiotherapist"],
    )
    make_site(
        net,
        name="Bergen fysioterapitjeneste",
        service_level=ServiceLevel.primary,
        professions=["physiotherapist", "occupational_therapist"],
    )
    make_site(
        net,
        name="Stord ergoterapi",
        service_level=ServiceLevel.primary,
        professions=["occupational_therapist"],
    )
    make_site(net, name="Nedlagt enhet", active=False)
    url = f"/networks/{VEST}/hospitation-sites"
    text = client.get(url).get_data(as_text=True)
    assert "Sunniva senter" in text and "Stord ergoterapi" in text
    assert "Nedlagt enhet" not in text
    primary = client.get(url + "?level=primary").get_data(as_text=True)
    assert "Bergen fysioterapitjeneste" in primary and "Sunniva senter" not in primary
    physio = client.get(url + "?profession=physiotherapist").get_data(as_text=True)
    assert "Sunniva senter" in physio and "Stord ergoterapi" not in physio
    both = client.get(url + "?level=primary&profession=occupational_therapist").get_data(
        as_text=True
    )
    assert "Stord ergoterapi" in both and "Sunniva senter" not in both
    assert client.get(url + "?level=nonsense").status_code == 200
    assert client.get("/networks/finnes-ikke/hospitation-sites").status_code == 404


def test_sites_xlsx_export(client, db):
    net = network(INNLANDET)
    make_site(
        net,
        name="Palliativ enhet Hamar",
        contact_name='=HYPERLINK("http://x")',
        phone="+47 62 00 00 00",
        professions=["nurse"],
    )
    make_site(net, name="Gammel", active=False)
    response = client.get(f"/networks/{INNLANDET}/hospitation-sites/sites.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["Sted", "Tjenestenivå"]
    assert len(rows) == 2 and rows[1][0] == "Palliativ enhet Hamar"
    assert rows[1][1] == "Andrelinjetjenesten"
    contact = sheet.cell(row=2, column=6)
    assert contact.value.startswith("=HYPERLINK") and contact.data_type == "s"
    assert rows[1][7] == "+47 62 00 00 00"
    assert client.get(f"/networks/{INNLANDET}/hospitation-sites.xlsx").status_code == 200


def test_coordinator_creates_edits_and_deactivates_site(client, login, db):
    net = network(INNLANDET)
    login(make_coordinator(net))
    bad = client.post(
        f"/networks/{INNLANDET}/hospitation-sites/new",
        data={
            "name": "Palliativt team Lillehammer",
            "service_level": "primary",
            "email": "ikke-epost",
        },
    )
    assert bad.status_code == 200
    assert "Palliativt team Lillehammer" in bad.get_data(as_text=True)  # input kept
    response = client.post(
        f"/networks/{INNLANDET}/hospitation-sites/new",
        data={
            "name": "Palliativt team Lillehammer",
            "service_level": "specialist",
            "professions": ["nurse"],
            "contact_name": "Per Kontakt",
            "email": "per@sykehuset-innlandet.no",
            "municipality": "",
        },
    )
    assert response.headers["Location"].endswith(f"/networks/{INNLANDET}/hospitation-sites")
    site = db.session.scalar(
        select(HospitationSite).where(HospitationSite.name == "Palliativt team Lillehammer")
    )
    assert site.service_level is ServiceLevel.specialist and [p.key for p in site.professions] == [
        "nurse"
    ]
    edit = client.get(f"/hospitation-sites/{site.id}/edit")
    assert edit.status_code == 200 and "Per Kontakt" in edit.get_data(as_text=True)
    client.post(
        f"/hospitation-sites/{site.id}/edit",
        data={
            "name": "Palliativt team SI Lillehammer",
            "service_level": "specialist",
            "phone": "61 00 00 00",
        },
    )
    db.session.expire_all()
    assert db.session.get(HospitationSite, site.id).name == "Palliativt team SI Lillehammer"
    client.post(f"/hospitation-sites/{site.id}/active", data={"active": "0"})
    db.session.expire_all()
    assert db.session.get(HospitationSite, site.id).active is False
    # Coordinators still see it, marked, with a way back.
    text = client.get(f"/networks/{INNLANDET}/hospitation-sites").get_data(as_text=True)
    assert "Ikke aktiv" in text and "Aktiver" in text


def test_others_cannot_manage_sites(client, login, db):
    site = make_site(network(INNLANDET))
    login(make_coordinator(network(VEST)))
    assert client.get(f"/networks/{INNLANDET}/hospitation-sites/new").status_code == 404
    assert client.get(f"/hospitation-sites/{site.id}/edit").status_code == 404
    assert (
        client.post(f"/hospitation-sites/{site.id}/active", data={"active": "0"}).status_code == 404
    )
    db.session.expire_all()
    assert db.session.get(HospitationSite, site.id).active is True


@pytest.fixture()
def nurse(db):
    person = make_person(name="Kari Nordmann")
    make_membership(person, network(INNLANDET))
    return person, make_user(Role.resource_person, person=person)


def test_person_plans_with_form_and_errors_stay_on_fields(client, login, db, nurse):
    person, user = nurse
    site = make_site(network(INNLANDET), name="Sykehuset Innlandet Gjøvik, palliativt team")
    make_site(network(VEST), name="Vest-sted")
    login(user)
    form = client.get(f"/persons/{person.id}/hospitations/new").get_data(as_text=True)
    assert "Sykehuset Innlandet Gjøvik" in form and "Vest-sted" not in form
    data = {
        "site_id": str(site.id),
        "start": "2026-03-02",
        "end": "2026-03-01",
        "days": "2",
        "goals": "Mine mål",
    }
    bad = client.post(f"/persons/{person.id}/hospitations/new", data=data)
    text = bad.get_data(as_text=True)
    assert bad.status_code == 200 and "Sluttdato kan ikke være før startdato" in text
    assert "Mine mål" in text
    zero = client.post(
        f"/persons/{person.id}/hospitations/new", data={**data, "end": "2026-03-03", "days": "0"}
    )
    assert "større enn 0" in zero.get_data(as_text=True)
    no_goals = client.post(
        f"/persons/{person.id}/hospitations/new", data={**data, "end": "2026-03-03", "goals": ""}
    )
    assert no_goals.status_code == 200
    assert db.session.scalar(select(Hospitation).where(Hospitation.person_id == person.id)) is None
    ok = client.post(f"/persons/{person.id}/hospitations/new", data={**data, "end": "2026-03-03"})
    h = db.session.scalar(select(Hospitation).where(Hospitation.person_id == person.id))
    assert ok.headers["Location"].endswith(f"/hospitations/{h.id}")
    page = client.get(f"/persons/{person.id}").get_data(as_text=True)
    assert "Sykehuset Innlandet Gjøvik, palliativt team" in page and "Planlagt" in page


def test_confirm_and_complete_through_pages(client, login, db, nurse):
    person, user = nurse
    coord = make_coordinator(network(INNLANDET))
    today = today_oslo()
    h = make_hospitation(
        person, start=today - dt.timedelta(days=2), end=today + dt.timedelta(days=2)
    )
    login(user)
    page = client.get(f"/hospitations/{h.id}").get_data(as_text=True)
    assert "Bekreft hospiteringen" not in page  # not hers to confirm
    assert client.post(f"/hospitations/{h.id}/status", data={"to": "confirmed"}).status_code == 403
    login(coord)
    page = client.get(f"/hospitations/{h.id}").get_data(as_text=True)
    assert "Bekreft hospiteringen" in page
    client.post(f"/hospitations/{h.id}/status", data={"to": "confirmed"})
    db.session.expire_all()
    assert db.session.get(Hospitation, h.id).status.value == "confirmed"
    login(user)
    future = client.post(
        f"/hospitations/{h.id}/status",
        data={
            "to": "completed",
            "end": (today + dt.timedelta(days=2)).isoformat(),
            "reflection": "Lærerikt.",
        },
        follow_redirects=True,
    )
    assert "før sluttdatoen" in future.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Hospitation, h.id).status.value == "confirmed"
    done = client.post(
        f"/hospitations/{h.id}/status",
        data={
            "to": "completed",
            "end": today.isoformat(),
            "reflection": "Lærte mye om smertepumper.",
        },
        follow_redirects=True,
    )
    text = done.get_data(as_text=True)
    assert "Lærte mye om smertepumper." in text and "Fullført" in text
    db.session.expire_all()
    h = db.session.get(Hospitation, h.id)
    assert (h.status.value, h.end) == ("completed", today)
    assert [(e.from_status, e.to_status) for e in h.events if e.from_status != e.to_status][
        -2:
    ] == [("planned", "confirmed"), ("confirmed", "completed")]


def test_strangers_do_not_see_hospitations(client, login, db, nurse):
    person, user = nurse
    h = make_hospitation(person)
    login(make_user(Role.resource_person))
    assert client.get(f"/hospitations/{h.id}").status_code == 404
    assert client.get(f"/persons/{person.id}/hospitations/new").status_code == 404
    assert client.post(f"/hospitations/{h.id}/status", data={"to": "cancelled"}).status_code == 404


def test_coordinator_overview_and_who_has_none(client, login, db):
    net = network(INNLANDET)
    people = {}
    for name in ("Anna", "Berit", "Cecilie", "Dina", "Eva"):
        people[name] = make_person(name=f"{name} Test")
        make_membership(people[name], net)
    make_hospitation(people["Anna"], place="Planlagt-sted")
    make_hospitation(people["Berit"], place="Bekreftet-sted", status="confirmed")
    make_hospitation(people["Cecilie"], place="Fullført-sted", status="completed")
    make_hospitation(people["Dina"], place="Avlyst-sted", status="cancelled")
    login(make_coordinator(net))
    page = client.get(f"/networks/{INNLANDET}/hospitations")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for place in ("Planlagt-sted", "Bekreftet-sted", "Fullført-sted"):
        assert place in text
    assert "Avlyst-sted" not in text
    none_part = text.split("Uten hospitering ennå")[1]
    assert "Dina Test" in none_part and "Eva Test" in none_part and "Anna Test" not in none_part
    network_page = client.get(f"/networks/{INNLANDET}").get_data(as_text=True)
    assert f"/networks/{INNLANDET}/hospitations" in network_page
    login(make_coordinator(network(VEST)))
    assert client.get(f"/networks/{INNLANDET}/hospitations").status_code == 404


def _overview_queries(db, count_queries, n: int) -> int:
    net = make_network()
    for i in range(n):
        person = make_person(workplace=None)
        make_membership(person, net)
        make_hospitation(person, site=make_site(net, professions=["nurse"]), place=None)
        if i % 2:
            make_hospitation(person, status="completed")
    db.session.expire_all()
    net = db.session.get(type(net), net.id)
    with count_queries() as counter:
        overview = queries.network_overview(net, today_oslo())
        for rows in overview.by_status.values():
            for h in rows:
                _ = (h.person.name, h.site and h.site.network.name, h.person.municipality)
        sites = queries.list_sites(net)
        for s in sites:
            _ = ([p.key for p in s.professions], s.workplace, s.municipality)
    return counter.count


def test_overview_and_site_list_queries_do_not_grow(db, count_queries):
    assert _overview_queries(db, count_queries, 2) == _overview_queries(db, count_queries, 10)


def _day(n: int) -> str:
    return (today_oslo() + dt.timedelta(days=n)).isoformat()


def test_not_a_number_of_days_is_refused_on_the_form(client, login, db, nurse):
    person, user = nurse
    login(user)
    for value in ("NaN", "sNaN", "Infinity"):
        page = client.post(
            f"/persons/{person.id}/hospitations/new",
            data={"place": "Hamar", "start": _day(10), "days": value, "goals": "Lære."},
        )
        assert page.status_code == 200, value
        assert "Må være et tall." in page.text
    assert (
        db.session.scalar(db.select(Hospitation).where(Hospitation.person_id == person.id)) is None
    )


def test_the_site_is_mailed_only_after_the_hospitation_is_saved(
    client, login, db, nurse, monkeypatch
):
    person, user = nurse
    site = make_site(network(INNLANDET), email="anne@sykehus.no")
    commits: list[str] = []
    mailed_after: list[int] = []

    def on_commit(session):
        commits.append("commit")

    def fake_send(to, subject, body, **kwargs):
        mailed_after.append(len(commits))
        return True

    monkeypatch.setattr(links, "send_mail", fake_send)
    login(user)
    event.listen(Session, "after_commit", on_commit)
    try:
        response = client.post(
            f"/persons/{person.id}/hospitations/new",
            data={
                "site_id": str(site.id),
                "start": _day(14),
                "days": "1",
                "goals": "Lære.",
                "notify_site": "y",
            },
        )
    finally:
        event.remove(Session, "after_commit", on_commit)
    assert response.status_code == 302
    assert mailed_after and mailed_after[0] >= 1  # at least one commit before the mail
