"""Titles the seed data stores in bokmål (competence plans and their requirements), marked for
translation, so pages in nynorsk and English name them in the reader's language.

A title is data: a coordinator may rename it. Only a title that is still exactly the seeded
one is translated (the ``seeded`` template filter); anything else is shown as stored.
"""

from __future__ import annotations

from flask_babel import gettext


def _l(text: str) -> str:
    """Marks a title for the catalogue (extracted like lazy_gettext); translated on display."""
    return text


SEEDED = (
    _l(
        "Kompetanseplan for ressurssykepleiere i Ressurssykepleiernettverket i palliasjon og "
        "kreftomsorg i Innlandet"
    ),
    _l("Introduksjonskurs/basiskurs (sammen med leder)"),
    _l("Kurs på nivå B i palliasjon og kreftomsorg (første år)"),
    _l("Hospitering (minst 2 dager, med egne mål)"),
    _l("Temadag (én per år)"),
    _l("Kompetanseplan 2025–2029"),
    _l("Introduksjonskurs for nye ressurspersoner (sammen med leder, innen 2 år)"),
    _l(
        "NFF-kurs for nivå B: Teoretisk grunnkurs, Grunnkurs i lymfødembehandling og "
        "Fysioterapi i palliasjon"
    ),
    _l("Kompetansekrav på nivå B for fysioterapeuter"),
    _l("Kompetansekrav på nivå B for ergoterapeuter"),
    _l("Deltakelse på nettverkssamling"),
    _l("Felles årlig fagdag i foretaksområdet"),
    _l("Grunnkurs i palliasjon ved Palliativt senter, Haukeland universitetssjukehus (anbefalt)"),
    _l("Hospitering (anbefalt)"),
    _l("Målbeskrivelse for kompetanseområdet palliativ medisin (rev. 2018)"),
    _l("Spesialistgodkjenning i en klinisk spesialitet"),
    _l("Klinisk tjeneste i palliativ virksomhet (2 år)"),
    _l("Veiledning (første møte senest 1 måned etter tiltredelse, deretter minst hver måned)"),
    _l("Individuell utdanningsplan godkjent av utdanningsutvalget"),
    _l("Internundervisning (72 timer per år ved 100 % stilling)"),
    _l("Teoretisk kurs i palliativ medisin (NSCPM eller tilsvarende)"),
    _l("Forskningsprosjekt"),
    _l("Praktiske ferdigheter (attestert sjekkliste)"),
)
_KNOWN = frozenset(SEEDED)


def seeded(text: str | None) -> str:
    """The seeded title in the reader's language; any other text as it is."""
    if not text or text not in _KNOWN:
        return text or ""
    return gettext(text)
