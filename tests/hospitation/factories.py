"""Factories for hospitation tests; they flush, never commit."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from app.extensions import db
from app.hospitation.models import Hospitation, HospitationSite, HospitationStatus
from app.people.models import ServiceLevel
from tests.factories import profession

_counter = itertools.count(1)


def make_site(network, **overrides: Any) -> HospitationSite:
    """A site in the network's hospitation plan."""
    n = next(_counter)
    professions = overrides.pop("professions", [])
    values: dict[str, Any] = {
        "network": network,
        "name": f"Palliativ enhet {n}",
        "service_level": ServiceLevel.specialist,
        "contact_name": f"Kontakt {n}",
        "email": f"kontakt{n}@sykehus.no",
        "active": True,
    }
    values.update(overrides)
    site = HospitationSite(**values)
    site.professions = [profession(k) for k in professions]
    db.session.add(site)
    db.session.flush()
    return site


def make_hospitation(person, **overrides: Any) -> Hospitation:
    """A planned hospitation with goals (status may be overridden)."""
    status = overrides.pop("status", "planned")
    values: dict[str, Any] = {
        "person": person,
        "place": "Sykehuset Innlandet, palliativt team",
        "start": dt.date(2026, 3, 2),
        "end": dt.date(2026, 3, 3),
        "days": 2.0,
        "goals": "Lære mer om symptomlindring.",
        "status": HospitationStatus(status),
    }
    values.update(overrides)
    h = Hospitation(**values)
    db.session.add(h)
    db.session.flush()
    return h
