"""Languages: Norwegian bokmål first, then nynorsk and English (Flask-Babel)."""

from __future__ import annotations

import os

import flask_babel
from flask import Flask, current_app, has_request_context, request, session
from flask.globals import _cv_app  # the app context itself: `g` is a proxy, asked per text
from flask_babel import get_translations
from flask_babel.speaklater import LazyString
from flask_login import current_user

from app.extensions import babel

#: each language's own name, as the language links show it (in the order of LANGUAGES)
LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}
#: browser language tags that mean one of ours: «no» is Norwegian, written in bokmål
_ALIASES = {"no": "nb"}


def count_form(value: float) -> int:
    """A number ngettext can choose a plural form by: 1 for exactly one, else 2 (half days,
    1.5 hours and 0 take the plural in bokmål, nynorsk and English alike)."""
    return 1 if value == 1 else 2


def browser_language(languages: tuple[str, ...] | list[str]) -> str | None:
    """The first of the browser's languages (by its weights) that we have, or None.

    «nn-NO» is nynorsk, «nb-NO» and plain «no» are bokmål; a tag of a language we lack is
    skipped, so «no, en» stays Norwegian instead of falling through to English."""
    for tag, _quality in request.accept_languages:
        primary = tag.replace("_", "-").split("-")[0].lower()
        code = _ALIASES.get(primary, primary)
        if code in languages:
            return code
    return None


def select_locale() -> str:
    """The user's saved choice, then the session's, then the browser's, then bokmål."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return languages[0]  # the command line speaks bokmål
    if current_user and getattr(current_user, "is_authenticated", False):
        if current_user.locale in languages:
            return current_user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return browser_language(languages) or languages[0]


def request_translations():
    """The catalogue of the current locale, remembered for the request (or app context).

    Remembered with the locale it was looked up for: ``force_locale`` (a mail in its
    recipient's language) swaps the locale for a while, and then the catalogue follows."""
    context = _cv_app.get(None)
    state = context.g.__dict__.get("_flask_babel") if context is not None else None
    if state is None:
        return get_translations()
    locale = getattr(state, "babel_locale", None)
    cached = getattr(state, "kn_translations", None)
    if cached is not None and locale is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()
    state.kn_translations = (getattr(state, "babel_locale", None), translations)
    return translations


def gettext(string: str, **variables) -> str:
    """``flask_babel.gettext`` through the request's catalogue (:func:`request_translations`):
    Flask-Babel's own looks the catalogue up anew for every text."""
    translated = request_translations().ugettext(string)
    return translated % variables if variables else translated


def ngettext(singular: str, plural: str, num, **variables) -> str:
    """``flask_babel.ngettext`` through the request's catalogue (``num`` is a variable too)."""
    variables.setdefault("num", num)
    return request_translations().ungettext(singular, plural, num) % variables


def text(value) -> str:
    """``str(value)`` for a label made with ``lazy_gettext("...")``, through the request's
    catalogue: ``str()`` of Flask-Babel's lazy string looks the catalogue up anew each time,
    and a table of statuses asks for the same few labels hundreds of times."""
    if (
        type(value) is LazyString
        and value._func is flask_babel.gettext
        and len(value._args) == 1
        and not value._kwargs
    ):
        return request_translations().ugettext(value._args[0])
    return str(value)


def init_app(app: Flask) -> None:
    """Configure Flask-Babel with the project's translation folder."""
    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES", os.path.join(app.root_path, "translations")
    )
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: "Europe/Oslo")
    # Flask-Babel's own template callables look the catalogue up anew for every text (a
    # page has hundreds); these look it up once per request and locale.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals["language_names"] = {
        code: LANGUAGE_NAMES.get(code, code) for code in app.config["LANGUAGES"]
    }
