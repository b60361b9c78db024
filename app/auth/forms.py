"""Sign-in and password forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.core.forms import FlaskForm


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
