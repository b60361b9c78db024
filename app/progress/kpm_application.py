"""Submitting a KPM application with the progress of that day frozen in it.

Here, not in ``app.kpm``: the application needs the doctor's progress in the KPM plan and
the requirement keys not yet met, and progress is the layer above kpm (pyproject's
import-linter contract). The kpm operations take the snapshot as plain data; the API and the
pages call these two functions, so both freeze the same things.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.kpm import application_operations as operations
from app.kpm.application_models import KpmApplication
from app.kpm.application_rules import missing_keys
from app.kpm.dossier import build_dossier
from app.kpm.queries import KPM_NETWORK, kpm_plan
from app.people.models import Person
from app.progress import reports


def snapshot(person: Person, on: dt.date) -> tuple[dict[str, Any], list[str]]:
    """The Progress object of the person's KPM plan on ``on`` and the mandatory requirement
    keys not met. ``requirements`` and ``complete`` of the KPM plan are also given at the top
    level, for a reader who wants the plan's standing alone."""
    full = reports.progress_json(person, on)
    plans = [p for p in full["plans"] if p.get("network") == KPM_NETWORK]
    progress: dict[str, Any] = {"person_id": person.id, "on": on.isoformat(), "plans": plans}
    if plans:
        progress.update(complete=plans[0]["complete"], requirements=plans[0]["requirements"])
        return progress, missing_keys(plans[0])
    # Not (yet) a member of the KPM network: every mandatory requirement of the plan is missing.
    plan = kpm_plan()
    keys = [r.key for r in plan.requirements if r.mandatory] if plan is not None else []
    progress.update(complete=False, requirements=[])
    return progress, keys


def submit(person: Person, *, by: Any, on: dt.date) -> KpmApplication:
    """Submit the person's application: dossier and progress of ``on`` frozen."""
    progress, missing = snapshot(person, on)
    return operations.submit(
        person,
        by=by,
        on=on,
        dossier=build_dossier(person, on),
        progress=progress,
        missing=missing,
    )


def resubmit(application: KpmApplication, *, by: Any, on: dt.date) -> KpmApplication:
    """Send an incomplete application again, frozen anew."""
    progress, missing = snapshot(application.person, on)
    return operations.resubmit(
        application,
        by=by,
        on=on,
        dossier=build_dossier(application.person, on),
        progress=progress,
        missing=missing,
    )
