"""The overview workbook's fixed text: headers, status words, sheet names, the legend.

The bokmål texts are the message ids. :func:`words_for` resolves every one of them once per
workbook in the reader's language (a national file has 20,000 rows: no cell looks a word
up). Bokmål is :data:`BOKMAL` itself, untouched by any catalogue, so the command line and
programs with an API token (which read the bokmål file) get exactly the words they always
got.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from flask_babel import force_locale, gettext

from app.progress import rules


def _l(text: str) -> str:
    """Marks a text for the catalogue (extracted like lazy_gettext); translated in words_for."""
    return text


@dataclasses.dataclass(frozen=True)
class Words:
    """Every fixed text of the workbook, in one language."""

    person_headers: tuple[str, ...]
    #: status → the word in the status cells (the same as the pages show)
    status: dict[str, str]
    #: a requirement's unit → the word in the column header
    units: dict[str, str]
    #: the leader column of a with_leader requirement: met, or the result's reason
    leader_came: str
    leader: dict[str, str]
    #: column headers after a requirement's title (``%(t)s`` the title, ``%(u)s`` the unit)
    date_header: str
    done_header: str
    needed_header: str
    leader_header: str
    kpm_header: str
    summary_sheet: str
    info_sheet: str
    summary_title: str
    summary_headers: tuple[str, str, str]
    total: str
    yes: str
    no: str
    whole_plan: str
    info_title: str
    #: the info sheet's labels, in order: what, scope, day, made, made by, persons, plans, source
    info_labels: tuple[str, ...]
    what: str
    command_line: str
    no_plans: str
    legend_title: str
    legend: dict[str, str]
    empty_cell: tuple[str, str]
    done_needed: tuple[str, str]


BOKMAL = Words(
    person_headers=(
        _l("Navn"),
        _l("Yrke"),
        _l("Arbeidssted"),
        _l("Kommune"),
        _l("Leder"),
        _l("Medlem fra"),
    ),
    status={
        rules.MET: _l("Oppfylt"),
        rules.IN_PROGRESS: _l("Underveis"),
        rules.DUE: _l("Gjenstår"),
        rules.OVERDUE: _l("Forfalt"),
        rules.NOT_APPLICABLE: _l("Ikke aktuelt"),
    },
    units={
        "days": _l("dager"),
        "months": _l("måneder"),
        "hours": _l("timer"),
        "count": _l("antall"),
        "items": _l("punkter"),
    },
    leader_came=_l("leder deltok"),
    leader={
        rules.LEADER_MISSING: _l("leder ikke registrert"),
        rules.LEADER_ABSENT: _l("leder deltok ikke"),
    },
    date_header=_l("%(t)s – dato"),
    done_header=_l("%(t)s – utført (%(u)s)"),
    needed_header=_l("%(t)s – kreves (%(u)s)"),
    leader_header=_l("%(t)s – leder"),
    kpm_header=_l("KPM godkjent"),
    summary_sheet=_l("Sammendrag"),
    info_sheet=_l("Om filen"),
    summary_title=_l("Kompetanseoversikt: sammendrag"),
    summary_headers=(_l("Plan"), _l("Krav"), _l("Obligatorisk")),
    total=_l("I alt"),
    yes=_l("ja"),
    no=_l("nei"),
    whole_plan=_l("Hele planen: alle obligatoriske krav oppfylt"),
    info_title=_l("Kompetanseoversikt"),
    info_labels=(
        _l("Hva"),
        _l("Utvalg"),
        _l("Status per dag"),
        _l("Laget"),
        _l("Laget av"),
        _l("Personer"),
        _l("Planer"),
        _l("Kilde"),
    ),
    what=_l(
        "Status for hvert krav i kompetanseplanen, per person: ett ark per plan, "
        "en rad per person, og for hvert krav status og dato (oppfylt dato, ellers frist)."
    ),
    command_line=_l("kommandolinjen"),
    no_plans=_l("ingen"),
    legend_title=_l("Forklaring"),
    legend={
        rules.MET: _l("Kravet er oppfylt; datoen er dagen det ble oppfylt."),
        rules.IN_PROGRESS: _l("Noe er gjort, men kravet er ikke oppfylt ennå; datoen er fristen."),
        rules.DUE: _l(
            "Ingenting registrert ennå, fristen er ikke passert (eller kravet har ingen)."
        ),
        rules.OVERDUE: _l("Fristen er passert uten at kravet er oppfylt; datoen er fristen."),
        rules.NOT_APPLICABLE: _l(
            "Kravet gjelder ikke for personen (for eksempel på grunn av videreutdanning)."
        ),
    },
    empty_cell=(_l("Tom celle"), _l("Kravet gjelder ikke personens yrke.")),
    done_needed=(
        _l("utført / kreves"),
        _l(
            "For krav som oppfylles gradvis: hvor mye som er gjort og hvor mye "
            "som kreves (dager, måneder, timer, antall)."
        ),
    ),
)

#: the status words of the bokmål file (what programs and the command line read)
STATUS_WORDS = BOKMAL.status


def _translated(value: Any) -> Any:
    if isinstance(value, str):
        return gettext(value)
    if isinstance(value, tuple):
        return tuple(gettext(v) for v in value)
    return {key: gettext(v) for key, v in value.items()}


def words_for(language: str) -> Words:
    """The workbook's words in `language` (``nb``, ``nn``, ``en``), each looked up once."""
    if language == "nb":
        return BOKMAL
    with force_locale(language):
        return Words(
            **{f.name: _translated(getattr(BOKMAL, f.name)) for f in dataclasses.fields(Words)}
        )
