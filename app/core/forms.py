"""Shared helpers for WTForms forms: a validator for finite decimals, and putting an
operation's DomainError back on the form."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms.fields import FieldList, FormField
from wtforms.validators import StopValidation

from app.core.errors import DomainError


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
