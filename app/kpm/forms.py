"""KPM record forms: input checks only; rules live in kpm.operations.

Each form has its own prefix so several can share one page with unique field ids.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.core.forms import Finite, FlaskForm
from app.kpm.models import DocumentKind, SiteKind


class ServicePeriodForm(FlaskForm):
    """A period of clinical service."""

    site_kind = SelectField(_l("Type sted"), validators=[DataRequired()])
    education_site = SelectField(_l("Godkjent utdanningssted"), validators=[Optional()])
    site_name = StringField(_l("Navn på stedet"), validators=[Optional(), Length(max=200)])
    start = DateField(_l("Fra dato"), validators=[DataRequired()])
    end = DateField(_l("Til dato"), validators=[DataRequired()])
    position_pct = DecimalField(
        _l("Stillingsprosent"),
        places=None,
        validators=[DataRequired(), Finite(), NumberRange(min=1, max=100)],
    )
    approved = BooleanField(_l("Godkjent tjeneste"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="sp", **kwargs)
        self.site_kind.choices = SiteKind.choices()


class MeetingForm(FlaskForm):
    """A supervision meeting."""

    date = DateField(_l("Dato"), validators=[DataRequired()])
    supervisor = StringField(_l("Veileder"), validators=[Optional(), Length(max=200)])
    note = TextAreaField(_l("Notat"), validators=[Optional(), Length(max=5000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="sm", **kwargs)


class TeachingForm(FlaskForm):
    """Internal teaching hours."""

    date = DateField(_l("Dato"), validators=[DataRequired()])
    hours = DecimalField(
        _l("Timer"),
        places=None,
        validators=[DataRequired(), Finite(), NumberRange(min=0.01, max=1000)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="th", **kwargs)


class DocumentForm(FlaskForm):
    """A dated document."""

    kind = SelectField(_l("Dokument"), validators=[DataRequired()])
    date = DateField(_l("Dato"), validators=[DataRequired()])
    note = StringField(_l("Merknad"), validators=[Optional(), Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="doc", **kwargs)
        self.kind.choices = DocumentKind.choices()


class AttestForm(FlaskForm):
    """Attest a checklist item; ``item`` is ``requirement_key/item_key``."""

    item = SelectField(_l("Ferdighet"), validators=[DataRequired()])
    attested_on = DateField(_l("Attestert dato"), validators=[DataRequired()])
    attested_by = StringField(_l("Attestert av"), validators=[Optional(), Length(max=200)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="ck", **kwargs)


class AssignSupervisorForm(FlaskForm):
    """Assign a supervisor user to a doctor."""

    supervisor = SelectField(_l("Veileder"), validators=[DataRequired()])
    start = DateField(_l("Fra dato"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="sv", **kwargs)


class ConfirmForm(FlaskForm):
    """A confirmation (CSRF only)."""


class EducationSiteForm(FlaskForm):
    """An education site (utdanningssted)."""

    name = StringField(_l("Navn"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Type"), validators=[DataRequired()])
    approved = BooleanField(_l("Godkjent utdanningssted"), default=True)
    dispensation = BooleanField(_l("Godkjent på dispensasjon"))
    last_inspection_on = DateField(_l("Siste tilsyn"), validators=[Optional()])
    notes = TextAreaField(_l("Merknader"), validators=[Optional(), Length(max=5000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = SiteKind.choices()
