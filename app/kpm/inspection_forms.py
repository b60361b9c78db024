"""Inspection forms: input checks only; rules live in kpm.inspection_operations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.core.forms import FlaskForm, Form
from app.kpm.inspection_models import InspectionKind

#: how many finding rows the form offers at most (the API takes 200)
MAX_FINDING_ROWS = 50


class FindingForm(Form):
    """One deficiency (avvik) found (a sub-form: the outer form carries the CSRF token)."""

    text = TextAreaField(_l("Beskrivelse av avviket"), validators=[Optional(), Length(max=5000)])
    deadline = DateField(_l("Frist for å rette avviket"), validators=[Optional()])

    def is_blank(self) -> bool:
        """A row the user left empty."""
        typed_day = bool(self.deadline.raw_data and self.deadline.raw_data[0].strip())
        return not ((self.text.data or "").strip() or self.deadline.data or typed_day)


class InspectionForm(FlaskForm):
    """Register an inspection (tilsyn): a written report or a visit, with its findings."""

    year = IntegerField(
        _l("Tilsynsår"),
        validators=[DataRequired(), NumberRange(min=2000, max=2200)],
    )
    kind = SelectField(_l("Type tilsyn"), validators=[DataRequired()])
    date = DateField(_l("Dato (besøket, eller da rapporten kom inn)"), validators=[DataRequired()])
    inspector = StringField(
        _l("Tilsynsfører (kompetansesenter eller navn)"),
        validators=[Optional(), Length(max=200)],
    )
    inspector_region = SelectField(_l("Tilsynsførerens helseregion"), validators=[Optional()])
    findings = FieldList(FormField(FindingForm), min_entries=0, max_entries=MAX_FINDING_ROWS)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, prefix="insp", **kwargs)
        self.kind.choices = InspectionKind.choices()
        self.inspector_region.choices = [("", "—")] + [(r.key, r.name) for r in regions]

    def findings_data(self) -> list[dict]:
        """The filled finding rows as the operation takes them (blank rows dropped)."""
        return [
            {"text": row.form.text.data, "deadline": row.form.deadline.data}
            for row in self.findings
            if not row.form.is_blank()
        ]


class CloseFindingForm(FlaskForm):
    """Close a finding: the day it was found corrected and how that was checked."""

    closed_on = DateField(_l("Lukket dato"), validators=[DataRequired()])
    follow_up = SelectField(_l("Fulgt opp med"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.follow_up.choices = [("", "—")] + InspectionKind.choices()
