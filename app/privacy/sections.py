"""The printable page of a person's export: its tables, built from the export's plain data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from app.core.templating import format_date, format_datetime, format_number, status_label
from app.kpm.application_models import ApplicationStatus, DecisionOutcome
from app.kpm.models import DocumentKind, SiteKind
from app.networks.models import MembershipRole


@dataclass(frozen=True)
class Section:
    """One table of the page."""

    id: str
    title: str
    headers: list[str]
    rows: list[list[Any]]


def _yes(value: Any) -> str:
    if value is None:
        return ""
    return _("Ja") if value else _("Nei")


def _day(value: str | None) -> str:
    """dd.mm.yyyy from an ISO date or datetime (a datetime in Oslo time)."""
    if not value:
        return ""
    if "T" in value:
        return format_date(dt.datetime.fromisoformat(value))
    return format_date(dt.date.fromisoformat(value))


def moment(value: str | None) -> str:
    """dd.mm.yyyy kl. HH:MM (Oslo) from an ISO datetime."""
    return format_datetime(dt.datetime.fromisoformat(value)) if value else ""


def _label(enum: type, value: Any) -> str:
    try:
        return enum(value).label
    except ValueError:
        return str(value)


def _activity_sections(data: dict[str, Any]) -> list[Section]:
    return [
        Section(
            "export-memberships",
            _("Medlemskap"),
            [_("Nettverk"), _("Rolle"), _("Fra"), _("Til")],
            [
                [m["network"], _label(MembershipRole, m["role"]), _day(m["start"]), _day(m["end"])]
                for m in data["memberships"]
            ],
        ),
        Section(
            "export-registrations",
            _("Påmeldinger"),
            [_("Kurs eller samling"), _("Status"), _("Dato"), _("Deltok")],
            [
                [
                    r.get("course") or r.get("gathering"),
                    status_label(r["status"]),
                    _day(r.get("start")),
                    _yes(r["attended"]),
                ]
                for r in data["registrations"]
            ],
        ),
        Section(
            "export-completions",
            _("Fullførte kurs"),
            [_("Kurs"), _("Arrangør"), _("Fullført"), _("Timer"), _("Bekreftet"), _("Merknad")],
            [
                [
                    c["course"],
                    c.get("provider"),
                    _day(c["completed_on"]),
                    format_number(c["hours"]),
                    _yes(c["verified"]),
                    c["note"],
                ]
                for c in data["completions"]
            ],
        ),
        Section(
            "export-hospitations",
            _("Hospiteringer"),
            [_("Sted"), _("Fra"), _("Til"), _("Dager"), _("Status"), _("Mål"), _("Refleksjon")],
            [
                [
                    h["site"] or h["place"],
                    _day(h["start"]),
                    _day(h["end"]),
                    format_number(h["days"]),
                    status_label(h["status"]),
                    h["goals"],
                    h["reflection"],
                ]
                for h in data["hospitations"]
            ],
        ),
    ]


def _kpm_sections(kpm: dict[str, Any]) -> list[Section]:
    return [
        Section(
            "export-service",
            _("Tjenesteperioder"),
            [_("Sted"), _("Type"), _("Fra"), _("Til"), _("Stillingsprosent"), _("Godkjent")],
            [
                [
                    s["site"],
                    _label(SiteKind, s["site_kind"]),
                    _day(s["start"]),
                    _day(s["end"]),
                    format_number(s["position_pct"]),
                    _yes(s["approved"]),
                ]
                for s in kpm["service_periods"]
            ],
        ),
        Section(
            "export-supervision",
            _("Veiledning"),
            [_("Dato"), _("Veileder"), _("Merknad")],
            [[_day(m["date"]), m["supervisor"], m["note"]] for m in kpm["supervision_meetings"]],
        ),
        Section(
            "export-teaching",
            _("Undervisning"),
            [_("Dato"), _("Timer")],
            [[_day(t["date"]), format_number(t["hours"])] for t in kpm["teaching_hours"]],
        ),
        Section(
            "export-checklist",
            _("Sjekkliste"),
            [_("Plan"), _("Krav"), _("Punkt"), _("Attestert"), _("Attestert av")],
            [
                [c["plan"], c["requirement"], c["item"], _day(c["attested_on"]), c["attested_by"]]
                for c in kpm["checklist"]
            ],
        ),
        Section(
            "export-documents",
            _("Dokumenter"),
            [_("Type"), _("Dato"), _("Merknad")],
            [
                [_label(DocumentKind, d["kind"]), _day(d["date"]), d["note"]]
                for d in kpm["documents"]
            ],
        ),
        Section(
            "export-applications",
            _("KPM-søknader"),
            [_("Sendt inn"), _("Status"), _("Vedtak"), _("Klage")],
            [
                [
                    _day(a["submitted_on"]),
                    _label(ApplicationStatus, a["status"]),
                    "; ".join(
                        f"{_label(DecisionOutcome, d['outcome'])} {_day(d['decided_on'])}"
                        for d in a["decisions"]
                    ),
                    a["appeal"],
                ]
                for a in kpm.get("applications", [])
            ],
        ),
    ]


def sections(data: dict[str, Any]) -> list[Section]:
    """The page's tables, in the export's order."""
    return [
        *_activity_sections(data),
        *_kpm_sections(data["kpm"]),
        Section(
            "export-consents",
            _("Samtykke til det offentlige registeret"),
            [_("Samtykke"), _("Dato"), _("Registrert av")],
            [
                [_("Gitt") if c["given"] else _("Trukket"), _day(c["on"]), c["by"]]
                for c in data["consents"]
            ],
        ),
        Section(
            "export-holds",
            _("Beholdt utover lagringstiden"),
            [_("Til"), _("Begrunnelse")],
            [[_day(h["until"]), h["reason"]] for h in data["retention_holds"]],
        ),
        Section(
            "export-audit",
            _("Logg over endringer og uttrekk"),
            [_("Tidspunkt"), _("Handling"), _("Objekt"), _("Av")],
            [[moment(a["at"]), a["action"], a["object"], a["by"]] for a in data["audit"]],
        ),
    ]
