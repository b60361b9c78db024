"""Hospitation forms: input checks only; rules live in hospitation.rules and operations."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import Finite, FlaskForm
from app.people.models import ServiceLevel


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (each with its own label) instead of a multi-select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SiteForm(FlaskForm):
    """Create or edit a hospitation site."""

    name = StringField(_l("Navn på stedet"), validators=[DataRequired(), Length(max=200)])
    service_level = SelectField(_l("Tjenestenivå"), validators=[DataRequired()])
    workplace = StringField(_l("Arbeidssted / avdeling"), validators=[Optional(), Length(max=200)])
    municipality = SelectField(_l("Kommune"), validators=[Optional()])
    professions = MultiCheckboxField(_l("Yrker som kan hospitere"), validators=[Optional()])
    contact_name = StringField(_l("Kontaktperson"), validators=[Optional(), Length(max=200)])
    email = EmailField(_l("E-post"), validators=[Optional(), Email(), Length(max=254)])
    phone = StringField(_l("Telefon"), validators=[Optional(), Length(max=40)])
    notes = TextAreaField(_l("Merknad"), validators=[Optional(), Length(max=5000)])

    def set_choices(self, municipalities: list, professions: list) -> None:
        """Fill the select lists (they come from the database)."""
        self.service_level.choices = ServiceLevel.choices()
        self.municipality.choices = [("", "—"), *municipalities]
        self.professions.choices = professions

    def data_for_operation(self) -> dict[str, Any]:
        """The fields as plain data for hospitation.operations."""
        return {
            "name": self.name.data,
            "service_level": self.service_level.data,
            "workplace": self.workplace.data or None,
            "municipality": self.municipality.data or None,
            "professions": list(self.professions.data or []),
            "contact_name": self.contact_name.data or None,
            "email": self.email.data or None,
            "phone": self.phone.data or None,
            "notes": self.notes.data or None,
        }


class HospitationForm(FlaskForm):
    """Plan (or edit) a hospitation."""

    site_id = SelectField(_l("Hospiteringssted"), validators=[Optional()])
    place = StringField(_l("Annet sted (ikke i lista)"), validators=[Optional(), Length(max=200)])
    start = DateField(_l("Første dag"), validators=[DataRequired()])
    end = DateField(_l("Siste dag"), validators=[Optional()])
    days = DecimalField(
        _l("Antall dager"),
        places=1,
        validators=[InputRequired(), Finite()],
    )
    goals = TextAreaField(
        _l("Egne mål for hospiteringen"), validators=[DataRequired(), Length(max=5000)]
    )
    notify_site = BooleanField(_l("Send e-post til kontaktpersonen på stedet for bekreftelse"))
    version = HiddenField()

    def data_for_operation(self) -> dict[str, Any]:
        """The fields as plain data for hospitation.operations."""
        return {
            "site_id": self.site_id.data or None,
            "place": self.place.data or None,
            "start": self.start.data,
            "end": self.end.data,
            "days": float(self.days.data) if self.days.data is not None else None,
            "goals": self.goals.data,
        }


class CompleteForm(FlaskForm):
    """Mark a hospitation completed, with a short reflection."""

    end = DateField(_l("Siste dag"), validators=[DataRequired()])
    reflection = TextAreaField(_l("Kort refleksjon"), validators=[DataRequired(), Length(max=5000)])
