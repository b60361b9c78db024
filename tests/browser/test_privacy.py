"""Privacy in a real browser: a resource person reads and downloads her data, an admin
anonymises someone after a confirmation that names her, the privacy page; axe on each."""

from __future__ import annotations

import json

from sqlalchemy import select

ADMIN = "admin@kompetansenett.no"
KARI = "kari.nordmann@hamar.kommune.no"
COORD = "koordinator.innlandet@kompetansenett.no"


def _person_id(live_app, email: str) -> int:
    from app.extensions import db
    from app.people.models import Person

    with live_app.app_context():
        found = db.session.scalar(select(Person.id).where(Person.email == email))
        db.session.remove()
    return found


def _new_person(live_app) -> int:
    from app.extensions import db
    from app.people.models import Person, Profession

    with live_app.app_context():
        nurse = db.session.scalar(select(Profession).where(Profession.key == "nurse"))
        person = Person(name="Tove Slettes", email="tove.slettes@example.no", profession=nurse)
        db.session.add(person)
        db.session.commit()
        found = person.id
        db.session.remove()
    return found


def test_she_reads_and_downloads_her_data(live_app, browser_page, login_as, axe_check, tmp_path):
    page = login_as(browser_page, KARI)
    page.goto(f"/persons/{_person_id(live_app, KARI)}")
    page.get_by_role("link", name="Mine data", exact=True).click()
    page.wait_for_url("**/export")
    assert page.get_by_role("heading", level=1).inner_text() == "Alt vi har lagret om Kari Nordmann"
    assert page.get_by_role("heading", name="Medlemskap").is_visible()
    axe_check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned som JSON").click()
    saved = tmp_path / "mine-data.json"
    download_info.value.save_as(saved)
    data = json.loads(saved.read_text())
    assert data["person"]["email"] == KARI and data["memberships"]
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    axe_check(page)


def test_admin_anonymises_after_a_confirmation_naming_her(
    live_app, browser_page, login_as, axe_check
):
    person_id = _new_person(live_app)
    page = login_as(browser_page, ADMIN)
    page.goto(f"/persons/{person_id}")
    page.get_by_role("button", name="Anonymiser").click()
    question = page.locator("#confirm-question").inner_text()
    assert "Tove Slettes" in question and "tove.slettes@example.no" in question
    axe_check(page)
    page.get_by_role("button", name="Anonymiser personen").click()
    page.wait_for_url(f"**/persons/{person_id}")
    assert "Personen er anonymisert." in page.content()
    assert page.get_by_role("heading", level=1).inner_text() == f"Anonymisert person #{person_id}"
    assert "Tove" not in page.content()
    axe_check(page)


def test_privacy_page_from_the_footer_and_the_retention_page(browser_page, login_as, axe_check):
    page = browser_page
    page.goto("/register")
    page.get_by_role("link", name="Personvernerklæring").click()
    page.wait_for_url("**/personvern")
    assert page.get_by_role("heading", name="Hvor lenge").is_visible()
    axe_check(page)
    login_as(page, COORD)
    page.goto("/retention")
    assert page.get_by_role("heading", level=1).inner_text() == "Lagringstid"
    axe_check(page)
