"""Gathering forms: input checks only; the rules live in gatherings.operations."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Email, Length, NumberRange, Optional

from app.core.forms import FlaskForm
from app.core.parsing import parse_datetime
from app.core.types import to_oslo
from app.gatherings.models import Gathering, GatheringKind

#: the order the kinds are offered in (most common first), labels from the enum
KIND_ORDER = (
    GatheringKind.network_meeting,
    GatheringKind.theme_day,
    GatheringKind.fagdag,
    GatheringKind.intro_course,
)


def kind_choices() -> list[tuple[str, str]]:
    """(value, label) pairs for the kind field, in the reader's language."""
    return [(kind.value, kind.label) for kind in KIND_ORDER]


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


class GatheringForm(FlaskForm):
    """Create or edit a gathering; times are Oslo wall time."""

    kind = SelectField(_l("Type"), choices=kind_choices, validators=[DataRequired()])
    title = StringField(_l("Tittel"), validators=[DataRequired(), Length(max=200)])
    start = DateTimeLocalField(_l("Start"), format=DATETIME_FORMATS, validators=[DataRequired()])
    end = DateTimeLocalField(_l("Slutt"), format=DATETIME_FORMATS, validators=[DataRequired()])
    location = StringField(_l("Sted"), validators=[Optional(), Length(max=300)])
    online_url = URLField(
        _l("Lenke til digitalt møte"),
        validators=[Optional(), URL(message=_l("Ugyldig lenke.")), Length(max=500)],
    )
    capacity = IntegerField(
        _l("Antall plasser"), validators=[Optional(), NumberRange(min=0, max=100000)]
    )
    registration_deadline = DateTimeLocalField(
        _l("Påmeldingsfrist"), format=DATETIME_FORMATS, validators=[Optional()]
    )
    agenda = TextAreaField(_l("Program"), validators=[Optional(), Length(max=20000)])

    def fill_from(self, gathering: Gathering) -> None:
        """Show a gathering's values (Oslo local times)."""
        self.kind.data = gathering.kind.value
        self.title.data = gathering.title
        self.start.data = to_oslo(gathering.start).replace(tzinfo=None)
        self.end.data = to_oslo(gathering.end).replace(tzinfo=None)
        self.location.data = gathering.location
        self.online_url.data = gathering.online_url
        self.capacity.data = gathering.capacity
        deadline = gathering.registration_deadline
        self.registration_deadline.data = (
            to_oslo(deadline).replace(tzinfo=None) if deadline else None
        )
        self.agenda.data = gathering.agenda

    def data_for_operation(self) -> dict[str, Any]:
        """The fields as typed data for gatherings.operations (a DomainError for a time out of
        range, so call it where the view puts such errors back on the form)."""
        deadline = self.registration_deadline.data
        return {
            "kind": self.kind.data,
            "title": self.title.data,
            "start": parse_datetime(self.start.data, "start", required=True),
            "end": parse_datetime(self.end.data, "end", required=True),
            "location": self.location.data or None,
            "online_url": self.online_url.data or None,
            "capacity": self.capacity.data,
            "registration_deadline": parse_datetime(deadline, "registration_deadline"),
            "agenda": self.agenda.data or None,
        }


class ReadingItemForm(FlaskForm):
    """Add recommended literature to a gathering."""

    title = StringField(_l("Tittel"), validators=[DataRequired(), Length(max=300)])
    url = URLField(
        _l("Lenke"), validators=[Optional(), URL(message=_l("Ugyldig lenke.")), Length(max=500)]
    )
    note = StringField(_l("Merknad"), validators=[Optional(), Length(max=2000)])


class RegisterPersonForm(FlaskForm):
    """A coordinator registers someone by e-mail."""

    email = EmailField(_l("Personens e-post"), validators=[DataRequired(), Email()])
    with_leader = BooleanField(_l("Meld på lederen også"))
