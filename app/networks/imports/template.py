"""The member-import template: an empty member sheet, a guide and the allowed values."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.core.xlsx import Sheet, generate_xlsx
from app.extensions import db
from app.networks.imports.parse import COLUMNS, SHEET_NAME
from app.networks.models import Network
from app.people.models import Municipality, Profession


def template_workbook(networks: list[Network]) -> bytes:
    """The import template: an empty member sheet, a guide and the allowed values."""
    professions: dict[int, Profession] = {}
    for network in networks:
        for p in network.professions:
            professions.setdefault(p.id, p)
    if not professions:
        professions = {p.id: p for p in db.session.scalars(select(Profession))}
    municipalities = db.session.execute(
        select(Municipality.number, Municipality.name, Municipality.county).order_by(
            Municipality.name
        )
    ).all()
    prof_rows = sorted(professions.values(), key=lambda p: p.name_nb)
    allowed = []
    for index in range(max(len(prof_rows), len(municipalities))):
        p = prof_rows[index] if index < len(prof_rows) else None
        m = municipalities[index] if index < len(municipalities) else None
        allowed.append(
            [
                p.name_nb if p else None,
                p.key if p else None,
                None,
                m.number if m else None,
                m.name if m else None,
                m.county if m else None,
            ]
        )
    guide = [
        ["navn", _("ja"), _("Fullt navn.")],
        ["e-post", _("ja"), _("Jobb-e-post. Finnes e-posten fra før, oppdateres personen.")],
        ["yrke", _("ja, for nye"), _("Et yrke i nettverket, se arket «Tillatte verdier».")],
        ["arbeidssted", _("nei"), _("Navn på arbeidsstedet; opprettes om det er nytt.")],
        ["kommune", _("nei"), _("Kommunenummer eller navn, se «Tillatte verdier».")],
        ["telefon", _("nei"), ""],
        ["hpr", _("nei"), _("HPR-nummer: bare sifre, høyst 9. Brukes også til å finne personen.")],
        ["videreutdanning", _("nei"), _("ja eller nei (videreutdanning i kreft/palliasjon).")],
        ["leders e-post", _("nei"), _("Lederen må være registrert eller stå i samme fil.")],
        [
            "startdato",
            _("nei"),
            _(
                "Datoen personen ble oppnevnt som ressursperson i nettverket (ÅÅÅÅ-MM-DD), "
                "også kalt «Oppnevnt». Fristene i kompetanseplanen regnes fra den. "
                "Tom: dagen importen gjøres."
            ),
        ],
        [None, None, None],
        [_("Tomme celler"), None, _("endrer ikke det som er registrert fra før.")],
        [_("Forhåndsvisning"), None, _("Ingenting lagres før du har sett og godkjent endringene.")],
    ]
    title = ", ".join(n.name for n in networks) if networks else ""
    return generate_xlsx(
        [
            Sheet(
                SHEET_NAME,
                [header for _key, header in COLUMNS],
                [],
                widths=[28, 32, 22, 30, 18, 16, 12, 16, 32, 14],
            ),
            Sheet(
                _("Veiledning"),
                [_("Kolonne"), _("Påkrevd"), _("Forklaring") + (f" ({title})" if title else "")],
                guide,
                widths=[18, 14, 90],
                autofilter=False,
            ),
            Sheet(
                _("Tillatte verdier"),
                [_("Yrke"), _("Yrkesnøkkel"), "", _("Kommunenr."), _("Kommune"), _("Fylke")],
                allowed,
                widths=[24, 24, 4, 12, 30, 24],
                autofilter=False,
            ),
        ]
    )
