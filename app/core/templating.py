"""Template filters and globals: Norwegian dates, Oslo times, status labels, access checks."""

from __future__ import annotations

import datetime as dt

from flask import Flask, current_app, request, url_for
from flask.globals import _cv_request  # the request context itself, without its proxies
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2 import TemplateNotFound
from markupsafe import Markup, escape

from app.core import access
from app.core.i18n import count_form, text
from app.core.seed_texts import seeded
from app.core.types import LabelledEnum, to_oslo

STATUS_LABELS = {
    "met": _l("Oppfylt"),
    "in_progress": _l("Underveis"),
    "due": _l("Gjenstår"),
    "overdue": _l("Forfalt"),
    "not_applicable": _l("Ikke aktuelt"),
    "registered": _l("Påmeldt"),
    "waitlisted": _l("Venteliste"),
    "cancelled": _l("Avlyst/avmeldt"),
    "attended": _l("Deltok"),
    "completed": _l("Fullført"),
    "no_show": _l("Møtte ikke"),
    "planned": _l("Planlagt"),
}


def format_date(value: dt.date | dt.datetime | None) -> str:
    """dd.mm.yyyy, the Norwegian way."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = to_oslo(value)
    return value.strftime("%d.%m.%Y")


def format_datetime(value: dt.datetime | None) -> str:
    """dd.mm.yyyy kl. HH:MM in Oslo time ("at" in English)."""
    if value is None:
        return ""
    local = to_oslo(value)
    return _("%(d)s kl. %(t)s", d=local.strftime("%d.%m.%Y"), t=local.strftime("%H:%M"))


def format_time(value: dt.datetime | None) -> str:
    """HH:MM in Oslo time."""
    return to_oslo(value).strftime("%H:%M") if value else ""


def format_number(value: float | int | None) -> str:
    """A number with one decimal at most: a decimal comma in Norwegian, a point in English."""
    if value is None:
        return ""
    rounded = round(float(value), 1)
    text = f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"
    locale = get_locale()
    return text if locale is not None and locale.language == "en" else text.replace(".", ",")


def status_label(value) -> str:
    """The word for a status: the enum's own label, else the shared table."""
    if isinstance(value, LabelledEnum):
        return value.label
    key = getattr(value, "value", value)
    return text(STATUS_LABELS.get(key, key))


def url_with(**changes) -> str:
    """The current URL with some query arguments replaced (for filters and pagination)."""
    args = request.args.to_dict()
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


#: menu entries shown when their feature's endpoint exists and the user may open the page
#: (the predicate of core/access.py that the page itself checks, or None for public pages)
NAV_CANDIDATES = (
    ("courses.catalogue", _l("Kurs"), None),
    ("gatherings.list_gatherings", _l("Samlinger"), None),
    ("hospitation.list_sites", _l("Hospitering"), None),
    ("reports.index", _l("Rapporter"), access.can_see_overviews),
)
#: per-feature sections included (when present) on the dashboard, person and network pages
FEATURES = (
    "auth",
    "progress",
    "courses",
    "gatherings",
    "hospitation",
    "kpm",
    "reports",
    "notifications",
    "privacy",
)


class Partials:
    """The features' sections of one page (``{feature}/_network.html``, …) that exist, looked
    up once per application: including a missing one searched every template folder again
    on every page."""

    def __init__(self, name: str) -> None:
        self.names = tuple(f"{feature}/{name}" for feature in FEATURES)

    def __iter__(self):
        if current_app.jinja_env.auto_reload:  # while developing, a new section shows at once
            return iter(tuple(n for n in self.names if _exists(n)))
        found = current_app.extensions.setdefault("kn_partials", {})
        names = found.get(self.names)
        if names is None:
            names = found[self.names] = tuple(n for n in self.names if _exists(n))
        return iter(names)


def _exists(name: str) -> bool:
    try:
        current_app.jinja_env.get_template(name)
    except TemplateNotFound:
        return False
    return True


DASHBOARD_PARTIALS = Partials("_dashboard.html")
PERSON_PARTIALS = Partials("_person.html")
NETWORK_PARTIALS = Partials("_network.html")


def _signed_in(user) -> bool:
    return bool(user.is_authenticated)


#: the whole main menu in its order: (endpoint, label, who sees it (None: everyone))
MAIN_MENU = (
    ("dashboard.dashboard", _l("Min side"), _signed_in),
    ("networks.list_networks", _l("Nettverk"), None),
    *NAV_CANDIDATES,
    ("people.list_persons", _l("Personer"), access.can_see_overviews),
    ("auth.list_users", _l("Brukere"), access.can_see_users),
    ("people.public_register", _l("Ressurspersonregister"), None),
)


def fixed_url(endpoint: str, **values: str) -> str:
    """``url_for`` of a URL that depends only on the deployment and on values from a small
    set (a menu entry, a static file, a network's page by its slug): built once per process
    and script root, not once per page (a page asks for some twenty, so the request context
    is read directly, not through its proxies). Never for a person's or a row's id."""
    context = _cv_request.get()
    key = (context.request.script_root, endpoint, *sorted(values.items()))
    urls = context.app.extensions.get(_FIXED_URLS)
    if urls is None:
        urls = context.app.extensions[_FIXED_URLS] = {}
    url = urls.get(key)
    if url is None:
        if len(urls) >= _FIXED_URLS_KEPT:
            urls.clear()  # a bound, should a value ever come from outside that small set
        url = urls[key] = url_for(endpoint, **values)
    return url


_FIXED_URLS = "kn_fixed_urls"
_FIXED_URLS_KEPT = 4096


def main_menu() -> list[tuple[str, str, bool]]:
    """The main menu for this user: (address, label, whether it is the current page)."""
    user = current_user._get_current_object()
    path = request.path
    views = current_app.view_functions
    menu = []
    for endpoint, label, allowed in MAIN_MENU:
        if endpoint not in views or (allowed is not None and not allowed(user)):
            continue
        href = fixed_url(endpoint)
        menu.append((href, text(label), path == href or path.startswith(href + "/")))
    return menu


def select_options(choices, chosen: str | None, blank: str | None = None) -> Markup:
    """A select's options from (value, label) pairs, ``chosen`` selected; a pair whose value
    is empty is labelled ``blank`` when given. Built in Python, each value escaped: a select
    of a region's hundred-odd municipalities printed through Jinja cost more than the rest
    of its page. The options of the same choices are kept per process (escaping a hundred
    labels cost more than the page's queries); the chosen one is marked in the copy."""
    key = (tuple((_value(v), text(label)) for v, label in choices), blank and text(blank))
    html = _OPTIONS.get(key)
    if html is None:
        html = _options_html(*key)
        if len(_OPTIONS) >= _OPTIONS_KEPT:
            _OPTIONS.pop(next(iter(_OPTIONS)), None)
        _OPTIONS[key] = html
    if chosen is None:
        return Markup(html)  # noqa: S704 - built by _options_html, every value escaped
    value = escape(chosen)
    marked = html.replace(f'<option value="{value}">', f'<option value="{value}" selected>')
    return Markup(marked)  # noqa: S704 - as above, with an escaped value marked


def _value(value) -> str:
    return "" if value is None else str(value)


def _options_html(pairs: tuple[tuple[str, str], ...], blank: str | None) -> str:
    out = []
    for value, label in pairs:
        if not value and blank is not None:
            label = blank
        out.append(f'<option value="{escape(value)}">{escape(label)}</option>')
    return "".join(out)


#: select_options's markup of each set of choices (a few dozen sets per process)
_OPTIONS: dict[tuple, str] = {}
_OPTIONS_KEPT = 256


def pairs(objects, value: str, label: str) -> list[tuple[str, str]]:
    """(value, label) pairs of these attributes, for :func:`select_options`."""
    return [(str(getattr(o, value)), getattr(o, label)) for o in objects]


def init_templating(app: Flask) -> None:
    """Register the filters and globals."""
    app.jinja_env.filters.update(
        date=format_date,
        datetime=format_datetime,
        time=format_time,
        number=format_number,
        status=status_label,
        seeded=seeded,
    )
    from app.core.page_frame import site_header

    app.jinja_env.globals.update(
        site_header=site_header,
        access=access,
        url_with=url_with,
        status_label=status_label,
        main_menu=main_menu,
        fixed_url=fixed_url,
        get_locale=get_locale,
        count_form=count_form,
        select_options=select_options,
        pairs=pairs,
        dashboard_partials=DASHBOARD_PARTIALS,
        person_partials=PERSON_PARTIALS,
        network_partials=NETWORK_PARTIALS,
    )

    @app.context_processor
    def inject() -> dict:
        # The user herself, not the proxy: a page reads current_user dozens of times, and
        # each read through the proxy asked Flask-Login again.
        return {"current_user": current_user._get_current_object(), "today": dt.date.today()}
