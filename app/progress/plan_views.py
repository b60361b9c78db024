"""The competence-plan editor: edit a network's plan with a preview of the members it affects.

Its routes are on the progress blueprint (registered by the import at the end of views.py).
"""

from __future__ import annotations

import re
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core import access, writes
from app.core.errors import DomainError
from app.core.types import today_oslo
from app.courses.models import Course
from app.extensions import db
from app.networks.models import CompetencePlan, Network
from app.people.models import Profession
from app.progress import forms, plan_fields, plans, rules
from app.progress.views import KIND_LABELS, bp

_FIELD_RE = re.compile(r"^requirements\[(\d+)\](?:\.([a-z_]+))?(?:\.(.+))?$")


def _saved_plan(network: Network, key: str) -> CompetencePlan | None:
    return db.session.scalar(
        select(CompetencePlan)
        .where(CompetencePlan.network_id == network.id, CompetencePlan.key == key)
        .options(selectinload(CompetencePlan.requirements))
    )


def _preview(
    network: Network, drafts: list[dict[str, Any]], saved: CompetencePlan | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per draft: members affected and how it differs from the saved plan; removed ones."""
    by_profession = plans.members_by_profession(network, today_oslo())
    saved_reqs = {r.key: r.to_json() for r in (saved.requirements if saved else [])}
    saved_order = list(saved_reqs)
    out = []
    for i, draft in enumerate(drafts):
        req, errors = forms.draft_to_requirement(draft, i)
        original = saved_reqs.get(draft.get("original_key") or "")
        if original is None:
            change = "new"
        else:
            compare = {**original, "not_applicable_if": original["not_applicable_if"] or {}}
            mine = {**req, "title": (req["title"] or "").strip()}
            same = not errors and all(compare[k] == mine[k] for k in compare)
            moved = saved_order.index(original["key"]) != i
            change = "unchanged" if same and not moved else ("moved" if same else "changed")
        out.append(
            {
                "affected": plans.affected_count(by_profession, req["professions"]),
                "change": change,
            }
        )
    kept = {d.get("original_key") for d in drafts}
    removed = [
        {
            "key": k,
            "title": r["title"],
            "affected": plans.affected_count(by_profession, r["professions"]),
        }
        for k, r in saved_reqs.items()
        if k not in kept
    ]
    return out, removed


CHANGE_LABELS = {
    "new": _l("Nytt krav"),
    "changed": _l("Endret"),
    "moved": _l("Flyttet"),
    "unchanged": _l("Uendret"),
}


@bp.route("/networks/<slug>/plans/<key>/edit", methods=["GET", "POST"])
@login_required
def edit_plan(slug: str, key: str):
    """Edit (or create) a plan: add, change, reorder and remove requirements, preview, save."""
    network = access.get_managed_network_or_404(current_user, slug)
    saved = _saved_plan(network, key)
    form = forms.PlanForm(obj=saved)
    errors: dict[int, dict[str, str]] = {}
    focus = "flashes" if request.args.get("saved") else None
    if request.method == "GET":
        drafts = [
            forms.requirement_to_draft(r.to_json()) for r in (saved.requirements if saved else [])
        ]
    else:
        drafts = forms.read_draft(request.form)
        action = request.form.get("action", "preview")
        valid = form.validate_on_submit()
        if action != "save":
            # Moving blocks around writes nothing and is not the moment to nag.
            drafts = forms.apply_action(drafts, action)
            form.title.errors = []
            focus = forms.focus_after(action, drafts)
        elif valid:
            requirements = []
            for i, draft in enumerate(drafts):
                req, bad = forms.draft_to_requirement(draft, i)
                if bad:
                    errors[i] = bad
                requirements.append(req)
            if not errors:
                outcome = writes.run(
                    lambda: plans.put_plan(
                        network, key, {"title": form.title.data, "requirements": requirements}
                    ),
                    form=form,
                    on_error=lambda form, error: _put_error(form, errors, error, drafts),
                )
                if outcome.ok:
                    flash(_("Kompetanseplanen er lagret og gjelder nå for nettverket."), "success")
                    # ``saved``: the new page puts the focus on the message.
                    return redirect(url_for("progress.edit_plan", slug=slug, key=key, saved=1))
    preview, removed = _preview(network, drafts, saved)
    for i, draft in enumerate(drafts):
        # Open what is being worked on: new, changed or wrong; the rest stays folded.
        draft["open"] = draft.get("open") or i in errors or preview[i]["change"] != "unchanged"
    all_professions = db.session.scalars(select(Profession).order_by(Profession.name_nb)).all()
    if request.method == "POST" and request.form.get("action") == "save":
        focus = _error_focus(form, errors, drafts, [p.key for p in all_professions])
    if focus == "title":
        form.title.render_kw = {"autofocus": True}
    courses = db.session.execute(
        select(Course.key, Course.title, Course.level)
        .where(Course.active.is_(True))
        .order_by(Course.title)
    ).all()
    levels = sorted({c.level for c in courses if c.level})
    return render_template(
        "progress/plan_edit.html",
        network=network,
        key=key,
        saved=saved,
        form=form,
        drafts=drafts,
        preview=preview,
        removed=removed,
        errors=errors,
        kinds=rules.KINDS,
        kind_labels=KIND_LABELS,
        change_labels=CHANGE_LABELS,
        all_professions=all_professions,
        courses=courses,
        kind_fields=plan_fields.KIND_FIELDS,
        kind_help=plan_fields.KIND_HELP,
        fact_fields=plan_fields.FACT_FIELDS,
        choices=plan_fields.choice_lists(levels),
        site_kinds=plan_fields.site_kinds(),
        site_numbers=plan_fields.SITE_NUMBER_LABELS,
        focus=focus,
    )


#: editor fields in the order a block shows them (the focus goes to a block's first error)
_FIELD_ORDER = ("_block", "title", "kind", "p-", "item", "sk-", "sites", "professions", "nai")


def _rank(name: str) -> int:
    for n, start in enumerate(_FIELD_ORDER):
        if name.startswith(start):
            return n
    return len(_FIELD_ORDER) + (name == "key")


def _error_focus(
    form: forms.PlanForm,
    errors: dict[int, dict[str, str]],
    drafts: list[dict[str, Any]],
    professions: list[str],
) -> str | None:
    """The id of the first field with an error after a failed save (its message is on it)."""
    if form.title.errors:
        return "title"
    if not errors:
        return "error-summary" if form.form_errors else None
    i = min(errors)
    name = min(errors[i], key=_rank)
    p = f"req-{i}-"
    if name == "_block":
        return p + "summary"
    if name == "items":
        return p + "add-item"
    if name == "sites":
        return f"{p}sk-{plan_fields.site_kinds()[0][0]}-on"
    if name == "professions":
        return f"{p}prof-{professions[0]}" if professions else p + "summary"
    if name == "nai":
        return f"{p}fact-{plan_fields.FACT_FIELDS[0][0]}"
    if name.startswith("sk-") and name.count("-") == 1:
        return f"{p}{name}-on"
    if name == "p-courses":
        return f"{p}p-courses-{'s1' if drafts[i]['fields'].get('courses') else '1'}"
    return p + name


_ITEM_RE = re.compile(r"^items\[(\d+)\]\.(key|title)$")
#: editor fields every block has (a kind's own are ``p-<name>``, rows ``item-…``, ``sk-…``)
_BLOCK_FIELDS = {"key", "title", "kind", "professions", "deadline_months", "nai", "items", "sites"}


def _editor_field(name: str, rest: str | None) -> str:
    """The editor field for an operation's field path (``params.items[2].key`` → item-2-key)."""
    if name == "not_applicable_if":
        return "nai"
    if name != "params" or not rest:
        return name
    item = _ITEM_RE.match(rest)
    if item:
        return f"item-{item.group(1)}-{item.group(2)}"
    parts = rest.split(".")
    if parts[0].startswith("items"):
        return "items"
    if parts[0] == "site_kinds":
        return "sites" if len(parts) < 2 else "sk-" + "-".join(parts[1:3])
    return f"p-{parts[0]}"


def _put_error(
    form: forms.PlanForm,
    errors: dict[int, dict[str, str]],
    error: DomainError,
    drafts: list[dict[str, Any]],
):
    """Put an operation's error back on the editor field it names (else on its block)."""
    match = _FIELD_RE.match(error.field or "")
    if match:
        index, name, rest = int(match.group(1)), match.group(2) or "key", match.group(3)
        target = _editor_field(name, rest)
        kind = drafts[index]["kind"] if index < len(drafts) else ""
        shown = _BLOCK_FIELDS | {f"p-{f.name}" for f in plan_fields.KIND_FIELDS.get(kind, ())}
        if target not in shown and not target.startswith(("item-", "sk-")):
            target = "_block"
        errors.setdefault(index, {})[target] = error.message
    elif error.field == "title":
        form.title.errors = [error.message]
    else:
        form.form_errors.append(error.message)


@bp.get("/networks/<slug>/plans/edit")
@login_required
def edit_active_plan(slug: str):
    """The plan editor for the network's active plan (or a new one)."""
    network = access.get_managed_network_or_404(current_user, slug)
    active = network.active_plan
    return redirect(
        url_for("progress.edit_plan", slug=slug, key=active.key if active else f"{slug}-plan")
    )
