"""Decimal numbers in the reader's language: 1,5 in Norwegian, 1.5 in English."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale


def test_a_half_reads_with_the_languages_decimal_mark(app):
    with app.test_request_context("/"):
        shown = {}
        for language in ("nb", "nn", "en"):
            with force_locale(language):
                shown[language] = render_template_string("{{ 1.5|number }} {{ 2.0|number }}")
    assert shown == {"nb": "1,5 2", "nn": "1,5 2", "en": "1.5 2"}
