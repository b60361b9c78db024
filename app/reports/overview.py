"""The competence overview workbook: a sheet per plan, a summary and an info sheet.

Streamed: the plan sheets' data rows are written as SpreadsheetML, row by row as the
results come from :func:`app.progress.reports.memberships_and_results`, each sheet to its
own spooled temporary file; openpyxl's write-only mode writes everything else (header rows,
layout, styles, the summary and info sheets), and the rows are spliced into its sheets when
the file is zipped. The cells are the ones openpyxl would write for the same values and
styles (inline strings, Excel date serials, the same style records), only without building
a cell object per value, so a national file of 20,000 persons is written in a few seconds
and never held in memory. The finished file goes to a ``SpooledTemporaryFile`` (memory while
small, disk when large).

Every text cell is written as text (never a formula), so a person called
``=HYPERLINK("http://x","y")`` stays a name. Status cells hold the status word and a fill
colour, so the colour is never the only sign.

The fixed text (headers, status words, sheet names, the legend), the seeded plan and
requirement titles and the profession names are in the `language` asked for (the web
download passes the reader's), each resolved once per workbook; the command line and
programs with a token get bokmål.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from typing import IO, Any

from flask_babel import force_locale
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from app.core import batch
from app.core.database import one_pass_reads
from app.core.seed_texts import seeded
from app.core.types import utcnow
from app.core.xlsx import (
    header_lines,
    prepare_sheet,
    sanitize_title,
    text_cell,
)
from app.core.xlsx_rows import RowXml, column_letters, sheet_part_name, splice_rows
from app.extensions import db
from app.people.models import Municipality, Person, Profession, Workplace
from app.progress import reports as progress_reports
from app.progress import rules
from app.reports.overview_cells import (
    STATUS_FILLS,
    _unit,
    date_cell,
    is_partial,
    leader_word,
    number_cell,
    with_leader,
)
from app.reports.overview_words import (  # noqa: F401 - STATUS_WORDS is read from here too
    BOKMAL,
    STATUS_WORDS,
    Words,
    words_for,
)

#: the person columns of the bokmål file
PERSON_HEADERS = BOKMAL.person_headers
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = 50
#: the spooled file stays in memory up to this size, then moves to disk
SPOOL_BYTES = 8 * 1024 * 1024
#: a plan sheet's rows stay in memory up to this size, then move to disk
ROWS_SPOOL_BYTES = 64 * 1024
#: persons whose facts are held at once (a fixed number of queries per batch)
BATCH = 5000

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
    #: the plan's and its requirements' titles as the reader's language writes them
    title: str = ""
    req_titles: dict[str, str] = field(default_factory=dict)
    #: a KPM plan: the last column is the date the KPM body approved the doctor
    kpm: bool = False
    rows: int = 0
    persons: int = 0
    complete: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    #: the data rows' XML (spliced into the sheet when the file is zipped)
    data: Any = None
    pending: list[str] = field(default_factory=list)


#: name, profession, workplace, municipality (the workplace's, else the person's own), leader
PersonInfo = tuple[str, str, str, str, str]


def _people(ids: list[int]) -> dict[int, PersonInfo]:
    """What the overview shows about each person of the scope, in two queries (the
    professions' names, in the current language, then the persons)."""
    if not ids:
        return {}
    professions = {p.id: p.label for p in db.session.scalars(select(Profession))}
    leader = aliased(Person)
    workplace_muni = aliased(Municipality)
    own_muni = aliased(Municipality)
    query = (
        select(
            Person.id,
            Person.profession_id,
            Person.name,
            Workplace.name,
            func.coalesce(workplace_muni.name, own_muni.name),
            leader.name,
        )
        .select_from(Person)
        .outerjoin(Workplace, Person.workplace_id == Workplace.id)
        .outerjoin(workplace_muni, Workplace.municipality_id == workplace_muni.id)
        .outerjoin(own_muni, Person.municipality_id == own_muni.id)
        .outerjoin(leader, Person.leader_id == leader.id)
        .where(batch.person_filter(Person.id, ids))
    )
    shared: dict[str, str] = {}  # one string object per distinct text (names repeat)
    out: dict[int, PersonInfo] = {}
    for pid, profession_id, *texts in batch.scoped_rows(query, ids):
        name, workplace, municipality, leader_name = (
            shared.setdefault(t, t) if t else "" for t in texts
        )
        out[pid] = (name, professions.get(profession_id, ""), workplace, municipality, leader_name)
    return out


def _kpm_approved(ids: list[int]) -> dict[int, dt.date]:
    """The KPM approval date of each approved person of the scope (one query)."""
    if not ids:
        return {}
    query = select(Person.id, Person.kpm_approved_on).where(
        batch.person_filter(Person.id, ids), Person.kpm_approved_on.is_not(None)
    )
    return {pid: day for pid, day in batch.scoped_rows(query, ids)}


def _is_kpm(plan: rules.Plan) -> bool:
    """A plan with service at education sites is the KPM track (its sheet shows approval)."""
    return any(req.kind == "service" for req in plan.requirements)


def _text_widths(people: dict[int, PersonInfo]) -> list[int]:
    """The longest name, profession, workplace, municipality and leader in the scope."""
    widest = [0, 0, 0, 0, 0]
    for info in people.values():
        for index, text in enumerate(info):
            if len(text) > widest[index]:
                widest[index] = len(text)
    return widest


def scope_person_ids(scope: Scope) -> list[int]:
    """The ids of the persons in a scope."""
    return progress_reports.scope_ids(scope.person_ids)


# --------------------------------------------------------------------------- the workbook


def build_overview(
    scope: Scope,
    as_of: dt.date,
    *,
    made_by: str | None = None,
    out: IO[bytes] | None = None,
    language: str = "nb",
) -> IO[bytes]:
    """Write the overview workbook for the scope on `as_of` in `language`; returns the file,
    rewound."""
    words = words_for(language)
    with force_locale(language), one_pass_reads():
        return _build(scope, as_of, made_by, out, words)


def _build(
    scope: Scope, as_of: dt.date, made_by: str | None, out: IO[bytes] | None, words: Words
) -> IO[bytes]:
    ids = scope_person_ids(scope)
    people = _people(ids)
    approved = _kpm_approved(ids)
    plan_map = progress_reports.scope_plan_map(ids, as_of, network_ids=scope.network_ids)
    plans = sorted(plan_map.values(), key=lambda p: (p.title, p.network))
    text_widths = _text_widths(people)

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    sheets: dict[tuple[str, str], _PlanSheet] = {}
    for plan in plans:
        title = seeded(plan.title) or plan.key
        ws = workbook.create_sheet(sanitize_title(title, used))
        sheet = _PlanSheet(plan=plan, ws=ws, columns=0, title=title)
        sheet.req_titles = {r.key: seeded(r.title) or r.key for r in plan.requirements}
        _start_plan_sheet(sheet, text_widths, words)
        sheets[(plan.network, plan.key)] = sheet
    summary_ws = workbook.create_sheet(sanitize_title(words.summary_sheet, used))
    info_ws = workbook.create_sheet(sanitize_title(words.info_sheet, used))

    cells = RowXml(summary_ws, STATUS_FILLS, words.status)
    ordered = sorted(people, key=lambda pid: (people[pid][0].lower(), pid))
    persons: set[int] = set()
    try:
        results = progress_reports.memberships_and_results(
            ordered, as_of, network_ids=scope.network_ids, plans=plan_map, batch=BATCH
        )
        for pid, membership, result in results:
            sheet = sheets.get((membership.plan.network, membership.plan.key))
            if sheet is None:  # a plan that became active while we wrote; not in the headers
                continue
            _write_person(
                sheet, cells, words, people[pid], membership.start, result, approved.get(pid)
            )
            persons.add(pid)

        for sheet in sheets.values():
            _flush_rows(sheet)
            # The autoFilter element follows sheetData: write-only mode takes it after the rows.
            sheet.ws.auto_filter.ref = f"A1:{get_column_letter(sheet.columns)}{sheet.rows + 1}"
        _write_summary(summary_ws, list(sheets.values()), words)
        _write_info(info_ws, scope, as_of, made_by, len(persons), list(sheets.values()), words)

        target = out if out is not None else tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as skeleton:
            workbook.save(skeleton)
            skeleton.seek(0)
            splice_rows(skeleton, target, {sheet_part_name(s.ws): s.data for s in sheets.values()})
    finally:
        for sheet in sheets.values():
            if sheet.data is not None:
                sheet.data.close()
    target.seek(0)
    return target


def _start_plan_sheet(sheet: _PlanSheet, text_widths: list[int], words: Words) -> None:
    """Lay out a plan sheet and write its header row."""
    plan, ws = sheet.plan, sheet.ws
    headers: list[str] = list(words.person_headers)
    widths: list[float] = [
        min(max(len(h) + 4, w + 2, 10), MAX_WIDTH)
        for h, w in zip(words.person_headers[:5], text_widths, strict=True)
    ]
    widths.append(12)
    for req in plan.requirements:
        title = sheet.req_titles[req.key]
        headers.append(title)
        widths.append(min(max(len(title) + 2, 14), 30))
        headers.append(words.date_header % {"t": title})
        widths.append(12)
        if is_partial(req):
            unit = _unit(req, words)
            headers.append(words.done_header % {"t": title, "u": unit})
            headers.append(words.needed_header % {"t": title, "u": unit})
            widths.extend([12, 12])
        if with_leader(req):
            headers.append(words.leader_header % {"t": title})
            widths.append(20)
    sheet.kpm = _is_kpm(plan)
    if sheet.kpm:
        headers.append(words.kpm_header)
        widths.append(14)
    prepare_sheet(ws, widths, title=f"{sheet.title} ({plan.network})")
    # Wrapped headers need a row tall enough for them, or they print over the first person.
    ws.row_dimensions[1].height = 15 * header_lines(headers, widths) + 3
    header_cells = []
    for header in headers:
        cell = text_cell(ws, header, bold=True)
        cell.alignment = _WRAP
        header_cells.append(cell)
    ws.append(header_cells)
    sheet.columns = len(headers)
    sheet.counts = {req.key: dict.fromkeys(rules.STATUSES, 0) for req in plan.requirements}


# --------------------------------------------------------------------------- data rows as XML


def _write_person(
    sheet: _PlanSheet,
    cells: RowXml,
    words: Words,
    info: PersonInfo,
    membership_start: dt.date,
    result: rules.PlanResult,
    kpm_approved_on: dt.date | None = None,
) -> None:
    """Append one person's row (as XML) to the plan sheet and count the statuses."""
    number = sheet.rows + 2  # the header is row 1
    row = str(number)
    letters = column_letters(sheet.columns)
    text = cells.text
    parts = [f'<row r="{row}">']
    parts.extend(text(letters[i] + row, info[i]) for i in range(5))
    parts.append(cells.date(letters[5] + row, membership_start))
    results = {r.key: r for r in result.requirements}
    col = 6
    for req in sheet.plan.requirements:
        found = results.get(req.key)
        partial = is_partial(req)
        leader = with_leader(req)
        if found is None:  # not for this person's profession
            col += (4 if partial else 2) + leader
            continue
        sheet.counts[req.key][found.status] += 1
        parts.append(cells.status(letters[col] + row, found.status))
        parts.append(cells.date(letters[col + 1] + row, found.met_on or found.deadline))
        if partial:
            months = found.unit == "months"
            parts.append(
                cells.number(letters[col + 2] + row, number_cell(None, found.done, months))
            )
            parts.append(
                cells.number(letters[col + 3] + row, number_cell(None, found.needed, months))
            )
            col += 4
        else:
            col += 2
        if leader:
            parts.append(text(letters[col] + row, leader_word(found, words)))
            col += 1
    if sheet.kpm and kpm_approved_on is not None:
        parts.append(cells.date(letters[col] + row, kpm_approved_on))
    parts.append("</row>")
    sheet.pending.append("".join(parts))
    if len(sheet.pending) >= 256:
        _flush_rows(sheet)
    sheet.rows += 1
    sheet.persons += 1
    if result.complete:
        sheet.complete += 1


def _flush_rows(sheet: _PlanSheet) -> None:
    """Move the rows written so far to the sheet's spooled file."""
    if not sheet.pending:
        return
    if sheet.data is None:
        sheet.data = tempfile.SpooledTemporaryFile(max_size=ROWS_SPOOL_BYTES)
    sheet.data.write("".join(sheet.pending).encode("utf-8"))
    sheet.pending.clear()


def _write_summary(ws: Any, sheets: list[_PlanSheet], words: Words) -> None:
    statuses = list(rules.STATUSES)
    headers = [*words.summary_headers, *[words.status[s] for s in statuses], words.total]
    longest_plan = max((len(s.title) for s in sheets), default=10)
    longest_req = max((len(t) for s in sheets for t in s.req_titles.values()), default=10)
    prepare_sheet(
        ws,
        [min(max(longest_plan + 2, 12), MAX_WIDTH), min(max(longest_req + 2, 36), MAX_WIDTH), 13]
        + [13] * len(statuses)
        + [10],
        title=words.summary_title,
    )
    fills = {words.status[s]: STATUS_FILLS[s] for s in statuses}
    ws.append([text_cell(ws, h, bold=True, fill=fills.get(h)) for h in headers])
    count = 0
    for sheet in sheets:
        for req in sheet.plan.requirements:
            counts = sheet.counts[req.key]
            ws.append(
                [
                    text_cell(ws, sheet.title),
                    text_cell(ws, sheet.req_titles[req.key]),
                    text_cell(ws, words.yes if req.mandatory else words.no),
                    *[counts[s] for s in statuses],
                    sum(counts.values()),
                ]
            )
            count += 1
        ws.append(
            [
                text_cell(ws, sheet.title),
                text_cell(ws, words.whole_plan, bold=True),
                None,
                sheet.complete,
                *[None] * (len(statuses) - 1),
                sheet.persons,
            ]
        )
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"


def _write_info(
    ws: Any,
    scope: Scope,
    as_of: dt.date,
    made_by: str | None,
    persons: int,
    sheets: list[_PlanSheet],
    words: Words,
) -> None:
    prepare_sheet(ws, [24, 90], title=words.info_title)
    ws.append([text_cell(ws, words.info_title, bold=True), None])
    values: tuple[Any, ...] = (
        words.what,
        scope.description,
        as_of,
        utcnow(),
        made_by or words.command_line,
        persons,
        ", ".join(s.title for s in sheets) or words.no_plans,
        "Kompetansenett",
    )
    for label, value in zip(words.info_labels, values, strict=True):
        if isinstance(value, dt.datetime | dt.date):
            cell = date_cell(ws, value)
        elif isinstance(value, int):
            cell = value
        else:
            cell = text_cell(ws, value)
            cell.alignment = _WRAP
        ws.append([text_cell(ws, label, bold=True), cell])
    ws.append([None, None])
    ws.append([text_cell(ws, words.legend_title, bold=True), None])
    for status, text in words.legend.items():
        ws.append(
            [
                text_cell(ws, words.status[status], fill=STATUS_FILLS[status]),
                text_cell(ws, text),
            ]
        )
    for label, text in (words.empty_cell, words.done_needed):
        ws.append([text_cell(ws, label), text_cell(ws, text)])


def overview_filename(slug: str, as_of: dt.date) -> str:
    """A download name such as ``kompetanseoversikt-innlandet-2026-11-22.xlsx``."""
    clean = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in slug.lower()).strip("-")
    return f"kompetanseoversikt-{clean or 'utvalg'}-{as_of.isoformat()}.xlsx"
