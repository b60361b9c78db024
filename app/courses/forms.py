"""Course forms: input checks only; rules live in courses.operations and registrations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import Finite, FlaskForm, Form
from app.courses.models import OfferingStatus

DT_FORMAT = "%Y-%m-%dT%H:%M"


class CheckboxList(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CourseForm(FlaskForm):
    """Create or edit a catalogue entry."""

    key = StringField(
        _l("Nøkkel"),
        validators=[
            DataRequired(),
            Length(max=80),
            Regexp(
                r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=_l("Små bokstaver, sifre og bindestrek.")
            ),
        ],
    )
    title = StringField(_l("Tittel"), validators=[DataRequired(), Length(max=300)])
    provider = StringField(_l("Arrangør"), validators=[Optional(), Length(max=200)])
    level = SelectField(
        _l("Nivå"), choices=[("", "—"), ("A", "A"), ("B", "B"), ("C", "C")], validate_choice=True
    )
    hours = DecimalField(
        _l("Timer"), validators=[Optional(), Finite(), NumberRange(min=0.1)], places=1
    )
    days = DecimalField(
        _l("Dager"), validators=[Optional(), Finite(), NumberRange(min=0.1)], places=1
    )
    professions = CheckboxList(_l("For yrkene"), choices=[], validate_choice=True)
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional(), Length(max=20000)])
    url = StringField(_l("Lenke"), validators=[Optional(), URL(), Length(max=500)])
    active = BooleanField(_l("Vises i katalogen"), default=True)

    def data_for_operation(self) -> dict:
        """The fields as plain data for courses.operations."""
        return {
            "key": self.key.data,
            "title": self.title.data,
            "provider": self.provider.data,
            "level": self.level.data or None,
            "hours": float(self.hours.data) if self.hours.data is not None else None,
            "days": float(self.days.data) if self.days.data is not None else None,
            "professions": list(self.professions.data or []),
            "description": self.description.data,
            "url": self.url.data or None,
            "active": bool(self.active.data),
        }


class ModuleForm(Form):
    """One module of an offering (a sub-form: the outer form carries the CSRF token)."""

    title = StringField(_l("Modultittel"), validators=[Optional(), Length(max=300)])
    start = DateTimeLocalField(_l("Start"), format=DT_FORMAT, validators=[Optional()])
    end = DateTimeLocalField(_l("Slutt"), format=DT_FORMAT, validators=[Optional()])
    location = StringField(_l("Sted"), validators=[Optional(), Length(max=300)])

    def is_blank(self) -> bool:
        """A row the user left empty."""
        return not (self.title.data or self.start.data or self.end.data or self.location.data)


class OfferingForm(FlaskForm):
    """Create or edit an offering and its modules."""

    start = DateTimeLocalField(_l("Start"), format=DT_FORMAT, validators=[DataRequired()])
    end = DateTimeLocalField(_l("Slutt"), format=DT_FORMAT, validators=[DataRequired()])
    location = StringField(_l("Sted"), validators=[Optional(), Length(max=300)])
    online_url = StringField(
        _l("Lenke til digitalt møte"), validators=[Optional(), URL(), Length(max=500)]
    )
    capacity = IntegerField(
        _l("Antall plasser"),
        validators=[Optional(), NumberRange(min=0, message=_l("Kan ikke være negativ."))],
    )
    registration_deadline = DateTimeLocalField(
        _l("Påmeldingsfrist"), format=DT_FORMAT, validators=[Optional()]
    )
    networks = CheckboxList(_l("Knyttet til nettverk"), choices=[], validate_choice=True)
    # a callable, so the words are read in each request's language
    status = SelectField(_l("Status"), choices=OfferingStatus.choices)
    note = TextAreaField(_l("Merknad"), validators=[Optional(), Length(max=20000)])
    modules = FieldList(FormField(ModuleForm), min_entries=0)

    def data_for_operation(self) -> dict:
        """The fields as plain data for courses.operations (blank module rows dropped)."""
        modules = [
            {
                "title": m.form.title.data,
                "start": m.form.start.data,
                "end": m.form.end.data,
                "location": m.form.location.data,
            }
            for m in self.modules
            if not m.form.is_blank()
        ]
        return {
            "start": self.start.data,
            "end": self.end.data,
            "location": self.location.data,
            "online_url": self.online_url.data or None,
            "capacity": self.capacity.data,
            "registration_deadline": self.registration_deadline.data,
            "networks": list(self.networks.data or []),
            "status": self.status.data,
            "note": self.note.data,
            "modules": modules,
        }


LEVEL_CHOICES = [("", "—"), ("A", "A"), ("B", "B"), ("C", "C")]


class CompletionForm(FlaskForm):
    """A course taken elsewhere: from the catalogue, or written in (title, provider, level)."""

    course = SelectField(_l("Kurs fra katalogen"), choices=[], validators=[Optional()])
    title = StringField(_l("Eller: kursets tittel"), validators=[Optional(), Length(max=300)])
    provider = StringField(_l("Arrangør"), validators=[Optional(), Length(max=200)])
    level = SelectField(_l("Nivå"), choices=LEVEL_CHOICES, default="", validate_choice=True)
    completed_on = DateField(_l("Fullført dato"), validators=[DataRequired()])
    hours = DecimalField(
        _l("Timer"), validators=[Optional(), Finite(), NumberRange(min=0.1)], places=1
    )
    note = TextAreaField(_l("Merknad"), validators=[Optional(), Length(max=5000)])
    certificate = FileField(_l("Kursbevis (PDF eller bilde, valgfritt)"))

    def data_for_operation(self) -> dict:
        """The fields as plain data for courses.completions."""
        return {
            "course_key": self.course.data or None,
            "title": self.title.data or None,
            "provider": self.provider.data or None,
            "level": self.level.data or None,
            "completed_on": self.completed_on.data,
            "hours": float(self.hours.data) if self.hours.data is not None else None,
            "note": self.note.data,
        }


class VerifyCompletionForm(FlaskForm):
    """The coordinator verifies a course taken elsewhere (and matches free text to a level)."""

    level = SelectField(_l("Nivå"), choices=LEVEL_CHOICES, default="", validate_choice=True)


class RegisterPersonForm(FlaskForm):
    """An organiser registers someone by e-mail."""

    email = StringField(_l("Personens e-post"), validators=[DataRequired(), Length(max=254)])
