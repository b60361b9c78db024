"""The overview workbook's vocabulary and cells: status words and fills, unit words, which
requirements get extra columns (partial, with the leader), and date and number cells."""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import PatternFill

from app.core.types import to_oslo
from app.core.xlsx import DATE_FORMAT, DATETIME_FORMAT
from app.progress import kinds, rules

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


def is_partial(req: rules.Requirement) -> bool:
    """Whether a requirement is met bit by bit (days, months, hours, items, several courses)."""
    kind = kinds.get(req.kind)
    return kind is not None and kind.is_partial(req.params or {})


def with_leader(req: rules.Requirement) -> bool:
    """A gathering that counts only with the leader: its sheet says whether the leader came."""
    return req.kind == "gathering" and (req.params or {}).get("with_leader") is True


#: the leader column of a with_leader requirement, by the result's reason
LEADER_WORDS = {
    rules.LEADER_MISSING: "leder ikke registrert",
    rules.LEADER_ABSENT: "leder deltok ikke",
}


def leader_word(result: rules.RequirementResult) -> str:
    """Whether the leader came: "deltok" once met, else what is missing (or nothing yet)."""
    if result.status == rules.MET:
        return "leder deltok"
    return LEADER_WORDS.get(result.reason or "", "")


def _unit(req: rules.Requirement) -> str:
    """The word for the requirement's unit in the column header."""
    kind = kinds.get(req.kind)
    unit = kind.unit(req.params or {}) if kind is not None else "count"
    return UNIT_WORDS.get(unit, unit)


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
