"""The PDFs of a KPM application: its dossier, the decision letters and the diploma.

Each is built from what the application froze (and the decision as taken), never from the
doctor's current records, so a PDF made today says what was sent and decided then.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from app.core.i18n import count_form
from app.core.pdf import PdfDocument
from app.kpm.application_models import ConditionKind, KpmApplication, KpmDecision


def _day(value: str | dt.date | None) -> str:
    if not value:
        return "–"
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d.%m.%Y")


def _num(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _attested(record: dict[str, Any]) -> str:
    if not record.get("attested"):
        return _("Ikke attestert")
    by = record.get("attested_by") or "–"
    return f"{by}, {_day(record.get('attested_on'))}" if record.get("attested_on") else by


def _kind_label(kind: str) -> str:
    return {
        "centre_with_beds": _("Palliativt senter med sengepost"),
        "centre_without_beds": _("Palliativt senter uten sengepost"),
        "nursing_home_unit": _("Palliativ enhet i sykehjem / DMS"),
    }.get(kind, kind)


def dossier_pdf(application: KpmApplication) -> bytes:
    """The frozen dossier: service with counted months, checklist, logs, documents."""
    person = application.person
    d = application.dossier or {}
    doc = PdfDocument(
        _("Søknad om godkjenning i KPM – %(name)s", name=person.name),
        subject=_("Dokumentasjon"),
        footer=_("Søknad nr. %(id)d, sendt %(day)s", id=application.id, day=_day(d.get("on"))),
    )
    doc.heading(_("Søknad om godkjenning i kompetanseområde palliativ medisin"))
    doc.pairs(
        [
            (_("Lege"), person.name),
            (_("Søknad nr."), application.id),
            (_("Sendt inn"), _day(application.submitted_on)),
            (_("Status"), application.status.label),
            (_("Mangler ved innsending"), ", ".join(application.missing or []) or _("Ingen")),
        ]
    )
    service = d.get("service") or {}
    doc.heading(_("Klinisk tjeneste"), 2)
    doc.table(
        [_("Sted"), _("Type"), _("Periode"), _("Stilling"), _("Teller"), _("Måneder")],
        [
            [
                p.get("site_name") or "–",
                _kind_label(p.get("site_kind", "")),
                f"{_day(p.get('start'))}–{_day(p.get('end'))}",
                f"{_num(p.get('position_pct', 0))} %",
                _("Ja") if p.get("counts") else _("Nei"),
                _num(p.get("months", 0)),
            ]
            for p in service.get("periods") or ()
        ],
        widths=(34, 30, 30, 14, 12, 14),
        empty=_("Ingen tjenesteperioder registrert."),
    )
    by_kind = service.get("months_by_kind") or {}
    doc.pairs(
        [
            (_kind_label(k), ngettext("%(m)s måned", "%(m)s måneder", count_form(v), m=_num(v)))
            for k, v in by_kind.items()
        ]
        + [
            (
                _("Tellende tjeneste i alt"),
                ngettext(
                    "%(m)s av %(n)s måned",
                    "%(m)s av %(n)s måneder",
                    count_form(service.get("needed_months", 24)),
                    m=_num(service.get("months", 0)),
                    n=_num(service.get("needed_months", 24)),
                ),
            )
        ]
    )
    doc.heading(_("Praktiske ferdigheter"), 2)
    doc.table(
        [_("Ferdighet"), _("Attestert av"), _("Dato")],
        [
            [c.get("title"), c.get("attested_by") or "–", _day(c.get("attested_on"))]
            for c in d.get("checklist") or ()
        ],
        widths=(90, 50, 25),
        empty=_("Ingen ferdigheter attestert."),
    )
    doc.heading(_("Veiledning"), 2)
    doc.table(
        [_("Dato"), _("Veileder"), _("Notat"), _("Attestert")],
        [
            [_day(m.get("date")), m.get("supervisor") or "–", m.get("note") or "", _attested(m)]
            for m in d.get("supervision") or ()
        ],
        widths=(25, 40, 55, 45),
        empty=_("Ingen veiledningsmøter registrert."),
    )
    doc.heading(_("Internundervisning"), 2)
    doc.table(
        [_("Dato"), _("Timer"), _("Attestert")],
        [
            [_day(t.get("date")), _num(t.get("hours", 0)), _attested(t)]
            for t in d.get("teaching") or ()
        ],
        widths=(40, 30, 95),
        empty=_("Ingen undervisning registrert."),
    )
    doc.paragraph(_("Attesterte timer i alt: %(h)s", h=_num(d.get("teaching_hours", 0))))
    doc.heading(_("Dokumenter"), 2)
    doc.table(
        [_("Dokument"), _("Dato"), _("Merknad"), _("Fil"), _("Attestert")],
        [
            [
                x.get("kind_label") or x.get("kind"),
                _day(x.get("date")),
                x.get("note") or "",
                (x.get("file") or {}).get("filename") or "–",
                _attested(x),
            ]
            for x in d.get("documents") or ()
        ],
        widths=(40, 22, 43, 30, 30),
        empty=_("Ingen dokumenter registrert."),
    )
    return doc.bytes()


def _condition_label(kind: str) -> str:
    try:
        return str(ConditionKind(kind).label)
    except ValueError:
        return kind


def letter_pdf(decision: KpmDecision) -> bytes:
    """The decision letter (vedtaksbrev)."""
    application = decision.application
    person = application.person
    doc = PdfDocument(
        _("Vedtak om godkjenning i KPM – %(name)s", name=person.name),
        footer=_("Kompetansenett · søknad nr. %(id)d", id=application.id),
    )
    doc.heading(_("Vedtak: kompetanseområde palliativ medisin"))
    doc.pairs(
        [
            (_("Til"), person.name),
            (_("Søknad nr."), application.id),
            (_("Søknaden sendt"), _day(application.submitted_on)),
            (_("Vedtaksdato"), _day(decision.decided_on)),
            (_("Utfall"), decision.outcome.label),
        ]
    )
    doc.paragraph(_OUTCOME_TEXT.get(decision.outcome.value, lambda: "")())
    if decision.conditions:
        doc.heading(_("Vilkår"), 2)
        for c in decision.conditions:
            doc.paragraph(f"{_condition_label(c.get('kind', ''))}: {c.get('text', '')}")
    if decision.note:
        doc.heading(_("Merknad"), 2)
        doc.paragraph(decision.note)
    if decision.outcome.value in ("rejected", "deferred"):
        doc.paragraph(
            _(
                "Du kan klage på vedtaket. Klagen sendes fra din KPM-side i Kompetansenett, "
                "med en begrunnelse."
            )
        )
    return doc.bytes()


_OUTCOME_TEXT = {
    "approved": lambda: _(
        "Du er godkjent i kompetanseområde palliativ medisin. Diplomet følger på din KPM-side."
    ),
    "approved_on_conditions": lambda: _(
        "Du er godkjent på vilkår. Godkjenningen gis når vilkårene nedenfor er oppfylt."
    ),
    "deferred": lambda: _(
        "Søknaden er utsatt. Den behandles når du har spesialistgodkjenning i en klinisk "
        "spesialitet."
    ),
    "incomplete": lambda: _(
        "Dokumentasjonen er mangelfull. Legg inn det som mangler og send søknaden på nytt."
    ),
    "rejected": lambda: _("Søknaden er avslått."),
}


def diploma_pdf(application: KpmApplication, approved_on: dt.date) -> bytes:
    """The diploma (seed 000: a diploma attests the approval)."""
    person = application.person
    doc = PdfDocument(_("Diplom – %(name)s", name=person.name))
    doc.space(30)
    doc.heading(_("Diplom"))
    doc.space(8)
    doc.paragraph(person.name, size=20, bold=True)
    doc.space(4)
    doc.paragraph(
        _(
            "er godkjent i kompetanseområde palliativ medisin (KPM) for leger, "
            "med godkjenning fra %(day)s.",
            day=_day(approved_on),
        ),
        size=13,
    )
    doc.space(20)
    doc.paragraph(_("Søknad nr. %(id)d", id=application.id), size=9)
    return doc.bytes()
