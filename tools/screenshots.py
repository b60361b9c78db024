"""Take the README's screenshots from a running demo (`make run`), signed in as its users.

    .venv/bin/python tools/screenshots.py [--base http://127.0.0.1:5000] [--out docs/screenshots]

Needs Playwright and Debian's Chromium (/usr/bin/chromium), as the browser tests do. The demo's
coordinators use the demo TOTP secret (README, "Set-up"); a code is used once, so a second
sign-in of the same user waits for the next 30-second step.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyotp
from playwright.sync_api import Page, sync_playwright

DEMO_PASSWORD = "demo-passord-2026"  # noqa: S105 - the demo's printed password
DEMO_TOTP_SECRET = "KOMPETANSENETTDEMOKOMPETANSENETT"  # noqa: S105 - the demo's printed secret
COORD = "koordinator.innlandet@kompetansenett.no"
VEST = "koordinator.vest@kompetansenett.no"
NURSE = "kari.nordmann@hamar.kommune.no"
DOCTOR = "lise.lege@helse-bergen.no"
SLUG = "innlandet-ressurssykepleiere"

_last_step: dict[str, int] = {}


def sign_in(page: Page, email: str) -> None:
    """Through the real form; a fresh TOTP code on the code page when asked for one."""
    page.goto("/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    if "/login/code" in page.url:
        step = int(time.time()) // 30
        while _last_step.get(email) == step:
            time.sleep(1)
            step = int(time.time()) // 30
        _last_step[email] = step
        page.get_by_label("Kode").fill(pyotp.TOTP(DEMO_TOTP_SECRET).now())
        page.get_by_role("button", name="Bekreft").click()
        page.wait_for_load_state()


def shoot(page: Page, out: Path, name: str, path: str, *, full: bool = False) -> None:
    """Open `path` and save it as `name`.png (the first screen, or the whole page)."""
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(out / f"{name}.png"), full_page=full)
    print(f"{name}.png  {path}")


def first_link(page: Page, path: str, selector: str) -> str | None:
    """The address of the first link on `path` that `selector` finds."""
    page.goto(path)
    link = page.locator(selector).first
    return link.get_attribute("href") if link.count() else None


def main() -> None:
    """Sign in as each demo role and take the tour's pictures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:5000")
    parser.add_argument("--out", default="docs/screenshots")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")

        @contextmanager
        def signed_in(email: str, **context: object) -> Iterator[Page]:
            """A fresh browser context signed in as `email` (nb-NO, desktop unless told)."""
            options = {"viewport": {"width": 1280, "height": 900}, "locale": "nb-NO", **context}
            page = browser.new_context(base_url=args.base, **options).new_page()
            sign_in(page, email)
            try:
                yield page
            finally:
                page.context.close()

        with signed_in(COORD) as page:
            shoot(page, out, "dashboard-koordinator", "/dashboard")
            shoot(page, out, "nettverk", f"/networks/{SLUG}")
            shoot(page, out, "medlemmer", f"/networks/{SLUG}/members")
            shoot(page, out, "framdrift-nettverk", f"/networks/{SLUG}/progress")
            shoot(page, out, "planredigering", f"/networks/{SLUG}/plans/edit")
            shoot(page, out, "kurs", "/courses")
        with signed_in(NURSE) as page:
            shoot(page, out, "dashboard-ressurssykepleier", "/dashboard")
            mine = first_link(page, "/dashboard", 'main a[href$="/progress"][href^="/persons/"]')
            if mine:
                shoot(page, out, "framdrift-person", mine)
        with signed_in(VEST) as page:
            shoot(page, out, "kpm-soknader", "/kpm/applications")
            site = first_link(page, "/kpm/sites", 'main a[href^="/kpm/sites/"]:not([href$="/new"])')
            if site:
                shoot(page, out, "tilsyn", site)
        with signed_in(DOCTOR) as page:
            page.goto("/lang/nn?next=/dashboard")
            shoot(page, out, "dashboard-lege-nynorsk", "/dashboard")
            page.goto("/lang/nb?next=/dashboard")  # the choice is saved: give it back
        with signed_in(COORD, viewport={"width": 360, "height": 760}, is_mobile=True) as page:
            shoot(page, out, "medlemmer-mobil", f"/networks/{SLUG}/members")
        browser.close()


if __name__ == "__main__":
    main()
