"""The plan editor's fields: for each requirement kind, the parameters a coordinator fills in.

The editor never shows JSON. Each kind lists its parameters as typed fields (numbers, yes/no,
a choice, courses from the catalogue); the checklist's items and the service's site kinds are
rows. ``to_values`` turns a requirement's params into what the form shows, ``from_form`` reads
a submitted block back, and ``to_params`` builds the params (with errors by field) that the
plan operations then validate as they validate the API's. Parameters the editor does not know
are carried through unchanged, so saving a plan never drops what the API put there.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from app.gatherings.models import GatheringKind
from app.kpm.models import DocumentKind, SiteKind


@dataclass(frozen=True)
class ParamField:
    """One parameter of a requirement kind, as the editor shows it."""

    name: str
    #: ``int`` · ``number`` · ``bool`` · ``choice`` · ``courses`` (catalogue keys)
    type: str
    label: Any
    hint: Any = None
    #: for ``choice``: the name of a list the view provides (see ``choice_lists``)
    choices: str | None = None


KIND_FIELDS: dict[str, tuple[ParamField, ...]] = {
    "course": (
        ParamField(
            "courses",
            "courses",
            _l("Kurs som teller"),
            _l("Ingen valgt: ethvert kurs på nivået under som er for personens yrke."),
        ),
        ParamField("match", "choice", _l("Hvor mange av kursene"), choices="match"),
        ParamField("level", "choice", _l("Nivå"), choices="levels"),
        ParamField(
            "min_hours", "number", _l("Minst antall timer"), _l("Tomt: antall kurs teller.")
        ),
    ),
    "gathering": (
        ParamField("gathering_kind", "choice", _l("Type samling"), choices="gathering_kinds"),
        ParamField("count", "int", _l("Antall samlinger")),
        ParamField(
            "min_hours", "number", _l("Minst antall timer per samling"), _l("Tomt: alle teller.")
        ),
        ParamField("with_leader", "bool", _l("Lederen må ha deltatt på samme samling")),
    ),
    "hospitation": (
        ParamField("min_days", "number", _l("Minst antall dager")),
        ParamField("goals_required", "bool", _l("Bare hospitering med mål teller")),
    ),
    "checklist": (
        ParamField("attested_by", "choice", _l("Hvem attesterer punktene"), choices="attesters"),
    ),
    "service": (ParamField("months", "number", _l("Måneder tjeneste i alt")),),
    "supervision": (
        ParamField("first_within_days", "int", _l("Første veiledning innen (dager)")),
        ParamField("max_gap_days", "int", _l("Høyst antall dager mellom veiledningene")),
    ),
    "teaching": (
        ParamField(
            "hours_per_year_full_time",
            "number",
            _l("Timer undervisning per år i full stilling"),
        ),
    ),
    "document": (ParamField("document", "choice", _l("Dokument"), choices="documents"),),
}

#: a plain explanation of each kind, shown above its fields
KIND_HELP = {
    "course": _l(
        "Kurs personen har fullført: påmeldinger med registrert fullføring og verifiserte kurs "
        "tatt andre steder."
    ),
    "gathering": _l("Samlinger i nettverket som personen deltok på (oppmøte registrert)."),
    "hospitation": _l("Dager med fullført hospitering, lagt sammen."),
    "checklist": _l("En liste med ferdigheter som attesteres punkt for punkt."),
    "service": _l(
        "Klinisk tjeneste ved godkjente steder, regnet i måneder etter stillingsprosent, med "
        "grenser per type sted."
    ),
    "supervision": _l(
        "Veiledning jevnlig gjennom tjenesten: første møte tidlig, og aldri for lang tid mellom."
    ),
    "teaching": _l("Undervisningstimer i forhold til tjenestetiden."),
    "document": _l("Et attestert dokument av en bestemt type."),
}

#: the boolean person facts a requirement can be "not applicable" for
FACT_FIELDS = (
    ("further_education", _l("Gjelder ikke den som har videreutdanning i fagfeltet")),
    ("specialist_approved", _l("Gjelder ikke den som er godkjent spesialist")),
)
SITE_NUMBERS = ("max_months", "min_months", "min_pct")
SITE_NUMBER_LABELS = {
    "max_months": _l("Høyst måneder"),
    "min_months": _l("Minst måneder"),
    "min_pct": _l("Minst stillingsprosent"),
}
MAX_ROWS = 200
_NUMBER_RE = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def choice_lists(levels: list[str]) -> dict[str, list[tuple[str, str]]]:
    """The choices of the ``choice`` fields (the empty value first where it may be empty)."""
    return {
        "match": [("any", str(_l("Ett av dem"))), ("all", str(_l("Alle")))],
        "levels": [("", str(_l("Ikke valgt")))] + [(lv, lv) for lv in levels],
        "gathering_kinds": GatheringKind.choices(),
        "attesters": [
            ("supervisor", str(_l("Veilederen"))),
            ("self", str(_l("Personen selv"))),
        ],
        "documents": DocumentKind.choices(),
    }


def site_kinds() -> list[tuple[str, str]]:
    """The site kinds a service requirement can set rules for."""
    return SiteKind.choices()


def make_key(title: str) -> str:
    """A requirement key from its title: «Kurs på nivå B» → ``kurs-pa-niva-b``."""
    text = title.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80]


# --------------------------------------------------------------------------- params → form


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_values(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """What the editor shows for a kind's params: fields, rows, and the rest kept aside."""
    params = dict(params or {})
    fields: dict[str, Any] = {}
    for f in KIND_FIELDS.get(kind, ()):
        # An empty value stays aside (``courses: []``, ``with_leader: false``), so a plan
        # saved unchanged is the plan that was loaded; a filled-in field overrides it.
        value = params.get(f.name)
        if value in (None, [], False, ""):
            value = None
        else:
            params.pop(f.name)
        if f.type == "bool":
            fields[f.name] = bool(value)
        elif f.type == "courses":
            fields[f.name] = list(value) if isinstance(value, list) else []
        else:
            fields[f.name] = _shown(value)
    items: list[dict[str, str]] = []
    sites: dict[str, dict[str, Any]] = {}
    if kind == "checklist" and isinstance(params.get("items"), list):
        items = [
            {"key": str(i.get("key") or ""), "title": str(i.get("title") or "")}
            for i in params.pop("items")
            if isinstance(i, dict)
        ]
    if kind == "service" and isinstance(params.get("site_kinds"), dict):
        for name, rule in params.pop("site_kinds").items():
            rule = rule if isinstance(rule, dict) else {}
            sites[name] = {"on": True, **{n: _shown(rule.get(n)) for n in SITE_NUMBERS}}
    return {"fields": fields, "items": items, "sites": sites, "extra": params}


# --------------------------------------------------------------------------- form → values


def from_form(kind: str, form: MultiDict, prefix: str) -> dict[str, Any]:
    """A submitted block's param values, as the editor shows them again."""
    fields: dict[str, Any] = {}
    for f in KIND_FIELDS.get(kind, ()):
        name = f"{prefix}p-{f.name}"
        if f.type == "bool":
            fields[f.name] = form.get(name) == "y"
        elif f.type == "courses":
            fields[f.name] = [k for k in form.getlist(name) if k][:MAX_ROWS]
        else:
            fields[f.name] = (form.get(name) or "").strip()
    items = []
    if kind == "checklist":
        count = _count(form.get(f"{prefix}item_count"))
        for j in range(count):
            key = (form.get(f"{prefix}item-{j}-key") or "").strip()
            title = (form.get(f"{prefix}item-{j}-title") or "").strip()
            items.append({"key": key, "title": title})
    sites: dict[str, dict[str, Any]] = {}
    if kind == "service":
        for name, _label in site_kinds():
            p = f"{prefix}sk-{name}-"
            if form.get(p + "on") == "y":
                numbers = {n: (form.get(p + n) or "").strip() for n in SITE_NUMBERS}
                sites[name] = {"on": True, **numbers}
    return {"fields": fields, "items": items, "sites": sites}


def _count(value: str | None) -> int:
    try:
        return max(0, min(int(value or "0"), MAX_ROWS))
    except ValueError:
        return 0


# --------------------------------------------------------------------------- values → params


def _number(text: str, integer: bool) -> float | int | None:
    """A number typed the Norwegian way (comma or point); raises ValueError when it is not."""
    if not _NUMBER_RE.match(text):
        raise ValueError(text)
    value = float(text.replace(",", "."))
    if not math.isfinite(value):
        raise ValueError(text)
    if integer:
        if not value.is_integer():
            raise ValueError(text)
        return int(value)
    return int(value) if value.is_integer() else value


def _field_params(kind: str, fields: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for f in KIND_FIELDS.get(kind, ()):
        value = fields.get(f.name)
        if f.type == "bool":
            if value:
                params[f.name] = True
        elif f.type == "courses":
            if value:
                params[f.name] = list(value)
        elif value in (None, ""):
            continue
        elif f.type in ("int", "number"):
            try:
                params[f.name] = _number(value, f.type == "int")
            except ValueError:
                errors[f"p-{f.name}"] = str(
                    _l("Må være et heltall.") if f.type == "int" else _l("Må være et tall.")
                )
        else:
            params[f.name] = value
    return params


def to_params(kind: str, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The params for a block's values, and the errors by editor field name."""
    errors: dict[str, str] = {}
    params = {**(values.get("extra") or {}), **_field_params(kind, values["fields"], errors)}
    if kind == "checklist":
        rows = [r for r in values.get("items", []) if r["key"] or r["title"]]
        params["items"] = [
            {"key": r["key"] or make_key(r["title"]), "title": r["title"]} for r in rows
        ]
    if kind == "service":
        rules: dict[str, dict[str, Any]] = {}
        for name, site in (values.get("sites") or {}).items():
            rule: dict[str, Any] = {}
            for n in SITE_NUMBERS:
                if site.get(n):
                    try:
                        rule[n] = _number(site[n], False)
                    except ValueError:
                        errors[f"sk-{name}-{n}"] = str(_l("Må være et tall."))
            rules[name] = rule
        if rules:
            params["site_kinds"] = rules
    return params, errors


def conditions_to_values(condition: dict[str, Any] | None) -> tuple[dict[str, bool], dict]:
    """``not_applicable_if`` as the fact checkboxes, and the conditions they cannot show."""
    rest = dict(condition or {})
    facts = {}
    for name, _label in FACT_FIELDS:
        facts[name] = rest.get(name) is True
        if facts[name]:
            rest.pop(name)
    return facts, rest


def values_to_conditions(facts: dict[str, bool], rest: dict[str, Any]) -> dict[str, Any]:
    """``not_applicable_if`` from the checkboxes and the conditions kept aside."""
    return {**rest, **{name: True for name, on in facts.items() if on}}
