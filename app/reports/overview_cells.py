"""The overview workbook's cells: status fills, which requirements get extra columns (partial,
with the leader), the words of those columns, and date and number cells. The words
themselves are in :mod:`app.reports.overview_words`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import PatternFill

from app.core.types import to_oslo
from app.core.xlsx import DATE_FORMAT, DATETIME_FORMAT
from app.progress import kinds, rules
from app.reports.overview_words import Words

STATUS_FILLS = {
    rules.MET: PatternFill("solid", fgColor="C6EFCE"),
    rules.IN_PROGRESS: PatternFill("solid", fgColor="FFEB9C"),
    rules.DUE: PatternFill("solid", fgColor="DDEBF7"),
    rules.OVERDUE: PatternFill("solid", fgColor="FFC7CE"),
    rules.NOT_APPLICABLE: PatternFill("solid", fgColor="EDEDED"),
}


def is_partial(req: rules.Requirement) -> bool:
    """Whether a requirement is met bit by bit (days, months, hours, items, several courses)."""
    kind = kinds.get(req.kind)
    return kind is not None and kind.is_partial(req.params or {})


def with_leader(req: rules.Requirement) -> bool:
    """A gathering that counts only with the leader: its sheet says whether the leader came."""
    return req.kind == "gathering" and (req.params or {}).get("with_leader") is True


def leader_word(result: rules.RequirementResult, words: Words) -> str:
    """Whether the leader came: "deltok" once met, else what is missing (or nothing yet)."""
    if result.status == rules.MET:
        return words.leader_came
    return words.leader.get(result.reason or "", "")


def _unit(req: rules.Requirement, words: Words) -> str:
    """The word for the requirement's unit in the column header."""
    kind = kinds.get(req.kind)
    unit = kind.unit(req.params or {}) if kind is not None else "count"
    return words.units.get(unit, unit)


# --------------------------------------------------------------------------- cells


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
