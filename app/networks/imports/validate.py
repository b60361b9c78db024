"""The per-row checks of a member import: every field read, every reason a row is bad.

:func:`check_rows` reads each row's values against the database's side (the
:class:`~app.networks.imports.context.ImportContext`) and against the other rows of the same file
(the same e-mail, HPR number or person twice), and returns one :class:`RowCheck` per row: the
parsed values, the existing person it matches (by e-mail, else HPR) and the reasons, in the
order a coordinator reads the columns. The rows themselves are left as they were read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from app.networks.imports.context import ImportContext
from app.networks.imports.parse import RowIn, date_of, email_of, hpr_text
from app.people.models import Municipality, Person, Profession

_TRUE = {"ja", "j", "yes", "y", "true", "sann", "x", "1"}
_FALSE = {"nei", "n", "no", "false", "usann", "0"}


def field_labels() -> dict[str, str]:
    """What each field is called on the preview page."""
    return {
        "name": _("Navn"),
        "email": _("E-post"),
        "profession": _("Yrke"),
        "workplace": _("Arbeidssted"),
        "municipality": _("Kommune"),
        "phone": _("Telefon"),
        "hpr": _("HPR-nummer"),
        "further_education": _("Videreutdanning"),
        "leader_email": _("Leders e-post"),
        "start": _("Startdato"),
    }


def display(value: Any) -> str:
    """A value as the preview shows it: – for nothing, ja/nei, dates as DD.MM.YYYY."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


@dataclass
class RowCheck:
    """One row after its checks: parsed values, the person it matches, and what is wrong."""

    number: int
    display_name: str
    #: field → parsed value (a Profession / Municipality object for those two); None if empty
    values: dict[str, Any]
    person: Person | None
    errors: list[str]


@dataclass
class CheckedRows:
    """Every row checked, and the e-mail addresses the file itself brings (for leaders)."""

    rows: list[RowCheck]
    file_emails: set[str]


@dataclass
class _Seen:
    """What earlier rows of the same file used: value → the row that used it first."""

    emails: dict[str, int] = field(default_factory=dict)
    hprs: dict[str, int] = field(default_factory=dict)
    persons: dict[int, int] = field(default_factory=dict)


def check_rows(rows: list[RowIn], ctx: ImportContext, as_of: dt.date) -> CheckedRows:
    """Check every row, in file order (a duplicate is the later row)."""
    labels = field_labels()
    seen = _Seen()
    checked = [_check_row(row, ctx, labels, seen, as_of) for row in rows]
    return CheckedRows(checked, set(seen.emails))


def _check_row(
    row: RowIn, ctx: ImportContext, labels: dict[str, str], seen: _Seen, as_of: dt.date
) -> RowCheck:
    v = row.values
    errors: list[str] = []
    name = text_value(v.get("name"), 200, labels["name"], errors)
    display_name = name or str(v.get("name") or v.get("email") or "")
    if not name and not errors:
        errors.append(_("Navn mangler."))
    email = _check_email(v.get("email"), row.number, seen, errors)
    hpr = _check_hpr(v.get("hpr"), row.number, seen, errors)
    values = {
        "name": name,
        "email": email,
        "profession": _check_profession(v.get("profession"), ctx, errors),
        "municipality": _check_municipality(v.get("municipality"), ctx, errors),
        "workplace": text_value(v.get("workplace"), 200, labels["workplace"], errors),
        "phone": text_value(v.get("phone"), 40, labels["phone"], errors),
        "hpr": hpr,
        "further_education": _check_further(v.get("further_education"), errors),
        "leader_email": _check_leader(v.get("leader_email"), email, errors),
        "start": _check_start(v.get("start"), as_of, errors),
    }
    person = _match_person(email, hpr, row.number, ctx, seen, errors)
    return RowCheck(row.number, display_name, values, person, errors)


def text_value(value: Any, max_len: int, label: str, errors: list[str]) -> str | None:
    """A text cell of at most `max_len` characters; a reason is added when it is not."""
    if value is None:
        return None
    if isinstance(value, bool | dt.date):
        errors.append(_("%(f)s: ugyldig verdi.", f=label))
        return None
    text = str(value).strip()
    if len(text) > max_len:
        errors.append(_("%(f)s: høyst %(n)d tegn.", f=label, n=max_len))
        return None
    return text or None


def _check_email(raw: Any, number: int, seen: _Seen, errors: list[str]) -> str | None:
    if raw is None:
        return None
    try:
        email = email_of(raw)
    except ValueError:
        errors.append(_("Ugyldig e-postadresse: %(v)s", v=raw))
        return None
    if email in seen.emails:
        errors.append(_("Samme e-post som rad %(n)d.", n=seen.emails[email]))
    else:
        seen.emails[email] = number
    return email


def _check_hpr(raw: Any, number: int, seen: _Seen, errors: list[str]) -> str | None:
    hpr = hpr_text(raw)
    if not hpr:
        return None
    if not re.fullmatch(r"\d{1,9}", hpr):
        errors.append(_("Ugyldig HPR-nummer: %(v)s (bare sifre, høyst 9).", v=raw))
        return None
    if hpr in seen.hprs:
        errors.append(_("Samme HPR-nummer som rad %(n)d.", n=seen.hprs[hpr]))
    else:
        seen.hprs[hpr] = number
    return hpr


def _check_profession(raw: Any, ctx: ImportContext, errors: list[str]) -> Profession | None:
    if raw is None:
        return None
    text = str(raw).strip()
    profession = ctx.professions.get(text.lower())
    if profession is None:
        errors.append(_("Ukjent yrke: %(v)s", v=text))
        return None
    if profession.id not in ctx.network_profession_ids:
        errors.append(
            _("Yrket «%(v)s» er ikke med i nettverket %(n)s.", v=text, n=ctx.network.name)
        )
        return None
    return profession


def _check_municipality(raw: Any, ctx: ImportContext, errors: list[str]) -> Municipality | None:
    if raw is None:
        return None
    text = str(raw).strip()
    found = ctx.municipalities.get(text.lower()) or ctx.municipalities.get(
        text.lstrip("0") if text.isdigit() else text.lower()
    )
    if not found:
        errors.append(_("Ukjent kommune: %(v)s", v=text))
        return None
    if len(found) > 1:
        errors.append(_("Kommunenavnet %(v)s er tvetydig; bruk kommunenummeret.", v=text))
        return None
    return found[0]


def _check_further(raw: Any, errors: list[str]) -> bool | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    errors.append(_("Videreutdanning: skriv ja eller nei (ikke %(v)s).", v=raw))
    return None


def _check_leader(raw: Any, email: str | None, errors: list[str]) -> str | None:
    if raw is None:
        return None
    try:
        leader_email = email_of(raw)
    except ValueError:
        errors.append(_("Ugyldig e-post for leder: %(v)s", v=raw))
        return None
    if leader_email == email:
        errors.append(_("En person kan ikke være sin egen leder."))
        return None
    return leader_email


def _check_start(raw: Any, as_of: dt.date, errors: list[str]) -> dt.date | None:
    if raw is None:
        return None
    try:
        start = date_of(raw)
    except ValueError:
        errors.append(_("Ugyldig startdato: %(v)s (bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ).", v=raw))
        return None
    if start.year < 1950 or start > as_of + dt.timedelta(days=366):
        errors.append(_("Urimelig startdato: %(v)s.", v=display(start)))
        return None
    return start


def _match_person(
    email: str | None,
    hpr: str | None,
    number: int,
    ctx: ImportContext,
    seen: _Seen,
    errors: list[str],
) -> Person | None:
    """The existing person the row is about: by e-mail, else by HPR number."""
    person = ctx.by_email.get(email) if email else None
    hpr_person = ctx.by_hpr.get(hpr) if hpr else None
    if ctx.manageable is not None and any(
        p is not None and p.id not in ctx.manageable for p in (person, hpr_person)
    ):
        # Someone the user may not manage: say nothing about her, add no membership.
        errors.append(
            _(
                "Fant ingen person du kan administrere med denne e-posten eller dette "
                "HPR-nummeret. Personen må legges til av en koordinator for nettverket "
                "hennes eller en administrator."
            )
        )
        return None
    if person is not None and hpr_person is not None and hpr_person.id != person.id:
        errors.append(_("E-posten og HPR-nummeret tilhører to forskjellige personer."))
    person = person or hpr_person
    if person is not None:
        if person.id in seen.persons:
            errors.append(_("Gjelder samme person som rad %(n)d.", n=seen.persons[person.id]))
        else:
            seen.persons[person.id] = number
    return person
