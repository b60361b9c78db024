"""Walks through the product as each role uses it: every page a coordinator, a KPM
coordinator, a leader, a nurse and a doctor open, with axe (WCAG 2.1 AA) clean on each, at
desktop width and on a 360-pixel phone, never wider than the phone's screen, and never a
page that answers with an error."""

from __future__ import annotations

import pytest
from sqlalchemy import select

SLUG = "innlandet-ressurssykepleiere"


def _ids(live_app) -> dict[str, int]:
    """The demo's persons and KPM objects the walks open."""
    from app.extensions import db
    from app.kpm.application_models import KpmApplication
    from app.kpm.models import EducationSite
    from app.people.models import Person

    with live_app.app_context():
        by_email = dict(db.session.execute(select(Person.email, Person.id)).all())
        found = {
            "kari": by_email["kari.nordmann@hamar.kommune.no"],
            "lise": by_email["lise.lege@helse-bergen.no"],
            "site": db.session.scalar(select(EducationSite.id).order_by(EducationSite.id)),
            "application": db.session.scalar(
                select(KpmApplication.id).order_by(KpmApplication.id)
            ),
        }
        db.session.remove()
    return found


WALKS = {
    "koordinator.innlandet@kompetansenett.no": [
        "/dashboard",
        f"/networks/{SLUG}",
        f"/networks/{SLUG}/members",
        f"/networks/{SLUG}/progress",
        f"/networks/{SLUG}/overdue",
        f"/networks/{SLUG}/plans/edit",
        f"/networks/{SLUG}/year",
        f"/networks/{SLUG}/hospitations",
        f"/networks/{SLUG}/uncovered",
        f"/networks/{SLUG}/import",
        "/gatherings",
        "/courses",
        "/persons",
        "/persons/{kari}",
        "/persons/{kari}/progress",
        "/registreringer",
        "/retention",
        "/reports",
        "/varsler",
        "/account",
    ],
    "admin@kompetansenett.no": ["/dashboard", "/users", "/admin/audit", "/admin/outbox"],
    "koordinator.vest@kompetansenett.no": [
        "/kpm/applications",
        "/kpm/applications/{application}",
        "/kpm/sites",
        "/kpm/sites/{site}",
        "/kpm/inbox",
        "/persons/{lise}/kpm",
    ],
    "hanne.leder@hamar.kommune.no": ["/dashboard", "/persons/{kari}/progress", "/reports"],
    "kari.nordmann@hamar.kommune.no": [
        "/dashboard",
        "/persons/{kari}",
        "/persons/{kari}/progress",
        "/persons/{kari}/export",
        "/courses",
        "/courses/mine",
        "/gatherings",
        "/varsler",
        "/account",
    ],
    "lise.lege@helse-bergen.no": [
        "/dashboard",
        "/persons/{lise}/kpm",
        "/persons/{lise}/progress",
        "/persons/{lise}/kpm/application",
    ],
}


@pytest.mark.parametrize("email", list(WALKS))
def test_each_role_walks_its_pages(live_app, browser_page, login_as, axe_check, email):
    ids = _ids(live_app)
    page = login_as(browser_page, email)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        for template in WALKS[email]:
            path = template.format(**ids)
            response = page.goto(path)
            assert response is not None and response.status < 400, (path, response.status)
            assert page.get_by_role("heading", level=1).count() == 1, path
            axe_check(page)
            if width == 360:
                wide = page.evaluate("document.documentElement.scrollWidth")
                assert wide <= 362, (path, wide)
