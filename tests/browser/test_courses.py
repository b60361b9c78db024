"""Courses in a real browser: a resource person registers for a full offering, lands on the
waiting list, the one holding the seat cancels from "my courses", and the first is promoted
and sees it on "my courses"; a coordinator creates an offering with modules; axe on the pages."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from playwright.sync_api import expect
from sqlalchemy import select

from app.core.types import OSLO, today_oslo

COORDINATOR = "koordinator.vest@kompetansenett.no"
KARI = "kari.nordmann@hamar.kommune.no"
SIRI = "siri.fysio@bergen.kommune.no"


def _full_offering(live_app) -> tuple[int, str]:
    """A new course with one seat, already taken by Siri."""
    from app.courses import operations
    from app.extensions import db
    from app.people.models import Person
    from app.registrations import operations as registrations

    title = f"Kurs i symptomlindring {uuid.uuid4().hex[:6]}"
    with live_app.app_context():
        course = operations.create_course(
            {"key": f"symptomlindring-{uuid.uuid4().hex[:6]}", "title": title, "provider": "NFF"}
        )
        day = today_oslo() + dt.timedelta(days=40)
        offering = operations.create_offering(
            course,
            {
                "start": dt.datetime.combine(day, dt.time(9), tzinfo=OSLO),
                "end": dt.datetime.combine(day, dt.time(15), tzinfo=OSLO),
                "location": "Bergen",
                "capacity": 1,
            },
        )
        siri = db.session.scalar(select(Person).where(Person.email == SIRI))
        registrations.register(offering, siri)
        db.session.commit()
        offering_id = offering.id
        db.session.remove()
    return offering_id, title


def test_waiting_list_and_promotion_flow(browser, live_app, live_server, login_as, axe_check):
    offering_id, title = _full_offering(live_app)

    def new_page():
        context = browser.new_context(base_url=live_server, locale="nb-NO")
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    kari = login_as(new_page(), KARI)
    kari.goto("/courses")
    assert kari.locator('a[href^="webcal://"][href$="/courses/calendar.ics"]').count() == 1
    axe_check(kari)
    kari.get_by_label("Søk").fill(title)
    kari.get_by_role("button", name="Filtrer").click()
    kari.get_by_role("link", name=title).click()
    kari.locator(f'main a[href$="/courses/offerings/{offering_id}"]').first.click()
    kari.wait_for_url(f"**/courses/offerings/{offering_id}")
    assert "0 ledige av 1" in kari.content()
    axe_check(kari)
    kari.get_by_role("button", name="Sett meg på venteliste").click()
    assert "venteliste som nummer 1" in kari.locator(".flashes").inner_text()
    axe_check(kari)
    kari.goto("/courses/mine")
    row = kari.get_by_role("row", name=re.compile(title))
    assert "nr. 1 på ventelisten" in row.inner_text()
    axe_check(kari)

    siri = login_as(new_page(), SIRI)
    siri.goto("/courses/mine")
    axe_check(siri)
    siri.get_by_role("button", name=f"Meld av {title}").click()
    # Asked first, with what it means for the waiting list; "Avbryt" goes back.
    expect(siri.locator("h1")).to_have_text("Er du sikker?")
    assert "ventelisten" in siri.locator("main").inner_text()
    axe_check(siri)
    siri.get_by_role("button", name="Meld av").click()
    assert "Du er meldt av" in siri.locator(".flashes").inner_text()

    kari.goto("/courses/mine")
    row = kari.get_by_role("row", name=re.compile(title))
    assert "Påmeldt" in row.inner_text() and "venteliste" not in row.inner_text()
    kari.goto(f"/courses/offerings/{offering_id}")
    assert "Meld meg av" in kari.content()


def test_coordinator_creates_offering_with_modules(browser_page, login_as, axe_check):
    page = login_as(browser_page, COORDINATOR)
    page.goto("/courses/palliativ-medisin-teorikurs")
    axe_check(page)
    page.get_by_role("link", name="Sett opp nytt kurs").click()
    axe_check(page)
    year = today_oslo().year + 1
    page.get_by_label("Start", exact=True).first.fill(f"{year}-01-11T09:00")
    page.get_by_label("Slutt", exact=True).first.fill(f"{year}-06-11T15:00")
    page.get_by_label("Sted", exact=True).first.fill("Trondheim")
    page.get_by_label("Antall plasser").fill("35")
    page.locator("#modules-0-title").fill("Modul 1")
    page.locator("#modules-0-start").fill(f"{year}-01-11T09:00")
    page.locator("#modules-0-end").fill(f"{year}-01-15T15:00")
    # One empty row to start with; "Legg til modul" adds one, keeping what was typed.
    assert page.locator("#modules-1-title").count() == 0
    page.get_by_role("button", name="Legg til modul").click()
    assert page.locator("#modules-0-title").input_value() == "Modul 1"
    page.locator("#modules-1-title").fill("Modul 2")
    page.locator("#modules-1-start").fill(f"{year}-08-01T09:00")
    page.locator("#modules-1-end").fill(f"{year}-08-02T15:00")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("body")).to_contain_text("innenfor kursets datoer")
    axe_check(page)
    page.locator("#modules-1-start").fill(f"{year}-03-30T09:00")
    page.locator("#modules-1-end").fill(f"{year}-04-01T15:00")
    page.get_by_role("button", name="Legg til modul").click()
    page.get_by_role("button", name="Fjern modul 3").click()
    assert page.locator("#modules-1-title").input_value() == "Modul 2"
    page.locator("#modules-1-title").press("Enter")  # Enter in a field saves
    page.wait_for_url(re.compile(r".*/courses/offerings/\d+$"))
    assert "Modul 2" in page.content() and "35 ledige av 35" in page.content()
    page.get_by_role("link", name="Deltakerliste og oppmøte").click()
    axe_check(page)


def test_the_catalogue_filters_checkbox_is_a_box_that_can_be_ticked(browser_page):
    page = browser_page
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/courses")
        box = page.get_by_label("Bare kurs med kommende datoer")
        size = box.bounding_box()
        assert size["width"] >= 16 and abs(size["width"] - size["height"]) < 2, size
    box.check()
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**upcoming=1**")
    assert page.get_by_label("Bare kurs med kommende datoer").is_checked()
