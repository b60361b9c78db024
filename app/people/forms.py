"""Person forms: input checks only; rules live in people.operations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from app.core.forms import FlaskForm


class PersonForm(FlaskForm):
    """Create or edit a person."""

    name = StringField(_l("Navn"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-post"), validators=[DataRequired(), Email(), Length(max=254)])
    phone = StringField(_l("Telefon"), validators=[Optional(), Length(max=40)])
    profession = SelectField(_l("Yrke"), validators=[DataRequired()])
    workplace = StringField(_l("Arbeidssted"), validators=[Optional(), Length(max=200)])
    municipality = SelectField(_l("Kommune"), validators=[Optional()])
    leader_email = EmailField(
        _l("Leders e-post"), validators=[Optional(), Email(), Length(max=254)]
    )
    #: the start of the membership made with the person (the day she was appointed)
    membership_start = DateField(
        _l("Oppnevnt som ressursperson i nettverket"), validators=[Optional()]
    )
    hpr = StringField(
        _l("HPR-nummer"),
        validators=[
            Optional(),
            Regexp(r"^\d{1,9}$", message=_l("HPR-nummer kan bare ha sifre, høyst 9.")),
        ],
    )
    further_education = BooleanField(_l("Videreutdanning i kreftsykepleie eller palliasjon"))
    specialties = StringField(_l("Spesialiteter (leger)"), validators=[Optional(), Length(max=300)])
    specialist_approved_on = DateField(_l("Spesialistgodkjent dato"), validators=[Optional()])
    public_consent = BooleanField(_l("Jeg samtykker til å stå i det offentlige registeret"))
    notes = TextAreaField(_l("Notater"), validators=[Optional(), Length(max=5000)])
    version = HiddenField()
    submit = SubmitField(_l("Lagre"))

    #: Facts that decide progress: only a coordinator or an admin sets them.
    MANAGED_FIELDS = ("profession", "further_education", "specialist_approved_on")

    def data_for_operation(self, *, include_consent: bool, include_managed: bool = True) -> dict:
        """The fields as plain data for people.operations.

        `include_managed` False leaves out MANAGED_FIELDS (a person editing herself).
        """
        data = {
            "name": self.name.data,
            "email": self.email.data,
            "phone": self.phone.data,
            "profession": self.profession.data,
            "municipality": self.municipality.data or None,
            "workplace": self.workplace.data,
            "leader_email": self.leader_email.data or None,
            "hpr": self.hpr.data,
            "further_education": self.further_education.data,
            "specialties": self.specialties.data,
            "specialist_approved_on": self.specialist_approved_on.data,
            "notes": self.notes.data,
        }
        if include_consent:
            data["public_consent"] = self.public_consent.data
        if not include_managed:
            for name in self.MANAGED_FIELDS:
                data.pop(name)
        return data
