"""The header on a phone: the menu is one row that scrolls sideways, every entry reachable."""

from __future__ import annotations

from tests.browser.conftest import at

COORDINATOR = "koordinator.innlandet@kompetansenett.no"


def test_on_a_phone_the_menu_is_one_row_and_its_last_entry_opens(browser_page, login_as, axe_check):
    page = login_as(browser_page, COORDINATOR)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/dashboard")
    links = page.locator("ul.nav a")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1, tops  # one row (it wrapped to four before)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page)
    last = page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Ressurspersonregister"
    )
    last.focus()  # keyboard users reach it with Tab; the row scrolls it into view
    assert last.bounding_box()["x"] + last.bounding_box()["width"] <= 360
    last.click()
    page.wait_for_url(at("/register"))
