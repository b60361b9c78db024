"""Writes for persons and workplaces; shared by the web forms, the API and the importer."""

from __future__ import annotations

import re
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from app.core import audit
from app.core.errors import ConflictError, DomainError
from app.core.parsing import check_list, parse_date, parse_text
from app.extensions import db
from app.people.models import Municipality, Person, Profession, Workplace

PERSON_FIELDS = (
    "name",
    "email",
    "phone",
    "profession",
    "workplace",
    "municipality",
    "hpr",
    "further_education",
    "specialties",
    "specialist_approved_on",
    "leader_email",
    "public_consent",
    "notes",
)


def normalize_email(value: Any, field: str = "email") -> str:
    """A validated, lower-cased e-mail address."""
    if not isinstance(value, str) or not value.strip():
        raise DomainError(field, _("E-post må fylles ut."))
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise DomainError(field, _("Ugyldig e-postadresse.")) from error
    return result.normalized.lower()


def normalize_hpr(value: Any) -> str | None:
    """HPR number: digits only, at most 9; empty means none."""
    if value is None:
        return None
    text = str(value).strip().replace(" ", "")
    if not text:
        return None
    if not re.fullmatch(r"\d{1,9}", text):
        raise DomainError("hpr", _("HPR-nummer kan bare ha sifre, høyst 9."))
    return text


def find_profession(key: Any) -> Profession:
    """The profession with this key (or Norwegian/English name)."""
    if not isinstance(key, str) or not key.strip():
        raise DomainError("profession", _("Yrke må fylles ut."))
    text = key.strip().lower()
    profession = db.session.scalar(
        select(Profession).where(
            (Profession.key == text)
            | (func.lower(Profession.name_nb) == text)
            | (func.lower(Profession.name_en) == text)
        )
    )
    if profession is None:
        raise DomainError("profession", _("Ukjent yrke: %(key)s", key=key))
    return profession


def find_professions(values: Any, field: str = "professions") -> list[Profession]:
    """Professions by key (or Norwegian/English name), in the order given, in one query.

    The list is checked first (its documented limit, no value twice, `check_list`); two names
    of the same profession are a repeat too (the link table holds each once)."""
    if values in (None, ""):
        return []
    items = check_list(values, field)
    wanted: list[str] = []
    for item in items:
        if isinstance(item, Profession):
            wanted.append(item.key)
        elif isinstance(item, str) and item.strip():
            wanted.append(item.strip().lower())
        else:
            raise DomainError(field, _("Yrker må være en liste med yrkesnøkler."))
    if not wanted:
        return []
    rows = db.session.scalars(
        select(Profession).where(
            Profession.key.in_(wanted)
            | func.lower(Profession.name_nb).in_(wanted)
            | func.lower(Profession.name_en).in_(wanted)
        )
    ).all()
    index: dict[str, Profession] = {}
    for row in rows:
        for name in (row.name_en.lower(), row.name_nb.lower(), row.key):
            index[name] = row  # the key wins over a name that happens to equal another key
    found: list[Profession] = []
    for text, item in zip(wanted, items, strict=True):
        profession = index.get(text)
        if profession is None:
            raise DomainError(field, _("Ukjent yrke: %(key)s", key=item))
        if profession in found:
            raise DomainError(
                field, _("Verdien %(v)s står to ganger.", v=item), code="duplicate"
            )
        found.append(profession)
    return found


def find_municipality(value: Any, field: str = "municipality") -> Municipality | None:
    """A municipality by number or name; empty means none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    if text.isdigit():
        found = db.session.scalar(select(Municipality).where(Municipality.number == text.zfill(4)))
    else:
        found = db.session.scalar(
            select(Municipality).where(func.lower(Municipality.name) == text.lower())
        )
    if found is None:
        raise DomainError(field, _("Ukjent kommune: %(name)s", name=text))
    return found


def get_or_create_workplace(name: Any, municipality: Municipality | None) -> Workplace | None:
    """The workplace of this name in this municipality, created if new."""
    if name is None or not str(name).strip():
        return None
    text = str(name).strip()[:200]
    query = select(Workplace).where(func.lower(Workplace.name) == text.lower())
    if municipality is not None:
        query = query.where(Workplace.municipality_id == municipality.id)
    workplace = db.session.scalars(query.order_by(Workplace.id)).first()
    if workplace is None:
        workplace = Workplace(name=text, municipality=municipality)
        db.session.add(workplace)
        db.session.flush()
    return workplace


def _bool(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if value in (None, ""):
        return False
    if isinstance(value, str) and value.strip().lower() in {"ja", "yes", "true", "1", "x"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"nei", "no", "false", "0"}:
        return False
    if isinstance(value, int):
        return bool(value)
    raise DomainError(field, _("Ugyldig verdi, bruk ja eller nei."))


def _text(value: Any, field: str, max_len: int, *, required: bool = False) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # a spreadsheet cell may hold a number (a phone, a postcode)
    return parse_text(value, field, max_len, required=required)


def _apply(person: Person, data: dict[str, Any]) -> None:
    """Set the fields present in `data` on the person, checking each."""
    # In this order, so that the first field in error is the one reported.
    _apply_identity(person, data)
    _apply_place(person, data)
    _apply_details(person, data)
    _apply_leader(person, data)


def _apply_identity(person: Person, data: dict[str, Any]) -> None:
    if "name" in data:
        person.name = _text(data["name"], "name", 200, required=True)
    if "email" in data:
        email = normalize_email(data["email"])
        clash = db.session.scalar(
            select(Person.id).where(func.lower(Person.email) == email, Person.id != person.id)
        )
        if clash:
            raise ConflictError("email", _("E-postadressen er allerede registrert."))
        person.email = email
    if "profession" in data:
        person.profession = find_profession(data["profession"])


def _apply_place(person: Person, data: dict[str, Any]) -> None:
    municipality = None
    if "municipality" in data:
        municipality = find_municipality(data["municipality"])
        person.own_municipality = municipality
    if "workplace" in data:
        place = municipality if "municipality" in data else person.own_municipality
        person.workplace = get_or_create_workplace(
            _text(data["workplace"], "workplace", 200), place
        )


def _apply_details(person: Person, data: dict[str, Any]) -> None:
    if "phone" in data:
        person.phone = _text(data["phone"], "phone", 40)
    if "hpr" in data:
        hpr = normalize_hpr(data["hpr"])
        if hpr:
            clash = db.session.scalar(
                select(Person.id).where(Person.hpr == hpr, Person.id != person.id)
            )
            if clash:
                raise ConflictError("hpr", _("HPR-nummeret er allerede registrert."))
        person.hpr = hpr
    if "further_education" in data:
        person.further_education = _bool(data["further_education"], "further_education")
    if "public_consent" in data:
        person.public_consent = _bool(data["public_consent"], "public_consent")
    if "specialties" in data:
        person.specialties = _text(data["specialties"], "specialties", 300)
    if "specialist_approved_on" in data:
        person.specialist_approved_on = parse_date(
            data["specialist_approved_on"], "specialist_approved_on"
        )
    if "notes" in data:
        person.notes = _text(data["notes"], "notes", 5000)


def _apply_leader(person: Person, data: dict[str, Any]) -> None:
    if "leader_email" in data:
        leader_email = data["leader_email"]
        if leader_email in (None, ""):
            person.leader = None
        else:
            email = normalize_email(leader_email, "leader_email")
            leader = db.session.scalar(select(Person).where(func.lower(Person.email) == email))
            if leader is None:
                raise DomainError("leader_email", _("Fant ingen person med denne e-posten."))
            if leader.id is not None and leader.id == person.id:
                raise DomainError("leader_email", _("En person kan ikke være sin egen leder."))
            person.leader = leader


def create_person(data: dict[str, Any], *, home_network_id: int | None = None) -> Person:
    """A new person from plain data (API, form, import); `home_network_id` is the network of
    the coordinator registering her (`access.home_network_id`), hers until she has one."""
    for required in ("name", "email", "profession"):
        if required not in data or data[required] in (None, ""):
            raise DomainError(required, _("Feltet må fylles ut."))
    person = Person(created_in_network_id=home_network_id)
    _apply(person, data)
    db.session.add(person)
    db.session.flush()
    audit.log("person.create", person)
    return person


def update_person(person: Person, data: dict[str, Any], *, version: int | None = None) -> Person:
    """Change the fields given; a stale `version` is refused instead of overwriting."""
    if version is not None and version != person.version:
        raise ConflictError(
            None, _("Personen er endret av noen andre. Last siden på nytt og prøv igjen.")
        )
    _apply(person, data)
    # Translated before the flush: after a failed one the session cannot load the user's
    # language, and a concurrent change would turn into a 500 instead of this 409.
    stale = _("Personen er endret av noen andre.")
    try:
        db.session.flush()
    except StaleDataError as error:
        raise ConflictError(None, stale) from error
    audit.log("person.update", person, fields=",".join(sorted(data)))
    return person


#: loader options for what person_to_json reads (one statement for the person and her places)
PERSON_JSON_LOADS = (
    joinedload(Person.profession),
    joinedload(Person.workplace).joinedload(Workplace.municipality),
    joinedload(Person.own_municipality),
    joinedload(Person.leader),
)


def person_to_json(person: Person, *, full: bool = True) -> dict[str, Any]:
    """The API representation of a person."""
    municipality = person.municipality
    data: dict[str, Any] = {
        "id": person.id,
        "name": person.name,
        "email": person.email,
        "profession": person.profession.key if person.profession else None,
        "workplace": person.workplace.name if person.workplace else None,
        "municipality": municipality.name if municipality else None,
        "municipality_number": municipality.number if municipality else None,
    }
    if full:
        data.update(
            phone=person.phone,
            hpr=person.hpr,
            further_education=person.further_education,
            specialties=person.specialties,
            specialist_approved_on=(
                person.specialist_approved_on.isoformat() if person.specialist_approved_on else None
            ),
            kpm_approved_on=(
                person.kpm_approved_on.isoformat() if person.kpm_approved_on else None
            ),
            leader_email=person.leader.email if person.leader else None,
            leader_id=person.leader_id,
            public_consent=person.public_consent,
            version=person.version,
        )
    return data
