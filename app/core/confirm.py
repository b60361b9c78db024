"""Ask before a destructive action: a POST view decorated with :func:`confirm` first answers
with a page that says what will happen and posts the same fields again with ``confirmed=yes``.

The question is built by a function that takes the view's arguments and loads the object the
same way the view does (so an object out of scope is a 404 before anything is shown).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import render_template, request

from app.core.urls import is_safe_path

CONFIRMED = "confirmed"


def _back() -> str | None:
    """Where "Avbryt" goes: the page the button was on, when it is on this site."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if parts.netloc and parts.netloc != request.host:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if is_safe_path(path) else None


def ask(question: str, button: str):
    """The question page: says what will happen and posts the same fields again, confirmed
    (for a view that asks only in some cases)."""
    fields = [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name not in ("csrf_token", CONFIRMED)
    ]
    return render_template(
        "confirm.html",
        question=question,
        button=button,
        action=request.path,
        fields=fields,
        back=_back(),
    )


def confirm(question: Callable[..., str], button: Callable[..., str]) -> Callable:
    """Decorate a POST view so that it runs only once the user has confirmed.

    ``question(**view_args)`` says what will happen; ``button(**view_args)`` is the label of
    the button that does it.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any):
            if request.form.get(CONFIRMED) == "yes":
                return view(*args, **kwargs)
            return ask(question(**kwargs), button(**kwargs))

        return wrapper

    return decorate
