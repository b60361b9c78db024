"""The network overview's cells as words, made in Python once per page.

A page holds 50 members × some ten requirements: in the template each cell called the status
label, a date filter, a translation and a macro, hundreds of times per page. Here each label is
translated once per page, and the rows become one piece of markup (each value escaped here,
each distinct cell built once per page) that the template prints as it is: Jinja printed some
seventy pieces per row through its lookups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from markupsafe import Markup, escape

from app.core.i18n import gettext as _
from app.core.i18n import ngettext
from app.core.templating import format_date, status_label
from app.progress import rules

#: a person id no database holds: replaced in one built URL to make every row's link
_MARK = 987654321987


@dataclass(frozen=True)
class Cell:
    """One requirement's cell: the badge, «for sent», and the date or amount below."""

    status: str
    label: str
    late: bool
    note: str


#: a status's Designsystemet tag colour, as the status_badge macro (templates/_macros.html)
TAG_COLORS = {
    rules.MET: "success",
    rules.OVERDUE: "danger",
    rules.IN_PROGRESS: "warning",
    rules.DUE: "warning",
    rules.NOT_APPLICABLE: "neutral",
}


def _tag(status: str, label: str) -> str:
    color = TAG_COLORS.get(status, "info")
    return (
        f'<span class="ds-tag badge badge-{escape(status)}" data-color="{color}" data-size="sm">'
        f"{escape(label)}</span>"
    )


def _cell_html(cell: Cell | None, late_label: str, not_applicable: str) -> Markup:
    """A requirement's cell as a coloured tag with its date or amount below, each value
    escaped."""
    if cell is None:
        html = f'<td><span class="muted">{escape(not_applicable)}</span></td>'
    else:
        late = f" {_tag(rules.OVERDUE, late_label)}" if cell.late else ""
        note = escape(cell.note)
        html = f"<td>{_tag(cell.status, cell.label)}{late}<br><small>{note}</small></td>"
    return Markup(html)  # noqa: S704 - every value above is escaped


def lines(page_items: list[Any], columns: list[Any], on, amount) -> Markup:
    """The page's rows for these requirement columns, as markup with each value escaped;
    ``amount(r)`` words an amount done."""
    labels: dict[str, str] = {}
    deadline = _("frist %(d)s")
    approved = _("KPM godkjent %(d)s")
    in_progress = escape(_("Underveis"))
    done = _tag(rules.MET, _("Fullført"))
    mark = str(_MARK)
    late_label, not_applicable = _("for sent"), _("Gjelder ikke")
    html: dict[Cell | None, Markup] = {}
    href = url_for("progress.person_progress", person_id=_MARK, on=on.isoformat())
    out = []
    for line in page_items:
        cells: list[Markup] = []
        for column in columns:
            r = line.by_key.get(column.key)
            if r is None:
                cell = None
            else:
                label = labels.get(r.status)
                if label is None:
                    label = labels[r.status] = status_label(r.status)
                if r.met_on:
                    note = format_date(r.met_on)
                elif r.deadline:
                    note = deadline % {"d": format_date(r.deadline)}
                else:
                    note = ""
                if r.status == rules.IN_PROGRESS:
                    note = f"{note} {amount(r)}"
                cell = Cell(r.status, label, bool(r.late), note)
            piece = html.get(cell)
            if piece is None:
                piece = html[cell] = _cell_html(cell, late_label, not_applicable)
            cells.append(piece)
        person = line.person
        if line.result is not None and line.result.complete:
            summary = done
        elif line.result is None:
            summary = "–"
        elif line.overdue:
            summary = escape(ngettext("%(num)d forfalt", "%(num)d forfalt", line.overdue))
        else:
            summary = in_progress
        kpm = ""
        if person.kpm_approved_on:
            words = approved % {"d": format_date(person.kpm_approved_on)}
            kpm = f'<br><small class="status-complete">{escape(words)}</small>'
        out.append(
            f'<tr>\n<th scope="row"><a href="{escape(href.replace(mark, str(person.id)))}">'
            f"{escape(person.name)}</a>{kpm}</th>\n"
            f"<td>{escape(str(person.profession))}</td>\n"
            f"<td>{escape(str(person.municipality or '–'))}</td>\n"
            f"<td>{format_date(line.start)}</td>\n<td>{summary}</td>\n"
            f"{''.join(cells)}\n</tr>\n"
        )
    return Markup("".join(out))  # noqa: S704 - every value above is escaped or our own
