"""Accounts in a real browser, with mail over a real local SMTP server (aiosmtpd):

- a coordinator invites a new member from the members list (asked first how many get an
  e-mail), the link in the e-mail sets a password and lands the member on her own progress
  page, and a second use of the link shows a clear page;
- sign-up → the coordinator approves → the invitation e-mail → the first sign-in.

axe (WCAG 2.1 AA) checks every new page on the way."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

COORD = "koordinator.innlandet@kompetansenett.no"
SLUG = "innlandet-ressurssykepleiere"
PASSWORD = "et-langt-godt-passord-42"  # noqa: S105 - test only


def _new_member(live_app, name: str) -> tuple[int, str]:
    from app.core.types import today_oslo
    from app.extensions import db
    from app.networks.operations import add_membership
    from app.people.operations import create_person
    from tests.factories import network

    email = f"{uuid.uuid4().hex[:8]}@example.no"
    with live_app.app_context():
        person = create_person({"name": name, "email": email, "profession": "nurse"})
        add_membership(network(SLUG), person, today_oslo())
        db.session.commit()
        person_id = person.id
        db.session.remove()
    return person_id, email


def _network_name(live_app) -> str:
    from tests.factories import network

    with live_app.app_context():
        return network(SLUG).name


def _invitation_path(smtp, email: str) -> str:
    (message,) = [m for m in smtp.messages if m["To"] == email]
    body = message.get_payload(decode=True).decode()
    return re.search(r"https?://[^/\s]+(/invitation/\S+)", body).group(1), body


def _new_page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def _set_password(page, path: str, axe_check) -> None:
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen til Kompetansenett")
    axe_check(page)
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_label("Gjenta passordet").fill(PASSWORD)
    page.get_by_role("button", name="Opprett konto").click()


def test_coordinator_invites_from_the_members_list_and_the_link_works_once(
    browser, live_app, live_server, live_smtp, login_as, axe_check
):
    name = f"Ingrid Invitert {uuid.uuid4().hex[:4]}"
    person_id, email = _new_member(live_app, name)
    coordinator = login_as(_new_page(browser, live_server), COORD)
    coordinator.goto(f"/networks/{SLUG}/members")
    coordinator.get_by_label("Søk på navn").fill(name)
    coordinator.get_by_role("button", name="Filtrer").click()
    row = coordinator.get_by_role("row").filter(has_text=name)
    expect(row).to_contain_text("ingen")
    axe_check(coordinator)
    row.get_by_role("checkbox", name=f"Velg {name}").check()
    coordinator.get_by_role("button", name="Inviter valgte").click()
    # Asked first, with the number of e-mails; nothing is sent yet.
    expect(coordinator.locator("#invite-count")).to_contain_text("1 person får en e-post")
    assert live_smtp.messages == []
    axe_check(coordinator)
    coordinator.get_by_role("button", name="Send 1 invitasjon").click()
    expect(coordinator.locator("body")).to_contain_text("1 invitasjon er sendt")
    path, body = _invitation_path(live_smtp, email)
    # Who invited her (the coordinator has no person record: her e-mail) and to which network.
    assert f"{COORD} har invitert deg til {_network_name(live_app)}" in body
    coordinator.get_by_label("Søk på navn").fill(name)
    coordinator.get_by_role("button", name="Filtrer").click()
    expect(coordinator.get_by_role("row").filter(has_text=name)).to_contain_text("invitert ")

    member = _new_page(browser, live_server)
    _set_password(member, path, axe_check)
    member.wait_for_url(f"**/persons/{person_id}/progress")
    expect(member.locator("body")).to_contain_text("Velkommen! Kontoen din er klar.")
    axe_check(member)

    again = _new_page(browser, live_server)
    again.goto(path)
    expect(again.get_by_role("heading", level=1)).to_have_text("Invitasjonen virker ikke")
    expect(again.locator("body")).to_contain_text("allerede brukt")
    axe_check(again)

    coordinator.goto(f"/persons/{person_id}")
    expect(coordinator.locator("#account-h")).to_be_visible()
    expect(coordinator.locator("body")).to_contain_text("Aktiv konto")
    axe_check(coordinator)


def test_sign_up_approval_invitation_and_first_sign_in(
    browser, live_app, live_server, live_smtp, login_as, axe_check
):
    name = f"Sigrid Søker {uuid.uuid4().hex[:4]}"
    email = f"{uuid.uuid4().hex[:8]}@example.no"
    applicant = _new_page(browser, live_server)
    applicant.goto("/login")
    applicant.get_by_role("link", name="Registrer deg").click()
    applicant.wait_for_url("**/registrer-deg")
    axe_check(applicant)
    applicant.get_by_label("Navn").fill(name)
    applicant.get_by_label("E-post", exact=True).fill("ikke-en-adresse")
    applicant.get_by_label("Yrke").select_option("nurse")
    applicant.get_by_label("Arbeidssted").fill("Hamar sykehjem")
    applicant.get_by_label("Nettverk").select_option(SLUG)
    applicant.get_by_role("button", name="Send forespørsel").click()
    # A bad e-mail is said on its field, and what was typed is kept.
    expect(applicant.locator("#email-error")).to_be_visible()
    expect(applicant.get_by_label("Navn")).to_have_value(name)
    axe_check(applicant)
    applicant.get_by_label("E-post", exact=True).fill(email)
    applicant.get_by_role("button", name="Send forespørsel").click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Takk!")
    axe_check(applicant)

    coordinator = login_as(_new_page(browser, live_server), COORD)
    expect(coordinator.locator("#signup-dash-h")).to_be_visible()
    expect(coordinator.locator("body")).to_contain_text(name)
    axe_check(coordinator)
    coordinator.get_by_role("link", name=re.compile("venter – behandle")).click()
    coordinator.wait_for_url("**/registreringer")
    axe_check(coordinator)
    row = coordinator.get_by_role("row").filter(has_text=name)
    row.get_by_role("link", name=f"Avslå {name}").click()
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text(name)
    axe_check(coordinator)
    coordinator.get_by_role("link", name="Avbryt").click()
    row = coordinator.get_by_role("row").filter(has_text=name)
    row.get_by_role("button", name=f"Godkjenn og inviter {name}").click()
    expect(coordinator.locator("body")).to_contain_text(f"{name} er godkjent")

    path, _body = _invitation_path(live_smtp, email)
    _set_password(applicant, path, axe_check)
    applicant.wait_for_url("**/progress")
    applicant.get_by_role("button", name="Logg ut").click()
    applicant.wait_for_url("**/login")
    login_as(applicant, email, PASSWORD)
    expect(applicant.locator("body")).to_contain_text(name)
