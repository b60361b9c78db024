"""The members table in a real browser, by keyboard only: pick two members, end their
memberships after a question that names them, undo it; axe on each page, also at 360 px."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

COORD = "koordinator.innlandet@kompetansenett.no"
SLUG = "innlandet-ressurssykepleiere"


def _members(live_app, names: list[str]) -> None:
    from app.core.types import today_oslo
    from app.extensions import db
    from app.networks.operations import add_membership
    from app.people.operations import create_person
    from tests.factories import network

    with live_app.app_context():
        for name in names:
            email = f"{uuid.uuid4().hex[:8]}@example.no"
            person = create_person({"name": name, "email": email, "profession": "nurse"})
            add_membership(network(SLUG), person, today_oslo())
        db.session.commit()
        db.session.remove()


def _tab_to(page, locator, limit: int = 200) -> None:
    """Press Tab until `locator` has the focus (what a keyboard user does)."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(el) => document.activeElement === el", handle):
            return
    raise AssertionError("never reached by Tab")


def test_end_two_members_by_keyboard_and_undo(live_app, browser_page, login_as, axe_check):
    tag = uuid.uuid4().hex[:4]
    names = [f"Tastatur Én {tag}", f"Tastatur To {tag}"]
    _members(live_app, names)
    page = login_as(browser_page, COORD)
    page.goto(f"/networks/{SLUG}")
    nav = page.get_by_role("navigation", name="Sider for")
    nav.get_by_role("link", name="Medlemmer", exact=True).click()
    page.wait_for_url(f"**/networks/{SLUG}/members")
    axe_check(page)
    search = page.get_by_label("Søk på navn")
    _tab_to(page, search)
    page.keyboard.type(tag)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**q={tag}**")
    for name in names:
        box = page.get_by_role("checkbox", name=f"Velg {name}")
        _tab_to(page, box)
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    _tab_to(page, page.get_by_role("button", name="Avslutt valgte"))
    page.keyboard.press("Enter")
    question = page.locator("#confirm-question")
    expect(question).to_contain_text("Avslutte medlemskapet til 2 personer")
    expect(question).to_contain_text(names[0])
    axe_check(page)
    _tab_to(page, page.get_by_role("button", name="Avslutt medlemskapene"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Du avsluttet medlemskapet til 2 personer")
    assert f"q={tag}" in page.url  # the table as she left it
    # Ended today: the row says so (an end date, "Gjenåpne" instead of the checkbox).
    for name in names:
        row = page.get_by_role("row").filter(has_text=name)
        expect(row.get_by_role("button", name="Gjenåpne")).to_have_count(1)
        expect(row.get_by_role("checkbox")).to_have_count(0)
    axe_check(page)
    _tab_to(page, page.get_by_role("button", name="Angre"))
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_contain_text("2 medlemskap er gjenåpnet.")
    page.goto(f"/networks/{SLUG}/members?q={tag}")
    for name in names:
        expect(page.get_by_role("checkbox", name=f"Velg {name}")).to_have_count(1)
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    axe_check(page)
