"""Member import from an Excel workbook: read → validate into a preview → apply all or nothing.

The same three steps serve the web page and ``flask import members``:

1. :func:`read_rows` reads the first sheet (or the one named "Medlemmer") of a workbook that
   :func:`app.reports.uploads.check_xlsx` has already accepted;
2. :func:`build_preview` checks every row against the database and the network, and says what
   would be created, what would change on whom (matched by e-mail, else HPR) and why a row is bad;
3. :func:`apply_preview` writes exactly that through the person and membership operations —
   only when no row is bad. The caller commits once, or rolls back.

An empty cell means "leave as it is" for an existing person, so importing the same file twice
changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.core import audit
from app.core.errors import DomainError
from app.extensions import db
from app.networks.models import Membership, Network
from app.people import operations
from app.people.models import Municipality, Person, Profession, Workplace

#: (field, header in the template) — the order of the template's columns
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "navn"),
    ("email", "e-post"),
    ("profession", "yrke"),
    ("workplace", "arbeidssted"),
    ("municipality", "kommune"),
    ("phone", "telefon"),
    ("hpr", "hpr"),
    ("further_education", "videreutdanning"),
    ("leader_email", "leders e-post"),
    ("start", "startdato"),
)
REQUIRED_COLUMNS = ("name", "email", "profession")
MAX_ROWS = 5000
#: rows looked at in all, empty ones included (a sheet can claim a million empty rows)
MAX_SCANNED_ROWS = 20000
SHEET_NAME = "Medlemmer"

_ALIASES = {
    "name": "name",
    "navn": "name",
    "e-post": "email",
    "epost": "email",
    "e-postadresse": "email",
    "email": "email",
    "e-mail": "email",
    "yrke": "profession",
    "profession": "profession",
    "arbeidssted": "workplace",
    "workplace": "workplace",
    "kommune": "municipality",
    "kommunenummer": "municipality",
    "municipality": "municipality",
    "telefon": "phone",
    "mobil": "phone",
    "phone": "phone",
    "hpr": "hpr",
    "hpr-nummer": "hpr",
    "hprnummer": "hpr",
    "videreutdanning": "further_education",
    "further education": "further_education",
    "leders e-post": "leader_email",
    "leders epost": "leader_email",
    "leder e-post": "leader_email",
    "leder": "leader_email",
    "leader email": "leader_email",
    "startdato": "start",
    "start": "start",
    "fra dato": "start",
    "start date": "start",
}
_TRUE = {"ja", "j", "yes", "y", "true", "sann", "x", "1"}
_FALSE = {"nei", "n", "no", "false", "usann", "0"}


def _labels() -> dict[str, str]:
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


# --------------------------------------------------------------------------- reading


class ImportFileError(DomainError):
    """The workbook as a whole cannot be imported (no header, missing columns, too many rows)."""

    def __init__(self, message: str) -> None:
        super().__init__("file", message, code="invalid_file")


@dataclass
class RowIn:
    """One data row of the sheet: its Excel row number and its cleaned values by field."""

    number: int
    values: dict[str, Any]


def _header_key(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    # "leader_email" (the API's field name) reads as "leader email"
    text = " ".join(value.replace("*", " ").replace("_", " ").replace("\u00a0", " ").split())
    text = text.lower()
    text = text.rstrip(":").strip()
    return _ALIASES.get(text)


def _clean(value: Any) -> Any:
    """A cell value made plain: stripped text or None, whole floats as ints, datetimes as dates."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.replace("\u00a0", " ").strip()
        return text or None
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def read_rows(data: bytes) -> list[RowIn]:
    """The data rows of an accepted workbook; ImportFileError when it has no usable header."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (KeyError, ValueError, TypeError, OSError, zipfile.BadZipFile, IndexError) as error:
        raise ImportFileError(_("Kunne ikke lese regnearket. Er filen skadet?")) from error
    except Exception as error:  # openpyxl raises many kinds on malformed parts
        raise ImportFileError(_("Kunne ikke lese regnearket. Er filen skadet?")) from error
    try:
        names = workbook.sheetnames
        if not names:
            raise ImportFileError(_("Regnearket har ingen ark."))
        sheet = workbook[SHEET_NAME] if SHEET_NAME in names else workbook[names[0]]
        return _rows_of(sheet)
    except ImportFileError:
        raise
    except Exception as error:  # a malformed sheet part
        raise ImportFileError(_("Kunne ikke lese regnearket. Er filen skadet?")) from error
    finally:
        workbook.close()


def _rows_of(sheet: Any) -> list[RowIn]:
    columns: dict[int, str] | None = None
    rows: list[RowIn] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_SCANNED_ROWS:
            raise ImportFileError(_("Høyst %(n)d rader per import.", n=MAX_ROWS))
        if columns is None:
            found = {i: key for i, v in enumerate(values) if (key := _header_key(v))}
            if len(found) >= 2:
                columns = found
                missing = [
                    header
                    for key, header in COLUMNS
                    if key in REQUIRED_COLUMNS and key not in found.values()
                ]
                if missing:
                    raise ImportFileError(
                        _("Regnearket mangler kolonnene: %(c)s.", c=", ".join(missing))
                    )
            elif number >= 10:
                break
            continue
        cleaned = {
            key: _clean(values[i]) if i < len(values) else None for i, key in columns.items()
        }
        if all(v is None for v in cleaned.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(_("Høyst %(n)d rader per import.", n=MAX_ROWS))
        rows.append(RowIn(number, cleaned))
    if columns is None:
        raise ImportFileError(
            _(
                "Fant ingen overskriftsrad (navn, e-post, yrke, …). "
                "Bruk malen og ikke endre overskriftene."
            )
        )
    return rows


# --------------------------------------------------------------------------- the preview


@dataclass
class Change:
    """One field that changes on an existing person."""

    field: str
    label: str
    old: str
    new: str


@dataclass
class PlannedRow:
    """A good row: what will be done for it."""

    number: int
    name: str
    email: str | None
    action: str  # "create" | "update" | "unchanged"
    person_id: int | None = None
    #: the fields passed to create_person / update_person
    data: dict[str, Any] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    #: the start of the membership to add; None when the person is already a member
    membership_start: dt.date | None = None
    notes: list[str] = field(default_factory=list)
    #: the profession's Norwegian name, for the preview of a new person
    profession_name: str | None = None


@dataclass
class BadRow:
    """A row that cannot be imported, with every reason."""

    number: int
    name: str
    errors: list[str]


@dataclass
class Preview:
    """What an import would do, row by row."""

    network: Network
    as_of: dt.date
    creates: list[PlannedRow] = field(default_factory=list)
    updates: list[PlannedRow] = field(default_factory=list)
    unchanged: list[PlannedRow] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing stands in the way of applying it."""
        return not self.bad

    @property
    def new_memberships(self) -> int:
        """How many memberships the import would add."""
        return sum(1 for r in self.creates + self.updates if r.membership_start is not None)

    @property
    def total(self) -> int:
        """Number of data rows read."""
        return len(self.creates) + len(self.updates) + len(self.unchanged) + len(self.bad)

    def digest(self) -> str:
        """A fingerprint of the plan, to notice a changed plan between preview and confirm."""
        plan = [
            [
                r.action,
                r.number,
                r.person_id,
                sorted((k, str(v)) for k, v in r.data.items()),
                r.membership_start.isoformat() if r.membership_start else None,
            ]
            for r in self.creates + self.updates + self.unchanged
        ]
        plan.append([[b.number, b.errors] for b in self.bad])
        return hashlib.sha256(json.dumps(plan, default=str).encode()).hexdigest()[:32]


@dataclass
class _Context:
    """What validation needs from the database, loaded in a fixed number of queries."""

    network: Network
    professions: dict[str, Profession]
    network_profession_ids: set[int]
    municipalities: dict[str, list[Municipality]]
    by_email: dict[str, Person]
    by_hpr: dict[str, Person]
    leaders: dict[str, Person]
    memberships: dict[int, list[Membership]]
    manageable: set[int] | None


def _email(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise ValueError from error


def _maybe_email(value: Any) -> str | None:
    try:
        return _email(value)
    except ValueError:
        return None


def _hpr_text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value).strip().replace(" ", "")


def _municipality_index() -> dict[str, list[Municipality]]:
    index: dict[str, list[Municipality]] = {}
    for m in db.session.scalars(select(Municipality)):
        keys = {m.number, m.number.lstrip("0"), m.name.lower()}
        bare = re.sub(r"\s*\(.*\)$", "", m.name).lower()
        keys.add(bare)
        keys.add(f"{m.number} {m.name}".lower())
        keys.add(f"{m.number} {bare}")
        for key in keys:
            index.setdefault(key, [])
            if m not in index[key]:
                index[key].append(m)
    return index


def _load_context(
    network: Network, rows: list[RowIn], user: Any | None, as_of: dt.date
) -> _Context:
    from app.core.access import managed_persons_clause

    emails = {e for r in rows if (e := _maybe_email(r.values.get("email")))}
    hprs = {h for r in rows if (h := _hpr_text(r.values.get("hpr"))) and h.isdigit()}
    leader_emails = {e for r in rows if (e := _maybe_email(r.values.get("leader_email")))}
    options = (
        selectinload(Person.profession),
        selectinload(Person.workplace).selectinload(Workplace.municipality),
        selectinload(Person.own_municipality),
        selectinload(Person.leader),
    )
    by_email: dict[str, Person] = {}
    by_hpr: dict[str, Person] = {}
    leaders: dict[str, Person] = {}
    wanted = sorted(emails | leader_emails)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for p in db.session.scalars(
            select(Person).where(func.lower(Person.email).in_(chunk)).options(*options)
        ):
            if p.email.lower() in emails:
                by_email[p.email.lower()] = p
            if p.email.lower() in leader_emails:
                leaders[p.email.lower()] = p
    hpr_list = sorted(hprs)
    for start in range(0, len(hpr_list), 500):
        chunk = hpr_list[start : start + 500]
        for p in db.session.scalars(select(Person).where(Person.hpr.in_(chunk)).options(*options)):
            by_hpr[p.hpr] = p
    person_ids = sorted({p.id for p in by_email.values()} | {p.id for p in by_hpr.values()})
    memberships: dict[int, list[Membership]] = {}
    manageable: set[int] | None = None if user is None else set()
    for start in range(0, len(person_ids), 500):
        chunk = person_ids[start : start + 500]
        for m in db.session.scalars(
            select(Membership).where(
                Membership.network_id == network.id, Membership.person_id.in_(chunk)
            )
        ):
            memberships.setdefault(m.person_id, []).append(m)
        if manageable is not None:
            manageable.update(
                db.session.scalars(
                    select(Person.id).where(Person.id.in_(chunk), managed_persons_clause(user))
                )
            )
    professions: dict[str, Profession] = {}
    for p in db.session.scalars(select(Profession)):
        for key in (p.key, p.name_nb, p.name_en):
            professions.setdefault(key.strip().lower(), p)
    return _Context(
        network=network,
        professions=professions,
        network_profession_ids={p.id for p in network.professions},
        municipalities=_municipality_index(),
        by_email=by_email,
        by_hpr=by_hpr,
        leaders=leaders,
        memberships=memberships,
        manageable=manageable,
    )


def _text(value: Any, max_len: int, label: str, errors: list[str]) -> str | None:
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


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a plain date
            except ValueError:
                continue
    raise ValueError


def _display(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def build_preview(
    network: Network,
    rows: Iterable[RowIn],
    *,
    user: Any | None = None,
    as_of: dt.date,
) -> Preview:
    """Check every row and say what importing them into `network` would do.

    `user` limits which existing persons a row may match (a coordinator: persons in her
    networks or in none); a row matching anyone else is a bad row that reveals nothing about
    that person. None means everyone (the command line).
    """
    rows = list(rows)
    ctx = _load_context(network, rows, user, as_of)
    labels = _labels()
    preview = Preview(network=network, as_of=as_of)
    seen_email: dict[str, int] = {}
    seen_hpr: dict[str, int] = {}
    seen_person: dict[int, int] = {}
    file_emails: dict[str, int] = {}
    planned: list[tuple[RowIn, PlannedRow | None, list[str], str]] = []

    for row in rows:
        v = row.values
        errors: list[str] = []
        name = _text(v.get("name"), 200, labels["name"], errors)
        display_name = name or str(v.get("name") or v.get("email") or "")
        if not name and not errors:
            errors.append(_("Navn mangler."))

        email = None
        if v.get("email") is not None:
            try:
                email = _email(v["email"])
            except ValueError:
                errors.append(_("Ugyldig e-postadresse: %(v)s", v=v["email"]))
            else:
                if email in seen_email:
                    errors.append(_("Samme e-post som rad %(n)d.", n=seen_email[email]))
                else:
                    seen_email[email] = row.number
                    file_emails.setdefault(email, row.number)

        hpr = _hpr_text(v.get("hpr"))
        if hpr:
            if not re.fullmatch(r"\d{1,9}", hpr):
                errors.append(_("Ugyldig HPR-nummer: %(v)s (bare sifre, høyst 9).", v=v.get("hpr")))
                hpr = None
            elif hpr in seen_hpr:
                errors.append(_("Samme HPR-nummer som rad %(n)d.", n=seen_hpr[hpr]))
            else:
                seen_hpr[hpr] = row.number
        else:
            hpr = None

        profession = None
        if v.get("profession") is not None:
            text = str(v["profession"]).strip()
            profession = ctx.professions.get(text.lower())
            if profession is None:
                errors.append(_("Ukjent yrke: %(v)s", v=text))
            elif profession.id not in ctx.network_profession_ids:
                errors.append(
                    _("Yrket «%(v)s» er ikke med i nettverket %(n)s.", v=text, n=network.name)
                )
                profession = None

        municipality = None
        if v.get("municipality") is not None:
            text = str(v["municipality"]).strip()
            found = ctx.municipalities.get(text.lower()) or ctx.municipalities.get(
                text.lstrip("0") if text.isdigit() else text.lower()
            )
            if not found:
                errors.append(_("Ukjent kommune: %(v)s", v=text))
            elif len(found) > 1:
                errors.append(_("Kommunenavnet %(v)s er tvetydig; bruk kommunenummeret.", v=text))
            else:
                municipality = found[0]

        workplace = _text(v.get("workplace"), 200, labels["workplace"], errors)
        phone = _text(v.get("phone"), 40, labels["phone"], errors)

        further = None
        raw_further = v.get("further_education")
        if raw_further is not None:
            if isinstance(raw_further, bool):
                further = raw_further
            elif str(raw_further).strip().lower() in _TRUE:
                further = True
            elif str(raw_further).strip().lower() in _FALSE:
                further = False
            else:
                errors.append(_("Videreutdanning: skriv ja eller nei (ikke %(v)s).", v=raw_further))

        leader_email = None
        if v.get("leader_email") is not None:
            try:
                leader_email = _email(v["leader_email"])
            except ValueError:
                errors.append(_("Ugyldig e-post for leder: %(v)s", v=v["leader_email"]))
            else:
                if leader_email == email:
                    errors.append(_("En person kan ikke være sin egen leder."))
                    leader_email = None

        start = None
        if v.get("start") is not None:
            try:
                start = _date(v["start"])
            except ValueError:
                errors.append(
                    _("Ugyldig startdato: %(v)s (bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ).", v=v["start"])
                )
            else:
                if start.year < 1950 or start > as_of + dt.timedelta(days=366):
                    errors.append(_("Urimelig startdato: %(v)s.", v=_display(start)))
                    start = None

        # Match an existing person by e-mail, else by HPR number.
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
            person = hpr_person = None
        elif person is not None and hpr_person is not None and hpr_person.id != person.id:
            errors.append(_("E-posten og HPR-nummeret tilhører to forskjellige personer."))
        person = person or hpr_person
        if person is not None:
            if person.id in seen_person:
                errors.append(_("Gjelder samme person som rad %(n)d.", n=seen_person[person.id]))
            else:
                seen_person[person.id] = row.number

        values = {
            "name": name,
            "email": email,
            "profession": profession,
            "municipality": municipality,
            "workplace": workplace,
            "phone": phone,
            "hpr": hpr,
            "further_education": further,
            "leader_email": leader_email,
            "start": start,
        }
        planned.append((row, person, errors, display_name))
        row.values["_parsed"] = values

    # Second pass: leaders may be persons created by this same file.
    for row, person, errors, display_name in planned:
        values = row.values.pop("_parsed")
        leader_email = values["leader_email"]
        if leader_email and leader_email not in ctx.leaders and leader_email not in file_emails:
            errors.append(
                _(
                    "Fant ingen leder med e-post %(v)s (registrer lederen først, "
                    "eller ta henne med i filen).",
                    v=leader_email,
                )
            )
        plan = None
        if not errors:
            if person is None:
                plan = _plan_create(row, values, errors, as_of)
            else:
                plan = _plan_update(row, person, values, ctx, labels, errors, as_of)
        if errors or plan is None:
            preview.bad.append(BadRow(row.number, display_name, errors))
        elif plan.action == "create":
            preview.creates.append(plan)
        elif plan.action == "update":
            preview.updates.append(plan)
        else:
            preview.unchanged.append(plan)
    return preview


def _plan_create(
    row: RowIn, values: dict[str, Any], errors: list[str], as_of: dt.date
) -> PlannedRow | None:
    if not values["email"]:
        errors.append(_("E-post mangler."))
    if values["profession"] is None:
        errors.append(_("Yrke mangler."))
    if errors:
        return None
    data: dict[str, Any] = {
        "name": values["name"],
        "email": values["email"],
        "profession": values["profession"].key,
    }
    if values["municipality"] is not None:
        data["municipality"] = values["municipality"].number
    for key in ("workplace", "phone", "hpr", "further_education", "leader_email"):
        if values[key] is not None:
            data[key] = values[key]
    return PlannedRow(
        number=row.number,
        name=values["name"],
        email=values["email"],
        action="create",
        data=data,
        profession_name=values["profession"].name_nb,
        membership_start=values["start"] or as_of,
    )


def _plan_update(
    row: RowIn,
    person: Person,
    values: dict[str, Any],
    ctx: _Context,
    labels: dict[str, str],
    errors: list[str],
    as_of: dt.date,
) -> PlannedRow | None:
    data: dict[str, Any] = {}
    changes: list[Change] = []
    notes: list[str] = []

    def change(key: str, old: Any, new: Any, stored: Any = None) -> None:
        data[key] = new if stored is None else stored
        changes.append(Change(key, labels[key], _display(old), _display(new)))

    if values["name"] and values["name"] != person.name:
        change("name", person.name, values["name"])
    if values["email"] and values["email"] != person.email.lower():
        if values["email"] in ctx.by_email:
            errors.append(_("E-postadressen er allerede registrert på en annen person."))
        else:
            change("email", person.email, values["email"])
    profession = values["profession"]
    if profession is not None and profession.id != person.profession_id:
        change("profession", person.profession.name_nb, profession.name_nb, profession.key)
    effective = profession.id if profession is not None else person.profession_id
    if effective not in ctx.network_profession_ids:
        errors.append(
            _(
                "Personens yrke (%(v)s) er ikke med i nettverket.",
                v=person.profession.name_nb if person.profession else "–",
            )
        )
    municipality = values["municipality"]
    workplace = values["workplace"]
    if workplace is not None:
        current = person.workplace
        differs = current is None or current.name.lower() != workplace.lower()
        if not differs and municipality is not None:
            differs = current.municipality_id != municipality.id
        if differs:
            change("workplace", current.name if current else None, workplace)
            if municipality is not None:
                # The workplace is looked up (or created) in the given municipality.
                data["municipality"] = municipality.number
    if municipality is not None:
        own = person.municipality_id
        via_workplace = person.workplace.municipality_id if person.workplace else None
        if own != municipality.id and not (own is None and via_workplace == municipality.id):
            old = person.own_municipality.name if person.own_municipality else None
            change("municipality", old, municipality.name, municipality.number)
    if values["phone"] is not None and values["phone"] != (person.phone or None):
        change("phone", person.phone, values["phone"])
    if values["hpr"] is not None and values["hpr"] != person.hpr:
        other = ctx.by_hpr.get(values["hpr"])
        if other is not None and other.id != person.id:
            errors.append(_("HPR-nummeret er registrert på en annen person."))
        else:
            change("hpr", person.hpr, values["hpr"])
    if values["further_education"] is not None and values["further_education"] != bool(
        person.further_education
    ):
        change("further_education", person.further_education, values["further_education"])
    leader_email = values["leader_email"]
    current_leader = person.leader.email.lower() if person.leader else None
    if leader_email and leader_email != current_leader:
        leader = ctx.leaders.get(leader_email)
        if leader is not None and leader.id == person.id:
            errors.append(_("En person kan ikke være sin egen leder."))
        else:
            change("leader_email", current_leader, leader_email)

    membership_start = None
    periods = ctx.memberships.get(person.id, [])
    current = [m for m in periods if m.end is None or m.end >= as_of]
    if current:
        first = min(m.start for m in current)
        if first > as_of:
            notes.append(_("Medlem fra %(d)s.", d=_display(first)))
    else:
        membership_start = values["start"] or as_of
        for m in periods:
            if m.start <= membership_start <= (m.end or dt.date.max):
                errors.append(
                    _(
                        "Startdatoen %(d)s ligger i et tidligere medlemskap "
                        "(%(a)s–%(b)s); bruk en senere startdato.",
                        d=_display(membership_start),
                        a=_display(m.start),
                        b=_display(m.end),
                    )
                )
                break
            if m.start > membership_start:
                errors.append(
                    _(
                        "Startdatoen %(d)s er før et tidligere medlemskap (fra %(a)s).",
                        d=_display(membership_start),
                        a=_display(m.start),
                    )
                )
                break
    if errors:
        return None
    action = "update" if data or membership_start is not None else "unchanged"
    return PlannedRow(
        number=row.number,
        name=person.name,
        email=person.email,
        action=action,
        person_id=person.id,
        data=data,
        changes=changes,
        membership_start=membership_start,
        notes=notes,
    )


# --------------------------------------------------------------------------- applying


@dataclass
class ImportResult:
    """What an applied import did."""

    created: list[Person]
    updated: list[Person]
    memberships: int


def apply_preview(preview: Preview) -> ImportResult:
    """Write the preview's plan; raise DomainError (and the caller rolls back) on any problem."""
    if not preview.ok:
        raise DomainError(
            "file", _("Filen har rader med feil. Rett dem og last opp på nytt."), code="bad_rows"
        )
    network = preview.network
    new_emails = {r.email for r in preview.creates}
    created: list[Person] = []
    updated: list[Person] = []
    late_leaders: list[tuple[Person, str]] = []
    members = 0
    try:
        for row in preview.creates:
            data = dict(row.data)
            leader = data.get("leader_email")
            if leader in new_emails:
                data.pop("leader_email")
                late_leaders.append((row, leader))
            person = operations.create_person(data)
            row.person_id = person.id
            created.append(person)
        by_row = {r.number: p for r, p in zip(preview.creates, created, strict=True)}
        for row, leader in late_leaders:
            operations.update_person(by_row[row.number], {"leader_email": leader})
        for row in preview.updates:
            person = db.session.get(Person, row.person_id)
            if person is None:
                raise DomainError(
                    None, _("Personen på rad %(n)d finnes ikke lenger.", n=row.number)
                )
            if row.data:
                operations.update_person(person, row.data)
            updated.append(person)
        from app.networks.operations import add_membership

        for row in preview.creates + preview.updates:
            if row.membership_start is None:
                continue
            person = db.session.get(Person, row.person_id)
            add_membership(network, person, row.membership_start)
            members += 1
    except DomainError as error:
        number = getattr(row, "number", None)
        raise DomainError(
            "file",
            _("Rad %(n)s: %(m)s Ingenting er importert.", n=number, m=error.message),
            code="apply_failed",
        ) from error
    audit.log(
        "import.members",
        network,
        created=len(created),
        updated=sum(1 for r in preview.updates if r.data),
        memberships=members,
    )
    return ImportResult(created, updated, members)


def preview_lines(preview: Preview) -> list[str]:
    """The preview as plain text lines (the command line prints them)."""
    lines = [
        _(
            "%(c)d nye, %(u)d endres, %(s)d uendret, %(b)d med feil; %(m)d nye medlemskap.",
            c=len(preview.creates),
            u=len(preview.updates),
            s=len(preview.unchanged),
            b=len(preview.bad),
            m=preview.new_memberships,
        )
    ]
    for r in preview.creates:
        lines.append(_("Ny       rad %(n)d: %(name)s <%(e)s>", n=r.number, name=r.name, e=r.email))
    for r in preview.updates:
        detail = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in r.changes)
        if r.membership_start:
            detail = "; ".join(
                x for x in (detail, _("medlem fra %(d)s", d=_display(r.membership_start))) if x
            )
        lines.append(_("Endres   rad %(n)d: %(name)s: %(d)s", n=r.number, name=r.name, d=detail))
    for r in preview.unchanged:
        lines.append(_("Uendret  rad %(n)d: %(name)s", n=r.number, name=r.name))
    for b in preview.bad:
        lines.append(
            _("FEIL     rad %(n)d: %(name)s: %(e)s", n=b.number, name=b.name, e=" ".join(b.errors))
        )
    return lines
