"""Sign-in and password forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional


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

    password = PasswordField(_l("Nytt passord"), validators=[DataRequired(), Length(min=10)])
    confirm = PasswordField(
        _l("Gjenta passordet"),
        validators=[DataRequired(), EqualTo("password", message=_l("Passordene er ulike."))],
    )
    submit = SubmitField(_l("Lagre passord"))


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
