"""Forms of the progress pages: the plan editor (a list of requirement blocks).

The requirement list is dynamic, so its fields are read from the submitted form by
``read_draft`` (``req-<i>-<field>``); the FlaskForm carries the title and the CSRF token.
JSON text areas that do not parse are reported on their own field.
"""

from __future__ import annotations

import json
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from app.core.forms import FlaskForm

REQUIREMENT_FIELDS = (
    "key",
    "title",
    "kind",
    "professions",
    "mandatory",
    "deadline_months",
    "yearly",
    "not_applicable_if",
    "params",
)


class PlanForm(FlaskForm):
    """The plan's title; the requirements come from ``read_draft``."""

    title = StringField(_l("Planens tittel"), validators=[DataRequired(), Length(max=200)])


def _json_text(value: Any) -> str:
    """A JSON value as the editor shows it."""
    return json.dumps(value or {}, ensure_ascii=False, indent=1, sort_keys=False)


def requirement_to_draft(req: dict[str, Any]) -> dict[str, Any]:
    """A requirement (CONTRACT shape) as editor values (JSON parts as text)."""
    return {
        "key": req.get("key") or "",
        "title": req.get("title") or "",
        "kind": req.get("kind") or "course",
        "professions": list(req.get("professions") or []),
        "mandatory": bool(req.get("mandatory", True)),
        "deadline_months": ""
        if req.get("deadline_months") is None
        else str(req.get("deadline_months")),
        "yearly": bool(req.get("yearly", False)),
        "not_applicable_if": _json_text(req.get("not_applicable_if")),
        "params": _json_text(req.get("params")),
        "original_key": req.get("original_key", req.get("key") or ""),
    }


def read_draft(form: MultiDict) -> list[dict[str, Any]]:
    """The requirement blocks of a submitted editor form, as editor values, in order."""
    try:
        count = int(form.get("req_count", "0"))
    except ValueError:
        count = 0
    count = max(0, min(count, 200))
    drafts = []
    for i in range(count):
        prefix = f"req-{i}-"
        drafts.append(
            {
                "key": (form.get(prefix + "key") or "").strip(),
                "title": (form.get(prefix + "title") or "").strip(),
                "kind": form.get(prefix + "kind") or "course",
                "professions": form.getlist(prefix + "professions"),
                "mandatory": form.get(prefix + "mandatory") == "y",
                "deadline_months": (form.get(prefix + "deadline_months") or "").strip(),
                "yearly": form.get(prefix + "yearly") == "y",
                "not_applicable_if": form.get(prefix + "not_applicable_if") or "{}",
                "params": form.get(prefix + "params") or "{}",
                "original_key": form.get(prefix + "original_key") or "",
            }
        )
    return drafts


def draft_to_requirement(draft: dict[str, Any], index: int) -> tuple[dict[str, Any], dict]:
    """A requirement (CONTRACT shape) from editor values, and errors by field name."""
    errors: dict[str, str] = {}
    parsed: dict[str, Any] = {}
    for name in ("params", "not_applicable_if"):
        text = (draft.get(name) or "").strip() or "{}"
        try:
            parsed[name] = json.loads(text)
        except ValueError:
            errors[name] = str(_l("Ugyldig JSON."))
            parsed[name] = {}
    deadline: Any = draft.get("deadline_months") or None
    if deadline is not None:
        try:
            deadline = int(deadline)
        except ValueError:
            errors["deadline_months"] = str(_l("Må være et heltall."))
            deadline = None
    return (
        {
            "key": draft.get("key"),
            "title": draft.get("title"),
            "kind": draft.get("kind"),
            "professions": list(draft.get("professions") or []),
            "mandatory": bool(draft.get("mandatory")),
            "deadline_months": deadline,
            "yearly": bool(draft.get("yearly")),
            "not_applicable_if": parsed["not_applicable_if"],
            "params": parsed["params"],
        },
        errors,
    )


def apply_action(drafts: list[dict[str, Any]], action: str) -> list[dict[str, Any]]:
    """Move up/down, remove or add a requirement block (``up:2``, ``down:0``, ``remove:1``)."""
    drafts = list(drafts)
    verb, _, arg = action.partition(":")
    if verb == "add":
        drafts.append(requirement_to_draft({"kind": arg or "course", "original_key": ""}))
        return drafts
    try:
        i = int(arg)
    except ValueError:
        return drafts
    if not 0 <= i < len(drafts):
        return drafts
    if verb == "up" and i > 0:
        drafts[i - 1], drafts[i] = drafts[i], drafts[i - 1]
    elif verb == "down" and i < len(drafts) - 1:
        drafts[i + 1], drafts[i] = drafts[i], drafts[i + 1]
    elif verb == "remove":
        drafts.pop(i)
    return drafts
