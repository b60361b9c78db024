"""Forms of the progress pages: the plan editor (a list of requirement blocks).

The requirement list is dynamic, so its fields are read from the submitted form by
``read_draft`` (``req-<i>-<field>``, a kind's parameters ``req-<i>-p-<name>``, see
``plan_fields``); the FlaskForm carries the title and the CSRF token. No JSON is typed.
"""

from __future__ import annotations

import json
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from app.core.forms import FlaskForm
from app.progress import plan_fields


class PlanForm(FlaskForm):
    """The plan's title; the requirements come from ``read_draft``."""

    title = StringField(_l("Planens tittel"), validators=[DataRequired(), Length(max=200)])


#: the params a new requirement of each kind starts with (CONTRACT's examples)
NEW_PARAMS: dict[str, dict[str, Any]] = {
    "course": {"match": "any"},
    "gathering": {"gathering_kind": "network_meeting", "count": 1},
    "hospitation": {"min_days": 2, "goals_required": True},
    "checklist": {"attested_by": "supervisor", "items": [{"key": "", "title": ""}]},
    "service": {
        "months": 24,
        "site_kinds": {
            "centre_with_beds": {"max_months": 24, "min_months": 12, "min_pct": 50},
            "centre_without_beds": {"max_months": 12, "min_pct": 50},
            "nursing_home_unit": {"max_months": 12, "min_pct": 30},
        },
    },
    "supervision": {"first_within_days": 31, "max_gap_days": 31},
    "teaching": {"hours_per_year_full_time": 72},
    "document": {},
}


def _json_text(value: Any) -> str:
    """What the editor keeps aside (params and conditions it has no field for), as JSON."""
    return json.dumps(value or {}, ensure_ascii=False, sort_keys=True)


def _json_value(text: str | None) -> dict[str, Any]:
    """A kept-aside JSON object back (the editor wrote it; anything else is dropped)."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def requirement_to_draft(req: dict[str, Any]) -> dict[str, Any]:
    """A requirement (CONTRACT shape) as editor values."""
    kind = req.get("kind") or "course"
    values = plan_fields.to_values(kind, req.get("params") or {})
    facts, other_conditions = plan_fields.conditions_to_values(req.get("not_applicable_if"))
    return {
        "key": req.get("key") or "",
        "title": req.get("title") or "",
        "kind": kind,
        "professions": list(req.get("professions") or []),
        "mandatory": bool(req.get("mandatory", True)),
        "deadline_months": ""
        if req.get("deadline_months") is None
        else str(req.get("deadline_months")),
        "yearly": bool(req.get("yearly", False)),
        "facts": facts,
        "other_conditions": _json_text(other_conditions),
        "fields": values["fields"],
        "items": values["items"],
        "sites": values["sites"],
        "extra": _json_text(values["extra"]),
        "original_key": req.get("original_key", req.get("key") or ""),
    }


def new_draft(kind: str) -> dict[str, Any]:
    """An empty requirement block of a kind, with the kind's usual params filled in."""
    kind = kind if kind in plan_fields.KIND_FIELDS else "course"
    draft = requirement_to_draft({"kind": kind, "params": NEW_PARAMS[kind], "original_key": ""})
    draft["open"] = True
    return draft


def _in_order(chosen: list[str], before: list[str]) -> list[str]:
    """The checked values in the order the plan had them (new ones after), so that saving an
    unchanged block changes nothing."""
    rank = {value: i for i, value in enumerate(before)}
    return sorted(dict.fromkeys(chosen), key=lambda v: rank.get(v, len(rank)))


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
        kind = form.get(prefix + "kind") or "course"
        kind = kind if kind in plan_fields.KIND_FIELDS else "course"
        changed = form.get(prefix + "shown_kind", kind) != kind
        if changed:
            # The kind was changed in its list: the new kind's fields start from its defaults.
            values = plan_fields.to_values(kind, NEW_PARAMS[kind])
            values["extra"] = _json_text(values["extra"])
        else:
            values = plan_fields.from_form(kind, form, prefix)
            values["extra"] = form.get(prefix + "extra") or "{}"
        drafts.append(
            {
                "key": (form.get(prefix + "key") or "").strip(),
                "title": (form.get(prefix + "title") or "").strip(),
                "kind": kind,
                "professions": _in_order(
                    form.getlist(prefix + "professions"),
                    (form.get(prefix + "professions_order") or "").split(),
                ),
                "mandatory": form.get(prefix + "mandatory") == "y",
                "deadline_months": (form.get(prefix + "deadline_months") or "").strip(),
                "yearly": form.get(prefix + "yearly") == "y",
                "facts": {
                    name: form.get(f"{prefix}fact-{name}") == "y"
                    for name, _label in plan_fields.FACT_FIELDS
                },
                "other_conditions": form.get(prefix + "other_conditions") or "{}",
                **values,
                "original_key": form.get(prefix + "original_key") or "",
                "open": changed or form.get(prefix + "open") == "y",
                "kind_changed": changed,
            }
        )
    return drafts


def draft_to_requirement(draft: dict[str, Any], index: int) -> tuple[dict[str, Any], dict]:
    """A requirement (CONTRACT shape) from editor values, and errors by field name."""
    kind = draft.get("kind") or "course"
    params, errors = plan_fields.to_params(
        kind,
        {
            "fields": draft.get("fields") or {},
            "items": draft.get("items") or [],
            "sites": draft.get("sites") or {},
            "extra": _json_value(draft.get("extra")),
        },
    )
    deadline: Any = draft.get("deadline_months") or None
    if deadline is not None:
        try:
            deadline = int(deadline)
        except ValueError:
            errors["deadline_months"] = str(_l("Må være et heltall."))
            deadline = None
    title = draft.get("title") or ""
    return (
        {
            "key": draft.get("key") or plan_fields.make_key(title),
            "title": title,
            "kind": kind,
            "professions": list(draft.get("professions") or []),
            "mandatory": bool(draft.get("mandatory")),
            "deadline_months": deadline,
            "yearly": bool(draft.get("yearly")),
            "not_applicable_if": plan_fields.values_to_conditions(
                draft.get("facts") or {}, _json_value(draft.get("other_conditions"))
            ),
            "params": params,
        },
        errors,
    )


def apply_action(drafts: list[dict[str, Any]], action: str) -> list[dict[str, Any]]:
    """Move up/down, remove or add a requirement block (``up:2``, ``down:0``, ``remove:1``,
    ``add:course``), or add or remove a checklist row (``add-item:0``, ``remove-item:0:3``)."""
    drafts = list(drafts)
    verb, _, arg = action.partition(":")
    if verb == "add":
        drafts.append(new_draft(arg))
        return drafts
    index, _, row = arg.partition(":")
    try:
        i = int(index)
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
    elif verb in ("add-item", "remove-item"):
        _change_rows(drafts[i], verb, row)
    return drafts


def _change_rows(draft: dict[str, Any], verb: str, row: str) -> None:
    items = list(draft.get("items") or [])
    if verb == "add-item" and len(items) < plan_fields.MAX_ROWS:
        items.append({"key": "", "title": ""})
    elif verb == "remove-item" and row.isdigit() and int(row) < len(items):
        items.pop(int(row))
    draft["items"] = items
    draft["open"] = True


def focus_after(action: str, drafts: list[dict[str, Any]]) -> str | None:
    """The id of the control a keyboard user goes on from after an action (the page is new, so
    without it the focus would be back at its top): the new block's title, the moved block's
    move button, the block that took a removed one's place, the new or next checklist row."""
    verb, _, arg = action.partition(":")
    changed = [i for i, d in enumerate(drafts) if d.get("kind_changed")]
    if changed:
        return f"req-{changed[0]}-kind"  # new fields start after the kind
    if verb == "add":
        return f"req-{len(drafts) - 1}-title" if drafts else None
    if verb == "preview":
        return "preview-top" if arg == "top" else "preview"
    index, _, row = arg.partition(":")
    if verb == "remove" and not drafts:
        return "add-course"  # the first of the add buttons
    if not index.isdigit() or not drafts:
        return None
    i = min(int(index), len(drafts) - 1)
    last = len(drafts) - 1
    if verb == "up":
        i = max(int(index) - 1, 0)
        return f"req-{i}-up" if i > 0 else f"req-{i}-down"
    if verb == "down":
        i = min(int(index) + 1, last)
        return f"req-{i}-down" if i < last else f"req-{i}-up"
    if verb == "remove":
        return f"req-{i}-summary"
    items = drafts[i].get("items") or []
    if verb == "add-item" and items:
        return f"req-{i}-item-{len(items) - 1}-title"
    if verb == "remove-item":
        if not items:
            return f"req-{i}-add-item"
        j = min(int(row), len(items) - 1) if row.isdigit() else 0
        return f"req-{i}-item-{j}-title"
    return None
