"""The competence overview workbook: a sheet per plan, a summary and an info sheet.

Streamed: openpyxl's write-only mode writes every sheet's rows to its own temporary file as
they come, and the persons come from :func:`app.progress.reports.overview_rows` in batches,
so a national file of 20,000 persons never holds the workbook (or all persons) in memory.
The finished file goes to a ``SpooledTemporaryFile`` (memory while small, disk when large).

Every text cell is written as text (never a formula), so a person called
``=HYPERLINK("http://x","y")`` stays a name. Status cells hold the Norwegian status word and
a fill colour, so the colour is never the only sign.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from app.core.types import to_oslo, utcnow
from app.core.xlsx import DATE_FORMAT, DATETIME_FORMAT, is_formula_like, safe_text, sanitize_title
from app.extensions import db
from app.people.models import Municipality, Person, Profession, Workplace
from app.progress import reports as progress_reports
from app.progress import rules

#: the status words in the cells (the same as the pages show)
STATUS_WORDS = {
    rules.MET: "Oppfylt",
    rules.IN_PROGRESS: "Underveis",
    rules.DUE: "Gjenstår",
    rules.OVERDUE: "Forfalt",
    rules.NOT_APPLICABLE: "Ikke aktuelt",
}
STATUS_FILLS = {
    rules.MET: PatternFill("solid", fgColor="C6EFCE"),
    rules.IN_PROGRESS: PatternFill("solid", fgColor="FFEB9C"),
    rules.DUE: PatternFill("solid", fgColor="DDEBF7"),
    rules.OVERDUE: PatternFill("solid", fgColor="FFC7CE"),
    rules.NOT_APPLICABLE: PatternFill("solid", fgColor="EDEDED"),
}
UNIT_WORDS = {
    "days": "dager",
    "months": "måneder",
    "hours": "timer",
    "count": "antall",
    "items": "punkter",
}
PERSON_HEADERS = ("Navn", "Yrke", "Arbeidssted", "Kommune", "Leder", "Medlem fra")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = 50
#: the spooled file stays in memory up to this size, then moves to disk
SPOOL_BYTES = 8 * 1024 * 1024


def is_partial(req: rules.Requirement) -> bool:
    """Whether a requirement is met bit by bit (days, months, hours, items, several courses)."""
    params = req.params or {}
    if req.kind in ("hospitation", "service", "teaching", "checklist", "supervision"):
        return True
    if req.kind == "course":
        courses = params.get("courses") or []
        return params.get("min_hours") is not None or (
            params.get("match", "all") == "all" and len(set(courses)) > 1
        )
    if req.kind == "gathering":
        try:
            return float(params.get("count") or 1) > 1
        except (TypeError, ValueError):
            return False
    return False


def _unit(req: rules.Requirement) -> str:
    params = req.params or {}
    unit = {
        "hospitation": "days",
        "service": "months",
        "teaching": "hours",
        "checklist": "items",
    }.get(req.kind, "count")
    if req.kind == "course" and params.get("min_hours") is not None:
        unit = "hours"
    return UNIT_WORDS.get(unit, unit)


# --------------------------------------------------------------------------- cells


def text_cell(ws: Any, value: Any, *, bold: bool = False, fill: PatternFill | None = None) -> Any:
    """A cell that holds text whatever it looks like (never a formula)."""
    text = safe_text("" if value is None else str(value))
    cell = WriteOnlyCell(ws, text)
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
    if bold:
        cell.font = _BOLD
    if fill is not None:
        cell.fill = fill
    return cell


def date_cell(ws: Any, value: dt.date | dt.datetime | None) -> Any:
    """A real Excel date (or date and time, in Oslo) shown the Norwegian way."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        local = to_oslo(value) if value.tzinfo else value
        cell = WriteOnlyCell(ws, local.replace(tzinfo=None))
        cell.number_format = DATETIME_FORMAT
        return cell
    cell = WriteOnlyCell(ws, value)
    cell.number_format = DATE_FORMAT
    return cell


def number_cell(ws: Any, value: float | None, unit_months: bool = False) -> Any:
    """A number as shown by the progress API (months to 0.1, others to 0.01)."""
    if value is None:
        return None
    rounded = round(float(value), 1 if unit_months else 2)
    return int(rounded) if rounded == int(rounded) else rounded


def _prepare(ws: Any, widths: Sequence[float], *, freeze: bool = True) -> None:
    """Layout that write-only mode needs before the first row."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if freeze:
        ws.freeze_panes = "A2"


# --------------------------------------------------------------------------- scope


@dataclass
class Scope:
    """Whom the overview covers: a SELECT of person ids and the networks whose plans count."""

    description: str
    person_ids: Select | list[int]
    network_ids: list[int] | None = None


@dataclass
class _PlanSheet:
    plan: rules.Plan
    ws: Any
    columns: int
    rows: int = 0
    persons: int = 0
    complete: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


def _text_widths(ids: list[int]) -> list[int]:
    """The longest name, profession, workplace, municipality and leader in the scope."""
    leader = aliased(Person)
    workplace_muni = aliased(Municipality)
    own_muni = aliased(Municipality)
    widest = [0, 0, 0, 0, 0]
    for start in range(0, len(ids), progress_reports.BATCH):
        chunk = ids[start : start + progress_reports.BATCH]
        row = db.session.execute(
            select(
                func.max(func.length(Person.name)),
                func.max(func.length(Profession.name_nb)),
                func.max(func.length(Workplace.name)),
                func.max(
                    func.length(func.coalesce(workplace_muni.name, own_muni.name)),
                ),
                func.max(func.length(leader.name)),
            )
            .select_from(Person)
            .join(Profession, Person.profession_id == Profession.id)
            .outerjoin(Workplace, Person.workplace_id == Workplace.id)
            .outerjoin(workplace_muni, Workplace.municipality_id == workplace_muni.id)
            .outerjoin(own_muni, Person.municipality_id == own_muni.id)
            .outerjoin(leader, Person.leader_id == leader.id)
            .where(Person.id.in_(chunk))
        ).one()
        widest = [max(w, v or 0) for w, v in zip(widest, row, strict=True)]
    return widest


def scope_person_ids(scope: Scope) -> list[int]:
    """The ids of the persons in a scope."""
    if isinstance(scope.person_ids, Select):
        query = scope.person_ids
        if len(query.selected_columns) != 1 or query.selected_columns[0].name != "id":
            query = select(query.subquery().c.id)
        return list(dict.fromkeys(db.session.scalars(query)))
    return list(dict.fromkeys(scope.person_ids))


# --------------------------------------------------------------------------- the workbook


def build_overview(
    scope: Scope, as_of: dt.date, *, made_by: str | None = None, out: IO[bytes] | None = None
) -> IO[bytes]:
    """Write the overview workbook for the scope on `as_of`; returns the file, rewound."""
    ids = scope_person_ids(scope)
    plans = progress_reports.scope_plans(ids, as_of, network_ids=scope.network_ids)
    text_widths = _text_widths(ids) if ids else [0] * 5

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    sheets: dict[tuple[str, str], _PlanSheet] = {}
    for plan in plans:
        ws = workbook.create_sheet(sanitize_title(plan.title or plan.key, used))
        sheets[(plan.network, plan.key)] = _start_plan_sheet(ws, plan, text_widths)
    summary_ws = workbook.create_sheet(sanitize_title("Sammendrag", used))
    info_ws = workbook.create_sheet(sanitize_title("Om filen", used))

    persons: set[int] = set()
    for row in progress_reports.overview_rows(ids, as_of, network_ids=scope.network_ids):
        sheet = sheets.get((row.plan.network, row.plan.key))
        if sheet is None:  # a plan that became active while we wrote; not in the headers
            continue
        _write_person(sheet, row)
        persons.add(row.person.id)

    for sheet in sheets.values():
        # The autoFilter element follows sheetData: write-only mode takes it after the rows.
        sheet.ws.auto_filter.ref = f"A1:{get_column_letter(sheet.columns)}{sheet.rows + 1}"
    _write_summary(summary_ws, list(sheets.values()))
    _write_info(info_ws, scope, as_of, made_by, len(persons), list(sheets.values()))

    target = out if out is not None else tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    workbook.save(target)
    target.seek(0)
    return target


def _start_plan_sheet(ws: Any, plan: rules.Plan, text_widths: list[int]) -> _PlanSheet:
    headers: list[str] = list(PERSON_HEADERS)
    widths: list[float] = [
        min(max(len(h) + 4, w + 2, 10), MAX_WIDTH)
        for h, w in zip(PERSON_HEADERS[:5], text_widths, strict=True)
    ]
    widths.append(12)
    for req in plan.requirements:
        title = req.title or req.key
        headers.append(title)
        widths.append(min(max(len(title) + 2, 14), 30))
        headers.append(f"{title} – dato")
        widths.append(12)
        if is_partial(req):
            unit = _unit(req)
            headers.append(f"{title} – utført ({unit})")
            headers.append(f"{title} – kreves ({unit})")
            widths.extend([12, 12])
    _prepare(ws, widths)
    header_cells = []
    for header in headers:
        cell = text_cell(ws, header, bold=True)
        cell.alignment = _WRAP
        header_cells.append(cell)
    ws.append(header_cells)
    counts = {req.key: dict.fromkeys(rules.STATUSES, 0) for req in plan.requirements}
    return _PlanSheet(plan=plan, ws=ws, columns=len(headers), counts=counts)


def _write_person(sheet: _PlanSheet, row: progress_reports.OverviewRow) -> None:
    ws = sheet.ws
    person = row.person
    municipality = person.municipality
    cells: list[Any] = [
        text_cell(ws, person.name),
        text_cell(ws, person.profession.name_nb if person.profession else ""),
        text_cell(ws, person.workplace.name if person.workplace else ""),
        text_cell(ws, municipality.name if municipality else ""),
        text_cell(ws, person.leader.name if person.leader else ""),
        date_cell(ws, row.membership_start),
    ]
    results = row.requirements
    for req in sheet.plan.requirements:
        result = results.get(req.key)
        partial = is_partial(req)
        if result is None:  # not for this person's profession
            cells.extend([None, None] + ([None, None] if partial else []))
            continue
        sheet.counts[req.key][result.status] += 1
        cells.append(text_cell(ws, STATUS_WORDS[result.status], fill=STATUS_FILLS[result.status]))
        cells.append(date_cell(ws, result.met_on or result.deadline))
        if partial:
            months = result.unit == "months"
            cells.append(number_cell(ws, result.done, months))
            cells.append(number_cell(ws, result.needed, months))
    ws.append(cells)
    sheet.rows += 1
    sheet.persons += 1
    if row.result.complete:
        sheet.complete += 1


def _write_summary(ws: Any, sheets: list[_PlanSheet]) -> None:
    statuses = list(rules.STATUSES)
    headers = ["Plan", "Krav", "Obligatorisk"] + [STATUS_WORDS[s] for s in statuses] + ["I alt"]
    longest_plan = max((len(s.plan.title) for s in sheets), default=10)
    longest_req = max((len(r.title) for s in sheets for r in s.plan.requirements), default=10)
    _prepare(
        ws,
        [min(max(longest_plan + 2, 12), MAX_WIDTH), min(max(longest_req + 2, 36), MAX_WIDTH), 13]
        + [13] * len(statuses)
        + [10],
    )
    ws.append([text_cell(ws, h, bold=True, fill=STATUS_FILLS.get(_status_of(h))) for h in headers])
    count = 0
    for sheet in sheets:
        for req in sheet.plan.requirements:
            counts = sheet.counts[req.key]
            ws.append(
                [
                    text_cell(ws, sheet.plan.title),
                    text_cell(ws, req.title or req.key),
                    text_cell(ws, "ja" if req.mandatory else "nei"),
                    *[counts[s] for s in statuses],
                    sum(counts.values()),
                ]
            )
            count += 1
        ws.append(
            [
                text_cell(ws, sheet.plan.title),
                text_cell(ws, "Hele planen: alle obligatoriske krav oppfylt", bold=True),
                None,
                sheet.complete,
                *[None] * (len(statuses) - 1),
                sheet.persons,
            ]
        )
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"


def _status_of(word: str) -> str | None:
    for status, label in STATUS_WORDS.items():
        if label == word:
            return status
    return None


def _write_info(
    ws: Any,
    scope: Scope,
    as_of: dt.date,
    made_by: str | None,
    persons: int,
    sheets: list[_PlanSheet],
) -> None:
    _prepare(ws, [24, 90])
    ws.append([text_cell(ws, "Kompetanseoversikt", bold=True), None])
    lines: list[tuple[str, Any]] = [
        (
            "Hva",
            "Status for hvert krav i kompetanseplanen, per person: ett ark per plan, "
            "en rad per person, og for hvert krav status og dato (oppfylt dato, ellers frist).",
        ),
        ("Utvalg", scope.description),
        ("Status per dag", as_of),
        ("Laget", utcnow()),
        ("Laget av", made_by or "kommandolinjen"),
        ("Personer", persons),
        ("Planer", ", ".join(s.plan.title for s in sheets) or "ingen"),
        ("Kilde", "Kompetansenett"),
    ]
    for label, value in lines:
        if isinstance(value, dt.datetime | dt.date):
            cell = date_cell(ws, value)
        elif isinstance(value, int):
            cell = value
        else:
            cell = text_cell(ws, value)
            cell.alignment = _WRAP
        ws.append([text_cell(ws, label, bold=True), cell])
    ws.append([None, None])
    ws.append([text_cell(ws, "Forklaring", bold=True), None])
    legend = {
        rules.MET: "Kravet er oppfylt; datoen er dagen det ble oppfylt.",
        rules.IN_PROGRESS: "Noe er gjort, men kravet er ikke oppfylt ennå; datoen er fristen.",
        rules.DUE: "Ingenting registrert ennå, fristen er ikke passert (eller kravet har ingen).",
        rules.OVERDUE: "Fristen er passert uten at kravet er oppfylt; datoen er fristen.",
        rules.NOT_APPLICABLE: "Kravet gjelder ikke for personen (for eksempel på grunn av "
        "videreutdanning).",
    }
    for status, text in legend.items():
        ws.append(
            [
                text_cell(ws, STATUS_WORDS[status], fill=STATUS_FILLS[status]),
                text_cell(ws, text),
            ]
        )
    ws.append(
        [
            text_cell(ws, "Tom celle"),
            text_cell(ws, "Kravet gjelder ikke personens yrke."),
        ]
    )
    ws.append(
        [
            text_cell(ws, "utført / kreves"),
            text_cell(
                ws,
                "For krav som oppfylles gradvis: hvor mye som er gjort og hvor mye "
                "som kreves (dager, måneder, timer, antall).",
            ),
        ]
    )


def overview_filename(slug: str, as_of: dt.date) -> str:
    """A download name such as ``kompetanseoversikt-innlandet-2026-11-22.xlsx``."""
    clean = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in slug.lower()).strip("-")
    return f"kompetanseoversikt-{clean or 'utvalg'}-{as_of.isoformat()}.xlsx"
