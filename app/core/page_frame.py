"""The frame every page shares: the site header (brand, main menu, languages, account), made
in Python.

In ``base.html`` the header printed some forty pieces through Jinja's lookups on every page
(a signed-in page's frame cost twice its content on the lighter pages); here it is a few
string joins, each value escaped. The words are the same messages as before, translated
through the request's catalogue."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from app.core.i18n import gettext as _
from app.core.templating import fixed_url, main_menu

#: the characters werkzeug leaves unquoted in a query (as url_for writes ``next=``)
_QUERY_SAFE = "!$'()*,/:;?@"
_CURRENT = ' aria-current="page"'


def _language_links(current: str) -> str:
    names = current_app.jinja_env.globals["language_names"]
    query = "?" + urlencode({"next": request.full_path}, safe=_QUERY_SAFE)
    return "".join(
        f'<a class="ds-link" href="{escape(fixed_url("core.set_language", code=code) + query)}"'
        f' lang="{code}" hreflang="{code}">{escape(name)}</a>\n'
        for code, name in names.items()
        if code != current
    )


def _account(signed_in: bool) -> str:
    if not signed_in:
        return f'<a class="ds-link" href="{fixed_url("auth.login")}">{escape(_("Logg inn"))}</a>'
    return (
        f'<a class="ds-link" href="{fixed_url("auth.account")}">{escape(_("Min konto"))}</a>\n'
        f'<form method="post" action="{fixed_url("auth.logout")}" class="inline">\n'
        f'<input type="hidden" name="csrf_token" value="{escape(generate_csrf())}">\n'
        '<button type="submit" class="ds-button" data-variant="tertiary" data-size="sm">'
        f"{escape(_('Logg ut'))}</button>\n</form>"
    )


def site_header(current_language: str) -> Markup:
    """The site header for this request: the menu entries the user may open (the current
    one marked), the other languages, and sign-in or the account and sign-out."""
    items = "".join(
        f'<li><a class="ds-link" data-color="neutral" href="{escape(href)}"'
        f"{_CURRENT if here else ''}>{escape(label)}</a></li>\n"
        for href, label, here in main_menu()
    )
    signed_in = bool(current_user.is_authenticated)
    html = (
        '<header class="site-header">\n<div class="wrap header-row">\n'
        f'<a class="brand ds-link" data-color="neutral" href="{fixed_url("dashboard.index")}">'
        "Kompetansenett</a>\n"
        f'<nav aria-label="{escape(_("Hovedmeny"))}">\n<ul class="nav">\n{items}</ul>\n</nav>\n'
        f'<div class="account">\n{_language_links(current_language)}{_account(signed_in)}\n'
        "</div>\n</div>\n</header>"
    )
    return Markup(html)  # noqa: S704 - every value above is escaped or our own
