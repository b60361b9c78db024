"""Longer texts the seed data stores in bokmål, marked for translation like the titles in
:mod:`app.core.seed_texts` (which translates them through the same ``seeded`` filter): the
course catalogue's descriptions, the networks' descriptions and the level-B competence goals
of the physiotherapists' and occupational therapists' checklists."""

from __future__ import annotations


def _l(text: str) -> str:
    """Marks a text for the catalogue (extracted like lazy_gettext); translated on display."""
    return text


#: the course catalogue's descriptions (app/seed/data/courses.json)
COURSE_DESCRIPTIONS = (
    _l(
        "Første kurs i NFFs kursrekke i onkologisk fysioterapi og lymfologi (7 kurs, totalt 192"
        " timer etter revisjonen i 2009). Ett av de tre kursene som anses som nødvendige for "
        "kompetanse på nivå B for fysioterapeuter som arbeider med kreftpasienter i palliativ "
        "fase. Kursrekken (7 kurs, totalt 192 timer etter revisjonen i 2009) står under «Nivå "
        "B» i kompetanseplanen for Helse Vest."
    ),
    _l(
        "Del av NFFs kursrekke i onkologisk fysioterapi og lymfologi. Ett av de tre kursene som"
        " anses som nødvendige for kompetanse på nivå B for fysioterapeuter som arbeider med "
        "kreftpasienter i palliativ fase. Kursrekken (7 kurs, totalt 192 timer etter revisjonen"
        " i 2009) står under «Nivå B» i kompetanseplanen for Helse Vest."
    ),
    _l(
        "Del av NFFs kursrekke i onkologisk fysioterapi og lymfologi (2 dager). Kursrekken (7 "
        "kurs, totalt 192 timer etter revisjonen i 2009) står under «Nivå B» i kompetanseplanen"
        " for Helse Vest."
    ),
    _l(
        "Ett av tre diagnoserettede kurs i NFFs kursrekke i onkologisk fysioterapi og lymfologi"
        " (hvert kurs 2–3 dager). Kompetanseplanen navngir ikke kursene, og navnet er derfor "
        "ikke oppgitt her; koordinatoren kan gi kurset NFFs navn. Timetallet er satt slik at "
        "kursrekken summerer til 192 timer. Kursrekken (7 kurs, totalt 192 timer etter "
        "revisjonen i 2009) står under «Nivå B» i kompetanseplanen for Helse Vest."
    ),
    _l("Etterutdanning i komplett fysikalsk lymfødembehandling, 160 timer."),
    _l(
        "Tverrfaglig grunnkurs for ansatte i både primær- og spesialisthelsetjenesten. Anbefalt"
        " for ressurspersoner i Helseregion Vest."
    ),
    _l(
        "Det første norske teorikurset som kreves for kompetanseområdet palliativ medisin, og "
        "som erstatter det nordiske kurset (NSCPM). Seks moduler fordelt mellom "
        "universitetssykehusene; første kurs starter i Trondheim i slutten av januar 2026 med "
        "35 påmeldte leger. Dekker symptomer og utfordringer i palliasjon for voksne, med "
        "palliasjon ved kreft som tyngdepunkt, eldre med multisykelighet, langtkomne "
        "nevrologiske sykdommer, kols, lungefibrose, hjerte- og nyresvikt, og "
        "kommunikasjonstrening i smågrupper."
    ),
    _l(
        "Det nordiske teorikurset for kompetanseområdet palliativ medisin. Et begrenset "
        "forskningsprosjekt er en del av kurset, og kurset godkjennes ikke uten dette. Siste "
        "inntak var i 2023 (kandidatene ferdige våren 2025); kurset er avviklet og erstattet av"
        " det norske teorikurset."
    ),
    _l(
        "Aktuelle kurs med kompetansenivå tilsvarende nivå B i Nasjonalt handlingsprogram med "
        "retningslinjer for palliasjon i kreftomsorgen. Anbefales for nye ressurssykepleiere "
        "uten videreutdanning i kreftomsorg eller palliasjon det første året de er "
        "ressurssykepleier. Kompetanseplanen navngir ingen bestemte kurs."
    ),
    _l(
        "Kurs fra Norsk Ergoterapeutforbund om klientsentrert arbeid i spesialistområdet eldres"
        " helse. Kompetanseplanen for Helse Vest nevner slike kurs under «Nivå B» for "
        "ergoterapeuter, selv om de ikke begrenser seg til fagutøvelse direkte rettet mot "
        "palliasjon. Kurstittelen er en beskrivelse, ikke NETFs eget kursnavn."
    ),
    _l(
        "Kurs fra Norsk Ergoterapeutforbund om klientsentrert arbeid i spesialistområdet "
        "psykisk helse. Kompetanseplanen for Helse Vest nevner slike kurs under «Nivå B» for "
        "ergoterapeuter, selv om de ikke begrenser seg til fagutøvelse direkte rettet mot "
        "palliasjon. Kurstittelen er en beskrivelse, ikke NETFs eget kursnavn."
    ),
    _l(
        "Kurs fra Norsk Ergoterapeutforbund om klientsentrert arbeid i spesialistområdet "
        "somatisk helse. Kompetanseplanen for Helse Vest nevner slike kurs under «Nivå B» for "
        "ergoterapeuter, selv om de ikke begrenser seg til fagutøvelse direkte rettet mot "
        "palliasjon. Kurstittelen er en beskrivelse, ikke NETFs eget kursnavn."
    ),
    _l(
        "Kurs fra Norsk Ergoterapeutforbund om klientsentrert arbeid i spesialistområdet "
        "allmennhelse. Kompetanseplanen for Helse Vest nevner slike kurs under «Nivå B» for "
        "ergoterapeuter, selv om de ikke begrenser seg til fagutøvelse direkte rettet mot "
        "palliasjon. Kurstittelen er en beskrivelse, ikke NETFs eget kursnavn."
    ),
    _l(
        "Seed 004: fysio- og ergoterapeuter som arbeider med palliative pasienter med andre "
        "diagnoser enn kreft, vil ha nytte av kurs fra andre fagområder, f.eks. innen "
        "nevrologi, geriatri og hjerte- og lungesykdommer. Planen navngir ingen bestemte kurs "
        "eller arrangører; dette er en samlepost."
    ),
    _l(
        "Seed 004 anbefaler fysio- og ergoterapeuter deltakelse på nasjonale og internasjonale "
        "tverrfaglige kurs innen palliasjon; tverrfaglige kurs og konferanser gir viktig "
        "kompetanse i tillegg til NFF-kursene. Planen navngir ingen bestemte kurs; dette er en "
        "samlepost."
    ),
    _l(
        "Seed 004 anbefaler deltakelse på nasjonale og internasjonale tverrfaglige konferanser "
        "innen palliasjon. Planen navngir ingen bestemt konferanse; dette er en samlepost."
    ),
    _l(
        "Seed 004 anbefaler deltakelse på aktuelle fagkongresser for både fysio- og "
        "ergoterapeuter. Planen navngir ingen bestemt kongress; dette er en samlepost."
    ),
    _l(
        "E-læringskurs (2018) i litteraturlisten til kompetanseplanen for Innlandet. Planen "
        "sier ikke hvilket kompetansenivå kurset svarer til, så det har ikke nivå B her."
    ),
    _l(
        "Læringsressurs i litteraturlisten til kompetanseplanen for Innlandet. «Grunnleggende» "
        "kompetanse; planen plasserer den ikke på nivå B."
    ),
)
#: the networks' descriptions (app/seed/data/networks.json)
NETWORK_DESCRIPTIONS = (
    _l(
        "Nettverk for ressurssykepleiere i palliasjon og kreftomsorg i kommunene og ved Sykehuset "
        "Innlandet. Målet er kompetanse tilsvarende nivå B i Nasjonalt handlingsprogram med "
        "retningslinjer for palliasjon i kreftomsorgen, gjennom planmessig kompetanseheving, "
        "klinisk virksomhet, samhandling og systemarbeid. Arrangør: Arbeidsgruppen i nettverket."
    ),
    _l(
        "Nettverk for fysioterapeuter og ergoterapeuter som er ressurspersoner i kreftomsorg og "
        "lindrende behandling i Helseregion Vest. Målet er kompetanse på nivå B i Nasjonalt "
        "handlingsprogram med retningslinjer for palliasjon i kreftomsorgen (Helsedirektoratet "
        "2019). Nettverket driftes av en driftsgruppe og har et offentlig register over "
        "ressurspersoner."
    ),
    _l(
        "Toårig utdanning i kompetanseområdet palliativ medisin for leger som allerede er "
        "spesialister i en klinisk («bedside») spesialitet: klinisk tjeneste ved godkjent "
        "utdanningssted, veiledning, individuell utdanningsplan, internundervisning, teoretisk "
        "kurs med forskningsprosjekt og attestert sjekkliste for praktiske ferdigheter."
    ),
)
#: the level-B competence goals of the physiotherapists' and occupational therapists'
#: checklists (app/seed/data/networks.json, Helse Vest)
LEVEL_B_GOALS = (
    _l(
        "Grunnleggende kjennskap til palliasjon som fagfelt, organisering av det palliative "
        "tilbudet og kjennetegn ved den palliative kultur"
    ),
    _l("Grunnleggende kjennskap til palliativ medisin (symptomer og symptomlindring)"),
    _l(
        "Grunnleggende kunnskap om kreftsykdommer og kreftbehandling og deres innvirkning på "
        "fysisk funksjon"
    ),
    _l(
        "Fysioterapi i palliativ fase: generelle prinsipper for kartlegging, målsetting og valg "
        "av tiltak"
    ),
    _l("Fysioterapi i palliativ fase: fysisk aktivitet i palliativ fase"),
    _l("Fysioterapi i palliativ fase: smertelindrende tiltak"),
    _l("Fysioterapi i palliativ fase: lymfødembehandling i palliativ fase"),
    _l(
        "Fysioterapi i palliativ fase: aktuelle tiltak ved andre vanlige symptomer og tilstander "
        "hos palliative pasienter, f.eks. dyspné, skjelettmetastaser, nevrologiske symptomer og "
        "fatigue"
    ),
    _l("Fysioterapi i palliativ fase: forsiktighetsregler og kontraindikasjoner i palliativ fase"),
    _l(
        "Kjennskap til etiske problemstillinger og kommunikasjonsmessige utfordringer i møte med "
        "palliative pasienter og deres pårørende"
    ),
    _l(
        "Kunnskap om palliasjon som fagfelt, kjennetegn ved den palliative kultur og organisering "
        "av det palliative tilbudet"
    ),
    _l(
        "Grunnleggende kjennskap til palliativ medisin (symptomer og symptomlindring samt fokus "
        "på best mulig livskvalitet)"
    ),
    _l(
        "Grunnleggende kunnskap om kreftsykdommer og kreftbehandling og sykdommens og "
        "behandlingens innvirkning på fysisk, kognitiv, sosial og emosjonell funksjon"
    ),
    _l(
        "Ergoterapi i palliativ fase: ta utgangspunkt i og understøtte pasientens egne ressurser, "
        "ønsker og behov"
    ),
    _l("Ergoterapi i palliativ fase: gjennomføre kartlegging, målsetting og valg av tiltak"),
    _l(
        "Ergoterapi i palliativ fase: bidra til god livskvalitet gjennom funksjonsvurdering, "
        "optimalisering av funksjon og støtte/tilrettelegging for utførelse av ønsket aktivitet"
    ),
    _l(
        "Ergoterapi i palliativ fase: medvirke til lindring av vanlige symptomer og tilstander "
        "hos palliative pasienter"
    ),
    _l(
        "Ergoterapi i palliativ fase: kompensere for tapte funksjoner gjennom å tilrettelegge "
        "miljøet for utfoldelse og deltakelse i meningsfull aktivitet i hverdagslivet, herunder "
        "søke om tekniske hjelpemidler"
    ),
    _l(
        "Ergoterapi i palliativ fase: være kjent med forsiktighetsregler og kontraindikasjoner i "
        "palliativ fase"
    ),
    _l(
        "Kjennskap til etiske problemstillinger og kommunikasjonsmessige utfordringer i møte med "
        "palliative pasienter og deres pårørende"
    ),
)
DESCRIPTIONS = COURSE_DESCRIPTIONS + NETWORK_DESCRIPTIONS + LEVEL_B_GOALS
