"""Progress pages: a person's progress, the network overview, who is overdue (the plan editor
has tests/progress/test_plan_editor.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from app.core.types import today_oslo
from app.extensions import db as _db
from app.people.models import Person
from app.progress import facts, person_page
from tests import factories as ev
from tests.factories import (
    make_admin,
    make_coordinator,
    make_membership,
    make_network,
    make_person,
    make_user,
    municipality,
    network,
)
from tests.factories import network as seeded_network

D = dt.date


def text(res) -> str:
    """The page as a user reads it: tags dropped, whitespace collapsed."""
    html = res.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def inn():
    return network("innlandet-ressurssykepleiere")


def nurse(start=D(2025, 1, 1), **kw):
    p = make_person(profession="nurse", **kw)
    make_membership(p, inn(), start)
    return p


# --------------------------------------------------------------------------- person


def test_person_page_shows_statuses_in_words_amounts_and_what_is_missing(client, login):
    p = nurse()
    ev.hospitation(p, 1, D(2025, 3, 3), D(2025, 3, 3))
    login(make_user("resource_person", person=p))
    res = client.get(f"/persons/{p.id}/progress?on=2025-06-01")
    assert res.status_code == 200
    page = text(res)
    assert "Hospitering (minst 2 dager, med egne mål)" in page
    assert "Underveis" in page and "1 av 2 dager" in page
    assert "Mangler:" in page and "innen 01.01.2026" in page
    assert "<progress" in res.get_data(as_text=True)


def test_person_page_says_level_b_reached_and_late(client, login):
    p = nurse(start=D(2024, 1, 1))
    ev.attended_with_leader(p, inn(), "intro_course", D(2024, 3, 1))
    ev.recorded_course(p, "niva-b-palliasjon-sykepleie", D(2025, 3, 1))  # after 12 months
    ev.hospitation(p, 2, D(2024, 4, 1), D(2024, 4, 2))
    login(make_user("resource_person", person=p))
    page = text(client.get(f"/persons/{p.id}/progress?on=2025-06-01"))
    assert "Nivå B nådd" in page
    assert "etter fristen" in page and "for sent" in page


def test_person_page_says_ready_to_apply_for_kpm(client, login):
    p = make_person(profession="doctor", specialist_approved_on=D(2020, 1, 1))
    make_membership(p, network("kpm"), D(2024, 1, 1))
    ev.service(p, "centre_with_beds", D(2024, 1, 1), D(2025, 12, 31), 100)
    day = D(2024, 1, 10)
    while day <= D(2025, 12, 31):
        ev.meeting(p, day)
        day += dt.timedelta(days=30)
    ev.teaching(p, D(2025, 12, 1), 144)
    for kind in ("education_plan", "research_project"):
        ev.document(p, kind, D(2024, 2, 1))
    ev.recorded_course(p, "palliativ-medisin-teorikurs", D(2025, 6, 1))
    plan = facts.active_plans([network("kpm").id])[network("kpm").id]
    checklist = next(r for r in plan.requirements if r.kind == "checklist")
    for item in checklist.params["items"]:
        ev.attest(p, "kpm", checklist.key, item["key"], D(2025, 1, 1))
    login(make_user("resource_person", person=p))
    page = text(client.get(f"/persons/{p.id}/progress?on=2026-01-15"))
    assert "Klar til å søke KPM" in page, page


def test_person_page_bad_date_falls_back_to_today_with_a_message(client, login):
    p = nurse()
    login(make_user("resource_person", person=p))
    res = client.get(f"/persons/{p.id}/progress?on=2025-13-45")
    assert res.status_code == 200 and "Ugyldig dato" in text(res)


def test_person_page_access(client, login):
    p = nurse()
    assert "/login" in client.get(f"/persons/{p.id}/progress").headers["Location"]
    login(make_user("resource_person"))
    assert client.get(f"/persons/{p.id}/progress").status_code == 404
    login(make_coordinator(network("kpm")))
    assert client.get(f"/persons/{p.id}/progress").status_code == 404
    login(make_coordinator(inn()))
    assert client.get(f"/persons/{p.id}/progress").status_code == 200


def test_partials_on_person_page_dashboard_and_network_page(client, login):
    leader = make_person(profession="nurse")
    p = nurse(leader=leader)
    login(make_user("leader", person=leader))
    dash = text(client.get("/dashboard"))
    assert "Progresjon for mine ansatte" in dash and p.name in dash
    login(make_user("resource_person", person=p))
    assert "Min progresjon" in text(client.get("/dashboard"))
    person_page = client.get(f"/persons/{p.id}").get_data(as_text=True)
    assert f"/persons/{p.id}/progress" in person_page
    coord = make_coordinator(inn())
    login(coord)
    net_page = client.get("/networks/innlandet-ressurssykepleiere").get_data(as_text=True)
    assert "/networks/innlandet-ressurssykepleiere/progress" in net_page
    assert "/networks/innlandet-ressurssykepleiere/plans/edit" in net_page
    assert "Slik står nettverkene mine i dag" in text(client.get("/dashboard"))


def _busy_nurse(n: int):
    """A nurse a year and a half in, with ``n`` of each kind of evidence her plan reads."""
    today = today_oslo()
    p = nurse(start=today - dt.timedelta(days=540))
    for i in range(n):
        day = today - dt.timedelta(days=10 + 20 * i)
        ev.hospitation(p, 1, day)
        ev.attended(p, inn(), "theme_day", day - dt.timedelta(days=1))
        ev.recorded_course(p, "niva-b-palliasjon-sykepleie", day - dt.timedelta(days=2))
    ev.free_text_completion(p, "Eget kurs", today - dt.timedelta(days=5), level="B")
    return p


def test_person_page_runs_a_fixed_number_of_queries_whatever_the_evidence(
    client, login, count_queries
):
    few, many = _busy_nurse(1).id, _busy_nurse(12).id
    login(make_coordinator(inn()))
    _db.session.commit()  # the read model stores today's results as a request's commit would
    client.get(f"/persons/{few}/progress")  # warm caches
    counted = {}
    for who in (few, many):
        for day in ("", "?on=2026-01-15"):
            with count_queries() as q:
                res = client.get(f"/persons/{who}/progress{day}")
            assert res.status_code == 200
            counted[who, day] = len(q.selects)
    assert counted[few, ""] == counted[many, ""]
    assert counted[few, "?on=2026-01-15"] == counted[many, "?on=2026-01-15"]
    page = text(client.get(f"/persons/{many}/progress"))
    assert "og 4 til" in page  # twelve hospitations, eight shown
    assert "Eget kurs" in page


def test_todays_person_page_reads_the_model_and_says_what_the_engine_says(
    client, login, monkeypatch
):
    p = _busy_nurse(3)
    login(make_coordinator(inn()))
    _db.session.commit()
    url = f"/persons/{p.id}/progress"
    engine = client.get(f"{url}?on={today_oslo().isoformat()}")
    monkeypatch.setattr(
        person_page.rules, "evaluate_plan", lambda *a, **k: pytest.fail("the engine was asked")
    )
    stored = client.get(url)
    assert stored.status_code == 200

    def content(res) -> str:  # the page below its heading (the language links name ?on=)
        return text(res).split("Progresjon for", 1)[1]

    assert content(stored) == content(engine)
    assert "Oppfylt" in content(stored) and "Eget kurs" in content(stored)


# --------------------------------------------------------------------------- network


def test_network_overview_table_filters_and_access(client, login):
    late = nurse(start=D(2023, 1, 1))
    fresh = nurse(start=D(2025, 5, 1))
    login(make_coordinator(inn()))
    res = client.get("/networks/innlandet-ressurssykepleiere/progress?on=2025-06-01")
    assert res.status_code == 200
    html = res.get_data(as_text=True)
    assert late.name in html and fresh.name in html
    assert '<th scope="col">Hospitering (minst 2 dager, med egne mål)</th>' in html
    assert "Forfalt" in text(res) and "<caption" in html
    res = client.get("/networks/innlandet-ressurssykepleiere/progress?on=2025-06-01&status=overdue")
    html = res.get_data(as_text=True)
    assert late.name in html and fresh.name not in html
    res = client.get(
        "/networks/innlandet-ressurssykepleiere/progress?on=2025-06-01&status=due_soon"
    )
    html = res.get_data(as_text=True)
    assert late.name not in html  # overdue already, not "due soon"
    res = client.get(
        "/networks/innlandet-ressurssykepleiere/progress?on=2025-06-01&profession=doctor"
    )
    assert late.name not in res.get_data(as_text=True)
    overdue = text(client.get("/networks/innlandet-ressurssykepleiere/overdue?on=2025-06-01"))
    assert late.name in overdue and fresh.name not in overdue
    assert "Introduksjonskurs/basiskurs" in overdue
    login(make_coordinator(network("kpm")))
    assert client.get("/networks/innlandet-ressurssykepleiere/progress").status_code == 404
    assert client.get("/networks/innlandet-ressurssykepleiere/overdue").status_code == 404


def test_network_overview_paginates(client, login):
    net = make_network(professions=["nurse"])
    from app.progress import plans as plan_ops

    plan_ops.put_plan(net, "p", {"title": "P", "requirements": []})
    for i in range(55):
        make_membership(make_person(name=f"Medlem {i:03d}"), net, D(2025, 1, 1))
    login(make_coordinator(net))
    first = client.get(f"/networks/{net.slug}/progress").get_data(as_text=True)
    assert "Medlem 000" in first and "Medlem 054" not in first and "Side 1 av 2" in first
    second = client.get(f"/networks/{net.slug}/progress?page=2").get_data(as_text=True)
    assert "Medlem 054" in second and "Medlem 000" not in second


def test_network_overview_runs_a_fixed_number_of_queries(client, login, count_queries):
    coord = make_coordinator(inn())
    for _ in range(2):
        p = nurse()
        ev.hospitation(p, 1, D(2025, 3, 3))
    login(coord)
    client.get("/networks/innlandet-ressurssykepleiere/progress")  # warm caches
    with count_queries() as few:
        assert client.get("/networks/innlandet-ressurssykepleiere/progress").status_code == 200
    for _ in range(20):
        p = nurse()
        ev.hospitation(p, 1, D(2025, 3, 3))
        ev.attended(p, inn(), "theme_day", D(2025, 3, 4))
    _db.session.commit()  # as their own requests would have: not the page's queries
    # The filter choices are kept while the register stamp stands: the new members renewed
    # it, so the next page reads them once more (one query, whatever the size).
    with count_queries() as renewed:
        assert client.get("/networks/innlandet-ressurssykepleiere/progress").status_code == 200
    with count_queries() as many:
        assert client.get("/networks/innlandet-ressurssykepleiere/progress").status_code == 200
    assert len(few.selects) == len(many.selects)  # savepoints are the test harness's
    assert len(renewed.selects) == len(few.selects) + 1


SLUG = "innlandet-ressurssykepleiere"


def test_a_progress_page_survives_a_huge_number_stored_in_a_plan(login, db):
    net = seeded_network("kpm")
    plan = net.active_plan
    teaching = next(r for r in plan.requirements if r.kind.value == "teaching")
    teaching.params = {"hours_per_year_full_time": 10**400}
    _db.session.flush()
    person = make_person(profession="doctor")
    make_membership(person, net, D(2024, 1, 1))
    client = login(make_admin())
    assert client.get(f"/persons/{person.id}/progress").status_code == 200
    assert client.get("/networks/kpm/progress").status_code == 200


def test_the_dashboard_counts_overdue_members_per_network(login, db):
    inn = seeded_network(SLUG)
    other = make_network()
    late = make_person()
    make_membership(late, inn, D(2015, 1, 1))  # every deadline long past
    make_membership(make_person(), other, D(2015, 1, 1))  # no plan: never overdue
    html = login(make_coordinator(inn, other)).get("/dashboard").get_data(as_text=True)
    inn_part = html.split(f">{inn.name}</a>")[1].split("</article>")[0]
    other_part = html.split(f">{other.name}</a>")[1].split("</article>")[0]
    assert "<strong>1</strong> <a" in inn_part and "med forfalte krav" in inn_part
    assert "<strong>0</strong> <a" in other_part


def test_the_dashboard_charts_each_requirement_with_the_numbers_in_a_table(login, db):
    inn = seeded_network(SLUG)
    late = make_person(profession="nurse")
    make_membership(late, inn, D(2015, 1, 1))  # every deadline long past
    fresh = make_person(profession="nurse")
    make_membership(fresh, inn, dt.date.today())
    html = login(make_coordinator(inn)).get("/dashboard").get_data(as_text=True)
    section = html.split('id="progress-coord-h"')[1]
    assert "<strong>2</strong> aktive medlemmer" in section
    assert "<strong>0</strong> har fullført planen (0 %)" in section
    titles = [r.title for r in inn.active_plan.requirements]
    bars = re.findall(r'<svg class="bar"[^>]*aria-label="([^"]+)"', section)
    assert len(bars) == len(titles)
    # Each bar says in words what it shows: the late nurse is overdue on the intro course.
    intro = next(b for b in bars if b.startswith(titles[0]))
    assert "Forfalt 1" in intro and "Oppfylt 0" in intro
    table = section.split("<table>")[1].split("</table>")[0]
    assert all(t in table for t in titles)
    # Nobody outside her networks is counted.
    make_membership(make_person(profession="nurse"), make_network(), D(2015, 1, 1))
    again = login(make_coordinator(inn)).get("/dashboard").get_data(as_text=True)
    assert "<strong>2</strong> aktive medlemmer" in again


def test_network_overview_marks_doctors_the_kpm_body_approved(client, login):
    kpm = seeded_network("kpm")
    approved = make_person(name="Gro Godkjent", profession="doctor")
    approved.kpm_approved_on = D(2026, 2, 10)
    waiting = make_person(name="Per Venter", profession="doctor")
    for doctor in (approved, waiting):
        make_membership(doctor, kpm, D(2023, 1, 1))
    login(make_coordinator(kpm))
    page = text(client.get("/networks/kpm/progress"))
    assert "Gro Godkjent KPM godkjent 10.02.2026" in page
    assert "Per Venter KPM godkjent" not in page


def test_the_overview_filter_offers_a_new_members_municipality(client, login):
    coord = make_coordinator(inn())
    nurse(own_municipality=municipality("Hamar"))
    login(coord)
    page = client.get(f"/networks/{SLUG}/progress").get_data(as_text=True)
    assert ">Hamar</option>" in page and ">Gjøvik</option>" not in page
    nurse(own_municipality=municipality("Gjøvik"))
    _db.session.commit()
    page = client.get(f"/networks/{SLUG}/progress").get_data(as_text=True)
    assert ">Hamar</option>" in page and ">Gjøvik</option>" in page


def test_the_overview_sorts_by_name_as_a_reader_does_and_follows_a_rename(client, login):
    coord = make_coordinator(inn())
    for name in ("øyvind øst", "Åse Åsen", "Anne Alm"):
        nurse(name=name)
    login(coord)

    def order():
        table = client.get(f"/networks/{SLUG}/progress").get_data(as_text=True)
        table = table.split("<tbody>")[1]
        names = ["Anne Alm", "øyvind øst", "Åse Åsen", "Zara Zet"]
        return sorted((table.index(n), n) for n in names if n in table)

    # As a Norwegian reader sorts: z, then æ, ø, å, whatever their case.
    assert [n for _i, n in order()] == ["Anne Alm", "øyvind øst", "Åse Åsen"]
    person = _db.session.scalar(select(Person).where(Person.name == "Anne Alm"))
    person.name = "Zara Zet"
    _db.session.commit()
    assert [n for _i, n in order()] == ["Zara Zet", "øyvind øst", "Åse Åsen"]


def test_the_person_page_names_a_course_as_the_catalogue_names_it_now(client, login):
    # the catalogue's titles are kept per process while its stamp stands: a renamed course
    # shows its new title on the next page
    p = nurse()
    ev.recorded_course(p, "niva-b-palliasjon-sykepleie", D(2025, 3, 1))
    login(make_user("resource_person", person=p))
    _db.session.commit()
    course = ev.course("niva-b-palliasjon-sykepleie")
    # the evidence line: the day, then the course
    assert f"01.03.2025: {course.title}" in text(client.get(f"/persons/{p.id}/progress"))
    old, course.title = course.title, "Lindring for viderekomne"
    _db.session.commit()
    page = text(client.get(f"/persons/{p.id}/progress"))
    assert "01.03.2025: Lindring for viderekomne" in page
    assert f"01.03.2025: {old}" not in page
