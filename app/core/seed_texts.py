"""Titles the seed data stores in bokmål (competence plans and their requirements, the course
catalogue, the national theory course's modules, the KPM skills checklist), marked for
translation, so pages in nynorsk and English name them in the reader's language. The longer
seeded texts (descriptions, level-B goals) are in :mod:`app.core.seed_descriptions`.

A title is data: a coordinator may rename it. Only a title that is still exactly the seeded
one is translated (the ``seeded`` template filter); anything else is shown as stored.
"""

from __future__ import annotations

from app.core.i18n import gettext
from app.core.seed_descriptions import DESCRIPTIONS


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
    # the course catalogue (app/seed/data/courses.json)
    _l("Teoretisk grunnkurs i onkologisk fysioterapi"),
    _l("Grunnkurs i lymfødembehandling"),
    _l("Fysioterapi i palliasjon"),
    _l("Kreft og fysisk aktivitet"),
    _l("Diagnoserettet kurs i onkologisk fysioterapi (1 av 3) – navn ikke oppgitt"),
    _l("Diagnoserettet kurs i onkologisk fysioterapi (2 av 3) – navn ikke oppgitt"),
    _l("Diagnoserettet kurs i onkologisk fysioterapi (3 av 3) – navn ikke oppgitt"),
    _l("Etterutdanning i komplett fysikalsk lymfødembehandling"),
    _l("Grunnkurs i palliasjon"),
    _l("Teoretisk kurs i palliativ medisin"),
    _l("Nordic Specialist Course in Palliative Medicine (NSCPM)"),
    _l("Kurs på nivå B i palliasjon og kreftomsorg"),
    _l("Klientsentrert arbeid i spesialistområdet eldres helse"),
    _l("Klientsentrert arbeid i spesialistområdet psykisk helse"),
    _l("Klientsentrert arbeid i spesialistområdet somatisk helse"),
    _l("Klientsentrert arbeid i spesialistområdet allmennhelse"),
    _l("Kurs innen nevrologi (for palliative pasienter med andre diagnoser enn kreft)"),
    _l("Kurs innen geriatri (for palliative pasienter med andre diagnoser enn kreft)"),
    _l(
        "Kurs innen hjerte- og lungesykdommer (for palliative pasienter med andre diagnoser "
        "enn kreft)"
    ),
    _l("Tverrfaglig kurs innen palliasjon (nasjonalt eller internasjonalt)"),
    _l("Tverrfaglig konferanse innen palliasjon (nasjonal eller internasjonal)"),
    _l("Aktuell fagkongress"),
    _l("Palliasjon og demens for sykepleiere/helsefagarbeidere (e-læringskurs)"),
    _l("Kompetansepakke «Grunnleggende kompetanse i lindrende behandling»"),
    # the modules of the national theory course in palliative medicine (app/courses/demo.py)
    _l("Modul 1"),
    _l("Modul 2"),
    _l("Modul 3"),
    _l("Modul 4"),
    _l("Modul 5"),
    _l("Modul 6"),
    # the KPM skills checklist (app/seed/data/networks.json)
    _l("Oppfølging, stell og avvikling av kateter for pleuratapping"),
    _l("Oppfølging, stell og avvikling av CVK/veneport"),
    _l("Oppfølging, stell og avvikling av kateter for spinal/epidural smertebehandling"),
    _l("Oppfølging, stell og avvikling av urinkateter"),
    _l("Anlegging, stell og avvikling av kateter for ascitestapping"),
    _l("Anlegging og avvikling av sc administrasjon av medikamenter"),
    _l(
        "Håndtering av ulike aktuelle pumper for sc/iv/intratekal/epidural administrasjon av "
        "medikamenter"
    ),
    _l("Praktisk sårbehandling"),
    _l("Anleggelse av nasogastrisk sonde"),
    _l("Gjennomføring av familiesamtale"),
    _l("Utarbeiding av individuell plan"),
    _l("Undervisning til kolleger"),
)
_KNOWN = frozenset(SEEDED + DESCRIPTIONS)


def seeded(text: str | None) -> str:
    """The seeded title or description in the reader's language; any other text as it is."""
    if not text or text not in _KNOWN:
        return text or ""
    return gettext(text)
