"""The preferences form: one checkbox per kind of notification."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from app.core.forms import FlaskForm


class PreferencesForm(FlaskForm):
    """Which notifications the user wants (CONTRACT.md "Notifications")."""

    deadline_soon = BooleanField(_l("Frist om 30 dager"))
    overdue = BooleanField(_l("Frist passert (til meg, og til meg som leder)"))
    event_soon = BooleanField(_l("Samling eller kurs om 7 dager (med kalenderfil)"))
    leader_digest = BooleanField(_l("Månedlig oversikt for ledere"))
    coordinator_digest = BooleanField(_l("Ukentlig oversikt for koordinatorer"))
