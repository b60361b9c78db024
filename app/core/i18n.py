"""Languages: Norwegian bokmål first, English second (Flask-Babel)."""

from __future__ import annotations

import os

from flask import Flask, current_app, has_request_context, request, session
from flask_login import current_user

from app.extensions import babel


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
    return request.accept_languages.best_match(languages) or languages[0]


def init_app(app: Flask) -> None:
    """Configure Flask-Babel with the project's translation folder."""
    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES", os.path.join(app.root_path, "translations")
    )
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: "Europe/Oslo")
