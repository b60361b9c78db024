"""Forms for privacy: keeping a person past the retention period."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from app.core.forms import FlaskForm


class HoldForm(FlaskForm):
    """Keep a person for a year, with a reason."""

    reason = TextAreaField(
        _l("Begrunnelse"),
        validators=[
            DataRequired(message=_l("Skriv hvorfor personen skal beholdes.")),
            Length(max=1000),
        ],
    )
