"""KPM record forms: input checks only; rules live in kpm.operations.

Each form has its own prefix so several can share one page with unique field ids.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.core.forms import Finite, FlaskForm
from app.kpm.models import DocumentKind, SiteApproval, SiteKind


class ServicePeriodForm(FlaskForm):
    """A period of clinical service."""

    site_kind = SelectField(_l("Type sted"), validators=[Optional()])
    education_site = SelectField(_l("Godkjent utdanningssted"), validators=[Optional()])
    site_name = StringField(_l("Navn på stedet"), validators=[Optional(), Length(max=200)])
    start = DateField(_l("Fra dato"), validators=[DataRequired()])
    end = DateField(_l("Til dato"), validators=[DataRequired()])
    position_pct = DecimalField(
        _l("Stillingsprosent"),
        places=None,
        validators=[DataRequired(), Finite(), NumberRange(min=1, max=100)],
    )
    approved = BooleanField(_l("Godkjent tjeneste (forhåndsgodkjent for sykehjemsenhet)"))
    pre_supervisor = StringField(
        _l("Veileder ved enheten"), validators=[Optional(), Length(max=200)]
    )
    pre_programme = TextAreaField(
        _l("Utdannings- og undervisningsprogram"), validators=[Optional(), Length(max=5000)]
    )
    pre_beds = IntegerField(
        _l("Antall senger"), validators=[Optional(), NumberRange(min=1, max=1000)]
    )
    pre_centre = StringField(
        _l("Palliativt senter enheten samarbeider med"), validators=[Optional(), Length(max=200)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="sp", **kwargs)
        self.site_kind.choices = [("", "—")] + SiteKind.choices()

    def preapproval(self) -> dict | None:
        """The nursing-home pre-approval details typed in (None when none)."""
        details = {
            "supervisor": self.pre_supervisor.data or None,
            "teaching_programme": self.pre_programme.data or None,
            "beds": self.pre_beds.data,
            "cooperating_centre": self.pre_centre.data or None,
        }
        return details if any(v is not None for v in details.values()) else None


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
    #: only the head of department's statement carries a file (checked in the operation)
    file = FileField(_l("PDF-fil (attest fra avdelingssjef, valgfritt)"))

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
    kpm_approved_on = DateField(
        _l("Veileders egen KPM-godkjenning (dato)"), validators=[Optional()]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="sv", **kwargs)


class ConfirmForm(FlaskForm):
    """A confirmation (CSRF only)."""


class EducationSiteForm(FlaskForm):
    """An education site (utdanningssted): a palliative centre, with or without beds."""

    name = StringField(_l("Navn"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Type"), validators=[DataRequired()])
    region = SelectField(_l("Helseregion"), validators=[Optional()])
    regional_centre = BooleanField(_l("Regionalt kompetansesenter i lindrende behandling"))
    approval = SelectField(_l("Godkjenning"), validators=[DataRequired()])
    approved_from = DateField(_l("Godkjent fra"), validators=[Optional()])
    approved_until = DateField(_l("Godkjent til"), validators=[Optional()])
    reason = TextAreaField(
        _l("Begrunnelse for endringen"), validators=[Optional(), Length(max=2000)]
    )
    committee_chair = StringField(
        _l("Leder av utdanningsutvalget (lege)"), validators=[Optional(), Length(max=200)]
    )
    committee_members = TextAreaField(
        _l("Medlemmer av utdanningsutvalget"), validators=[Optional(), Length(max=5000)]
    )
    education_plan = TextAreaField(
        _l("Utdanningsplan med undervisningsprogram"), validators=[Optional(), Length(max=20000)]
    )
    weekly_teaching_hours = DecimalField(
        _l("Internundervisning, timer per uke"),
        places=None,
        validators=[Optional(), Finite(), NumberRange(min=0, max=40)],
    )
    notes = TextAreaField(_l("Merknader"), validators=[Optional(), Length(max=5000)])

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [
            (k.value, k.label) for k in SiteKind if k is not SiteKind.nursing_home_unit
        ]
        self.approval.choices = SiteApproval.choices()
        self.region.choices = [("", "—")] + [(r.key, r.name) for r in regions]
