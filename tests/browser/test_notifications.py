"""Mine varsler, the unsubscribe page and the outbox in a real browser: axe, keyboard, 360 px."""

from __future__ import annotations

from playwright.sync_api import expect


def test_my_notifications_by_keyboard_at_360_px(browser_page, login_as, axe_check):
    page = login_as(browser_page, "kari.nordmann@hamar.kommune.no")
    page.set_viewport_size({"width": 360, "height": 740})
    page.get_by_role("link", name="Mine varsler").click()
    expect(page.get_by_role("heading", name="Mine varsler")).to_be_visible()
    axe_check(page)
    box = page.get_by_label("Frist om 30 dager")
    expect(box).to_be_checked()
    box.focus()
    page.keyboard.press("Space")  # untick by keyboard
    page.get_by_role("button", name="Lagre").focus()
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_contain_text("Varslene dine er lagret")
    expect(page.get_by_label("Frist om 30 dager")).not_to_be_checked()
    expect(page.get_by_label("Frist passert (til meg, og til meg som leder)")).to_be_checked()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    # Put it back for the other tests on this shared database.
    page.get_by_label("Frist om 30 dager").check()
    page.get_by_role("button", name="Lagre").click()


def test_the_unsubscribe_page_and_the_outbox(browser_page, login_as, axe_check, live_app):
    from app.notifications.messages import unsubscribe_url

    with live_app.app_context():
        url = unsubscribe_url("ola@example.no", "event_soon")
    page = browser_page
    page.goto(url)
    axe_check(page)
    page.get_by_role("button", name="Ja, slå av").click()
    expect(page.locator("body")).to_contain_text("Du får ikke lenger")
    axe_check(page)
    login_as(page, "admin@kompetansenett.no")
    page.get_by_role("link", name="Utboks (e-post)").click()
    expect(page.get_by_role("heading", name="Utboks")).to_be_visible()
    axe_check(page)
