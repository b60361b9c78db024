"""Part 5: the daily notification job on the synthetic country (time and query count).

``jobs.due_rows(today)`` reads the country's deadlines through the batched progress reads,
decides who gets what and renders every message; the rows are then inserted into the outbox
and rolled back, so the cached dataset is never changed. The floor is the progress part's: one
plain SELECT of every row the country's progress reads.
"""

from __future__ import annotations

from typing import Any

from bench.dataset import Dataset, make_app
from bench.parts import _floor_query, _missing, timed
from bench.sqlcount import counting


def daily_job(ds: Dataset, runs: int = 2) -> dict[str, Any]:
    """Compute and queue (rolled back) every notification due today, against the floor."""
    reason = _missing(["app.notifications.jobs"])
    if reason:
        return {"skipped": reason}
    from app.core import mail
    from app.core.types import today_oslo
    from app.extensions import db
    from app.notifications import jobs

    app = make_app(ds.url)
    today = today_oslo()
    with app.app_context():

        def real() -> int:
            rows = jobs.due_rows(today)
            queued = mail.queue_unique(rows)
            db.session.rollback()
            db.session.remove()
            return queued

        def floor():
            with db.engine.connect() as conn:
                return conn.execute(_floor_query(None, today)).fetchall()

        real()  # warm caches
        with counting(db.engine) as counter:
            seconds, all_times, queued = timed(real, runs)
        floor()
        floor_seconds, _, rows = timed(floor, runs)
        db.engine.dispose()
    return {
        "persons": ds.persons,
        "notifications": queued,
        "seconds": round(seconds, 3),
        "runs": [round(t, 3) for t in all_times],
        "queries": counter.count // runs,
        "floor_rows": len(rows),
        "floor_seconds": round(floor_seconds, 3),
        "ratio": round(seconds / floor_seconds, 2),
    }


def line(n: dict[str, Any]) -> str:
    """The printed line of part 5."""
    if "seconds" not in n:
        return f"  5 notify    {n.get('skipped') or n.get('error')}"
    return (
        f"  5 notify    daily job, {n['persons']} persons, {n['notifications']} notifications: "
        f"{n['seconds']:.3g} s, {n['queries']} queries | progress floor "
        f"{n['floor_seconds']:.3g} s ({n['floor_rows']} rows) | ratio {n['ratio']}"
    )
