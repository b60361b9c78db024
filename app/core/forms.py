"""Shared helpers for WTForms forms: the base form classes whose text fields all go through
the one text check (core/parsing.py), a validator for finite decimals, and putting an
operation's DomainError back on the form."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm as _FlaskForm
from wtforms import Form as _Form
from wtforms.fields import (
    DateField,
    DateTimeField,
    DateTimeLocalField,
    FieldList,
    FormField,
    PasswordField,
    StringField,
)
from wtforms.validators import StopValidation

from app.core import wtforms_nn
from app.core.errors import DomainError
from app.core.parsing import normalise_newlines, text_problem


def _newlines(value: Any) -> Any:
    return normalise_newlines(value) if isinstance(value, str) else value


def _check_text(form: Any, field: Any) -> None:
    """The one text check on a form field: the message on the field, what was typed kept."""
    value = field.data
    problem = text_problem(value) if isinstance(value, str) else None
    if problem:
        raise StopValidation(problem)


def _check_date(form: Any, field: Any) -> None:
    """A date that was typed but is no date (30 February) says so, instead of "required" (which
    a required-validator would say, the parsed value being empty); what was typed is kept."""
    typed = field.raw_data[0] if field.raw_data else ""
    if isinstance(typed, str) and typed.strip() and field.data is None:
        field.errors[:] = []
        if isinstance(field, DateField):
            raise StopValidation(str(_l("Ugyldig dato, bruk ÅÅÅÅ-MM-DD.")))
        raise StopValidation(str(_l("Ugyldig dato eller klokkeslett.")))


class _CheckedMeta:
    """Adds the newline filter and the text check to every text field the form binds
    (passwords excepted: they are never stored as text), and the real-date check to every date
    field."""

    def bind_field(self, form: Any, unbound_field: Any, options: dict) -> Any:
        field = super().bind_field(form, unbound_field, options)
        # On the bound field (this form's own), never on the class-level unbound one.
        if isinstance(field, StringField) and not isinstance(field, PasswordField):
            field.filters = (_newlines, *field.filters)
            field.validators = [_check_text, *field.validators]
        elif isinstance(field, DateField | DateTimeField | DateTimeLocalField):
            field.validators = [_check_date, *field.validators]
        return field


class FlaskForm(_FlaskForm):
    """Flask-WTF's form (CSRF) with every text field checked: every app form derives from it.

    Browsers send a line break in a textarea as CRLF: it is stored as LF. Any other control
    character but tab, U+FFFE/U+FFFF and unpaired surrogates are a message on the field."""

    class Meta(_CheckedMeta, _FlaskForm.Meta):
        def get_translations(self, form: Any) -> Any:
            # WTForms ships bokmål but no nynorsk: its own messages come from wtforms_nn.
            if str(get_locale()) == "nn":
                return wtforms_nn.translations
            return super().get_translations(form)


class Form(_Form):
    """A plain WTForms form (a sub-form in a FieldList) with the same text check."""

    class Meta(_CheckedMeta, _Form.Meta):
        pass


class Finite:
    """Refuse NaN, sNaN and Infinity in a DecimalField (Decimal parses them; comparing or
    rounding them later raises). Put it before NumberRange: it stops the chain."""

    def __init__(self, message: str | None = None) -> None:
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        value = field.data
        if value is not None and hasattr(value, "is_finite") and not value.is_finite():
            field.data = None
            raise StopValidation(self.message or str(_l("Må være et tall.")))


def put_error(form: Any, error: DomainError) -> None:
    """Show an operation's error on the field it names (the part before the first dot), or on
    the form as a whole when no such field exists (or it is a list of sub-forms)."""
    name = (error.field or "").split(".")[0]
    target = getattr(form, name, None) if name else None
    if isinstance(target, FieldList | FormField):
        target = None
    if target is not None and isinstance(getattr(target, "errors", None), list | tuple):
        target.errors = [*target.errors, error.message]
    else:
        form.form_errors.append(error.message)
