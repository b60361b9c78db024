"""A filter's select: the options a user sees, the chosen one selected, every label escaped,
in the reader's language, whatever was asked before in the same process."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.core.templating import select_options

CHOICES = [("1", "Ås"), ("2", "<Øvre> & Nedre"), ("3", "Vik")]


def test_the_chosen_option_is_selected_and_no_other(app):
    with app.test_request_context("/"):
        html = str(select_options(CHOICES, "2"))
        assert '<option value="2" selected>&lt;Øvre&gt; &amp; Nedre</option>' in html
        assert html.count(" selected") == 1
        # the same choices with another chosen (kept per process): only that one selected
        other = str(select_options(CHOICES, "3"))
        assert '<option value="3" selected>Vik</option>' in other
        assert other.count(" selected") == 1
        assert " selected" not in str(select_options(CHOICES, None))
        assert " selected" not in str(select_options(CHOICES, "9"))


def test_a_chosen_value_is_escaped_not_injected(app):
    choices = [('"x"', "Quoted"), ("y", "Plain")]
    with app.test_request_context("/"):
        html = str(select_options(choices, '"x"'))
    assert '<option value="&#34;x&#34;" selected>Quoted</option>' in html


def test_the_blank_option_takes_the_blank_label(app):
    with app.test_request_context("/"):
        html = str(select_options([("", "ignored"), ("a", "A")], "", "Alle"))
    assert html.startswith('<option value="" selected>Alle</option>')


def test_labels_follow_the_readers_language(app, compiled_catalogues):
    # the same lazy labels, asked in bokmål and then in English, are not served from the
    # first language's markup
    choices = [("overdue", _l("Forfalt")), ("met", _l("Oppfylt"))]
    with app.test_request_context("/"):
        norwegian = str(select_options(choices, "met"))
        with force_locale("en"):
            english = str(select_options(choices, "met"))
    assert ">Forfalt<" in norwegian
    assert ">Forfalt<" not in english
    assert ">Overdue<" in english
