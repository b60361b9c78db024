"""The competence-plan editor by keyboard only: a coordinator opens it, adds a requirement of
every kind (courses from the catalogue, a gathering kind, days, months, site kinds, checklist
rows added and removed), moves one, saves; the progress API shows the plan. A wrong number
keeps what was typed and the focus lands on it. After every action the focus is on a control
that shows it (never lost to the page), and axe finds nothing at 1280 and 360 px."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

COORD = "koordinator.innlandet@kompetansenett.no"
#: (kind, the add button's label, the title typed)
KINDS = [
    ("course", "Kurs", "Kurs på nivå B"),
    ("gathering", "Samling", "Temadager"),
    ("hospitation", "Hospitering", "Hospitering tre dager"),
    ("checklist", "Sjekkliste", "Ferdigheter"),
    ("service", "Klinisk tjeneste", "Tjeneste"),
    ("supervision", "Veiledning", "Veiledning jevnlig"),
    ("teaching", "Undervisning", "Internundervisning"),
    ("document", "Dokument", "Forskningsprosjekt levert"),
]


@pytest.fixture()
def editor_network(live_app):
    """A network of its own (saving makes the plan active; the demo networks keep theirs),
    run by the demo coordinator, with one nurse, and an API token of the coordinator."""
    from sqlalchemy import select

    from app.auth.models import User
    from app.auth.operations import create_api_token
    from app.core.types import today_oslo
    from app.extensions import db
    from app.networks.models import Network
    from app.networks.operations import add_membership
    from app.people.operations import create_person
    from tests.factories import profession

    tag = uuid.uuid4().hex[:6]
    with live_app.app_context():
        net = Network(slug=f"tastatur-{tag}", name=f"Tastaturnettverket {tag}")
        net.professions = [profession("nurse")]
        db.session.add(net)
        coordinator = db.session.scalar(select(User).where(User.email == COORD))
        coordinator.networks.append(net)
        nurse = create_person(
            {
                "name": f"Tastatur Sykepleier {tag}",
                "email": f"{tag}@example.no",
                "profession": "nurse",
            }
        )
        add_membership(net, nurse, today_oslo())
        token = create_api_token(coordinator, name=f"tastatur {tag}")
        db.session.commit()
        info = {"slug": net.slug, "person_id": nurse.id, "token": token}
        db.session.remove()
    return info


def _tab_to(page, locator, back: bool = False, limit: int = 400) -> None:
    """Press Tab (or Shift+Tab) until `locator` has the focus, each stop visibly focused."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        _assert_focus_visible(page)
        if page.evaluate("(el) => document.activeElement === el", handle):
            return
    raise AssertionError("never reached by Tab")


def _assert_focus_visible(page) -> None:
    """The focus is on an element (not the page) and it shows: :focus-visible and an outline."""
    state = page.evaluate(
        """() => {
          const el = document.activeElement;
          if (!el || el === document.body || el === document.documentElement) return 'body';
          const style = getComputedStyle(el);
          const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
          return el.matches(':focus-visible') && ring ? 'ok' : 'hidden:' + el.outerHTML;
        }"""
    )
    assert state == "ok", state


def _press(page, key: str = "Enter") -> None:
    """Press a key that submits the editor; wait for the new page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def _focused_after_action(page, locator) -> None:
    """After an action the focus is where work goes on, visibly."""
    expect(locator).to_be_focused()
    _assert_focus_visible(page)


def _retype(page, text: str) -> None:
    """Replace the focused field's text, the way a keyboard user does."""
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def _block(page, i: int):
    return page.locator(f"#req-{i}-block")


def _add(page, i: int, label: str, title: str) -> None:
    _tab_to(page, page.get_by_role("button", name=f"{label} – legg til krav"))
    _press(page)
    title_field = page.locator(f"#req-{i}-title")
    _focused_after_action(page, title_field)
    page.keyboard.type(title)


def _fill_kind(page, i: int, kind: str) -> None:
    """The kind's own fields, by Tab, Space, arrows and typing."""
    block = _block(page, i)
    if kind == "course":
        for name in (
            "Grunnkurs i palliasjon",
            "Kurs på nivå B i palliasjon og kreftomsorg (nivå B)",
        ):
            box = block.get_by_role("checkbox", name=name, exact=True)
            _tab_to(page, box)
            page.keyboard.press("Space")
            expect(box).to_be_checked()
        match = block.get_by_label("Hvor mange av kursene")
        _tab_to(page, match)
        page.keyboard.press("ArrowDown")
        expect(match).to_have_value("all")
    elif kind == "gathering":
        gathering_kind = block.get_by_label("Type samling")
        _tab_to(page, gathering_kind)
        page.keyboard.press("ArrowDown")  # Nettverkssamling → Temadag
        expect(gathering_kind).to_have_value("theme_day")
        _tab_to(page, block.get_by_label("Antall samlinger"))
        _retype(page, "2")
        leader = block.get_by_label("Lederen må ha deltatt på samme samling")
        _tab_to(page, leader)
        page.keyboard.press("Space")
        expect(leader).to_be_checked()
    elif kind == "hospitation":
        _tab_to(page, block.get_by_label("Minst antall dager"))
        _retype(page, "3")
    elif kind == "checklist":
        _tab_to(page, block.get_by_label("Punkt 1", exact=True))
        page.keyboard.type("Pleuradren")
        for n, text in ((2, "Veneport"), (3, "Nasogastrisk sonde")):
            _tab_to(page, block.get_by_role("button", name="Legg til punkt"))
            _press(page)
            _focused_after_action(page, page.locator(f"#req-{i}-item-{n - 1}-title"))
            page.keyboard.type(text)
        # Remove the second row: the focus goes to the row that took its place.
        _tab_to(page, block.get_by_role("button", name="Fjern punkt 2"), back=True)
        _press(page)
        _focused_after_action(page, page.locator(f"#req-{i}-item-1-title"))
        expect(page.locator(f"#req-{i}-item-1-title")).to_have_value("Nasogastrisk sonde")
        expect(block.get_by_label("Punkt 3", exact=True)).to_have_count(0)
    elif kind == "service":
        _tab_to(page, block.get_by_label("Måneder tjeneste i alt"))
        _retype(page, "18")
        _tab_to(page, block.get_by_label("Palliativt senter uten sengepost: Høyst måneder"))
        _retype(page, "6")
        nursing_home = block.get_by_label("Palliativ enhet i sykehjem / DMS", exact=True)
        _tab_to(page, nursing_home)
        page.keyboard.press("Space")
        expect(nursing_home).not_to_be_checked()
    elif kind == "supervision":
        _tab_to(page, block.get_by_label("Første veiledning innen (dager)"))
        _retype(page, "30")
    elif kind == "teaching":
        _tab_to(page, block.get_by_label("Timer undervisning per år i full stilling"))
        _retype(page, "60")
    elif kind == "document":
        document = block.get_by_label("Dokument", exact=True)
        _tab_to(page, document)
        page.keyboard.press("End")  # the last kind of document
        expect(document).to_have_value("head_of_department_statement")


def _progress(page, info) -> list[dict]:
    response = page.request.get(
        f"/api/v1/persons/{info['person_id']}/progress",
        headers={"Authorization": f"Bearer {info['token']}"},
    )
    assert response.ok, response.text()
    return response.json()["plans"]


def test_build_a_plan_of_every_kind_by_keyboard(
    live_app, browser_page, login_as, axe_check, editor_network
):
    info = editor_network
    page = login_as(browser_page, COORD)
    page.goto(f"/networks/{info['slug']}")
    nav = page.get_by_role("navigation", name="Sider for")
    _tab_to(page, nav.get_by_role("link", name="Kompetanseplan"))
    _press(page)
    assert page.url.endswith(f"/networks/{info['slug']}/plans/{info['slug']}-plan/edit")
    axe_check(page)

    _tab_to(page, page.get_by_label("Planens tittel"))
    page.keyboard.type("Tastaturplanen")
    for i, (kind, label, title) in enumerate(KINDS):
        _add(page, i, label, title)
        _fill_kind(page, i, kind)
    axe_check(page)

    # Move the teaching block up: the focus follows it, on its own "Flytt opp".
    _tab_to(page, page.get_by_role("button", name="Flytt opp Internundervisning"), back=True)
    _press(page)
    moved_up = page.locator("#req-5-up")
    _focused_after_action(page, moved_up)
    expect(moved_up).to_have_accessible_name("Flytt opp Internundervisning")
    expect(page.locator("#req-5-title")).to_have_value("Internundervisning")

    # A wrong number: not saved, the value as typed, the focus on the field, the error read.
    deadline = page.locator("#req-2-deadline_months")
    _tab_to(page, deadline, back=True)
    page.keyboard.type("to år")
    _tab_to(page, page.get_by_role("button", name="Lagre planen"))
    _press(page)
    _focused_after_action(page, deadline)
    expect(deadline).to_have_value("to år")
    expect(deadline).to_have_attribute("aria-invalid", "true")
    expect(deadline).to_have_accessible_description("Må være et heltall.")
    expect(page.get_by_role("alert")).to_contain_text("Planen ble ikke lagret")
    expect(page.locator("#req-3-item-1-title")).to_have_value("Nasogastrisk sonde")
    assert _progress(page, info) == []  # nothing saved
    axe_check(page)

    _retype(page, "12")
    _tab_to(page, page.get_by_role("button", name="Lagre planen"))
    _press(page)
    status = page.get_by_role("status").filter(has_text="Kompetanseplanen er lagret")
    _focused_after_action(page, status)

    plans = _progress(page, info)
    assert [p["title"] for p in plans] == ["Tastaturplanen"]
    requirements = plans[0]["requirements"]
    titles = [r["title"] for r in requirements]
    assert titles == [t for _k, _l, t in KINDS[:5]] + [
        "Internundervisning",
        "Veiledning jevnlig",
        "Forskningsprosjekt levert",
    ]
    _saved_params(live_app, info)

    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    axe_check(page)
    # Folded blocks open from the keyboard too.
    summary = page.locator("#req-0-summary")
    _tab_to(page, summary)
    page.keyboard.press("Enter")
    expect(_block(page, 0)).to_have_attribute("open", "")
    axe_check(page)


def _saved_params(live_app, info) -> None:
    """What each kind's fields became in the saved plan (the plan API's shape)."""
    from sqlalchemy import select

    from app.extensions import db
    from app.networks.models import Network
    from app.progress import plans

    with live_app.app_context():
        net = db.session.scalar(select(Network).where(Network.slug == info["slug"]))
        saved = plans.plan_to_json(net.active_plan)
        db.session.remove()
    params = {r["kind"]: r["params"] for r in saved["requirements"]}
    deadlines = {r["kind"]: r["deadline_months"] for r in saved["requirements"]}
    assert saved["title"] == "Tastaturplanen"
    assert [r["kind"] for r in saved["requirements"]] == [
        "course",
        "gathering",
        "hospitation",
        "checklist",
        "service",
        "teaching",
        "supervision",
        "document",
    ]
    assert params["course"]["match"] == "all"
    assert set(params["course"]["courses"]) == {
        "niva-b-palliasjon-sykepleie",
        "grunnkurs-palliasjon-haukeland",
    }
    assert params["gathering"] == {"gathering_kind": "theme_day", "count": 2, "with_leader": True}
    assert params["hospitation"]["min_days"] == 3
    assert deadlines["hospitation"] == 12
    assert [i["title"] for i in params["checklist"]["items"]] == [
        "Pleuradren",
        "Nasogastrisk sonde",
    ]
    assert params["service"]["months"] == 18
    assert set(params["service"]["site_kinds"]) == {"centre_with_beds", "centre_without_beds"}
    assert params["service"]["site_kinds"]["centre_without_beds"]["max_months"] == 6
    assert params["supervision"]["first_within_days"] == 30
    assert params["teaching"]["hours_per_year_full_time"] == 60
    assert params["document"]["document"] == "head_of_department_statement"
