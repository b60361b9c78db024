"""Sign-in, password, MFA, API-token and user-administration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import FlaskForm

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "coordinator": _l("Koordinator"),
    "leader": _l("Leder"),
    "supervisor": _l("Veileder"),
    "resource_person": _l("Ressursperson"),
}


def role_label(role) -> str:
    """The word for a role (an enum or its value)."""
    key = getattr(role, "value", role)
    return str(ROLE_LABELS.get(key, key))


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(_l("E-post"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("Passord"), validators=[DataRequired()])
    submit = SubmitField(_l("Logg inn"))


class ForgotPasswordForm(FlaskForm):
    """Ask for a reset link."""

    email = EmailField(_l("E-post"), validators=[DataRequired(), Email()])
    submit = SubmitField(_l("Send lenke"))


class ResetPasswordForm(FlaskForm):
    """Choose a new password."""

    password = PasswordField(_l("Nytt passord"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(
        _l("Gjenta passordet"),
        validators=[DataRequired(), EqualTo("password", message=_l("Passordene er ulike."))],
    )
    submit = SubmitField(_l("Lagre passord"))


class CodeForm(FlaskForm):
    """A six-digit code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Kode"),
        validators=[DataRequired(), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "off"},
    )
    submit = SubmitField(_l("Bekreft"))


class ChangePasswordForm(FlaskForm):
    """The user's own password change."""

    current = PasswordField(
        _l("Nåværende passord"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    password = PasswordField(
        _l("Nytt passord"),
        validators=[DataRequired(), Length(max=256)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Gjenta det nye passordet"),
        validators=[DataRequired(), EqualTo("password", message=_l("Passordene er ulike."))],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Endre passord"))


class TokenForm(FlaskForm):
    """A new API token."""

    name = StringField(_l("Navn på nøkkelen"), validators=[DataRequired(), Length(max=100)])
    submit = SubmitField(_l("Lag API-nøkkel"))


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for a multiple choice (easier by keyboard than a multi-select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserForm(FlaskForm):
    """An admin's change of a user's role and coordinated networks."""

    role = SelectField(_l("Rolle"), validators=[DataRequired()])
    networks = MultiCheckboxField(_l("Koordinerer nettverk"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Lagre"))


class ConfirmForm(FlaskForm):
    """A button-only form that asks again before an irreversible step."""

    submit = SubmitField(_l("Bekreft"))
class InvitationForm(FlaskForm):
    """Choose the password of a new account (the strength is the operation's to check)."""

    password = PasswordField(_l("Passord"), validators=[DataRequired()])
    password2 = PasswordField(_l("Gjenta passordet"), validators=[DataRequired()])
    submit = SubmitField(_l("Opprett konto"))


class SignupForm(FlaskForm):
    """Ask to join a network (public)."""

    name = StringField(_l("Navn"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-post"), validators=[DataRequired(), Email(), Length(max=254)])
    profession = SelectField(_l("Yrke"), validators=[DataRequired()])
    workplace = StringField(_l("Arbeidssted"), validators=[Optional(), Length(max=200)])
    municipality = SelectField(_l("Kommune"), validators=[Optional()])
    network = SelectField(_l("Nettverk"), validators=[DataRequired()])
    leader_email = EmailField(
        _l("Lederens e-post"), validators=[Optional(), Email(), Length(max=254)]
    )
    submit = SubmitField(_l("Send forespørsel"))


class DeclineForm(FlaskForm):
    """Decline a sign-up request, with the reason the applicant is told."""

    reason = TextAreaField(_l("Begrunnelse"), validators=[DataRequired(), Length(max=1000)])
    submit = SubmitField(_l("Avslå"))
