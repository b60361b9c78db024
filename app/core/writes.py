"""The one write path: run an operation, commit once, or roll back and report its error.

Web views and the API share it (Indico's `RH.process` commits once at the end of the request;
flaskbb's `populate_errors` puts an error back on the form). Operations flush and raise
`DomainError`, never commit; mail they queue in the session leaves only after this commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import flash, has_request_context

from app.core.errors import DomainError, wants_json
from app.core.forms import put_error
from app.extensions import db

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What `run` returns: the operation's value when it committed, else its error."""

    value: T | None = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        """True when the operation ran and its change is committed."""
        return self.error is None


def run(
    action: Callable[[], T],
    *,
    form: Any = None,
    on_error: Callable[[Any, DomainError], None] | None = None,
) -> Outcome[T]:
    """Run `action` and commit once; on `DomainError` roll back and report it.

    A JSON request re-raises the error so the API answers with the contract's error body.
    A web request hands it to `on_error(form, error)` when given, else puts it on `form`, else
    flashes it (button-only forms). Any other exception rolls back and propagates.
    """
    try:
        value = action()
    except DomainError as error:
        db.session.rollback()
        if has_request_context() and wants_json():
            raise
        if on_error is not None:
            on_error(form, error)
        elif form is not None:
            put_error(form, error)
        else:
            flash(error.message, "error")
        return Outcome(error=error)
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
    return Outcome(value=value)


def silent(form: Any, error: DomainError) -> None:
    """An `on_error` for views that show the error themselves (from `Outcome.error`)."""
