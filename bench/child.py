"""Measurements that need their own process (peak RSS): ``python -m bench.child TASK JSON``."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from typing import Any


def _peak_mb() -> float:
    """This process's own peak resident set size.

    ``ru_maxrss`` of a forked child starts from its parent's peak, so the kernel's VmHWM is
    read where it exists; ``ru_maxrss`` (KiB on Linux) is the fallback.
    """
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _rss_mb() -> float:
    """This process's current resident set size."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def overview(url: str, out: str) -> dict[str, Any]:
    """The competence overview workbook of every person in the registry."""
    from sqlalchemy import func, select

    from app.core.types import today_oslo
    from app.extensions import db
    from app.people.models import Person
    from app.reports.overview import Scope, build_overview
    from bench.dataset import make_app
    from bench.sqlcount import counting

    app = make_app(url)
    with app.app_context():
        persons = db.session.scalar(select(func.count(Person.id)))
        db.session.remove()
        before = _rss_mb()
        scope = Scope("Hele landet (benchmark)", select(Person.id), None)
        started = time.perf_counter()
        with counting(db.engine) as counter, open(out, "wb") as fh:
            build_overview(scope, today_oslo(), out=fh)
        seconds = time.perf_counter() - started
    return {
        "persons": persons,
        "seconds": round(seconds, 3),
        "queries": counter.count,
        "bytes": os.path.getsize(out),
        "rss_before_mb": before,
        "peak_rss_mb": _peak_mb(),
    }


def overview_floor(path: str, out: str) -> dict[str, Any]:
    """openpyxl write-only writing the same cells from lists already in memory."""
    from openpyxl import Workbook, load_workbook

    source = load_workbook(path, read_only=True)
    sheets = [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in source]
    source.close()
    rows = sum(len(r) for _, r in sheets)
    cells = sum(len(row) for _, r in sheets for row in r)
    best = None
    for _ in range(2):
        started = time.perf_counter()
        workbook = Workbook(write_only=True)
        for title, data in sheets:
            ws = workbook.create_sheet(title)
            for row in data:
                ws.append(row)
        workbook.save(out)
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    return {
        "seconds": round(best, 3),
        "sheets": len(sheets),
        "rows": rows,
        "cells": cells,
        "peak_rss_mb": _peak_mb(),
    }


TASKS = {"overview": overview, "overview-floor": overview_floor}


if __name__ == "__main__":
    task, args = sys.argv[1], json.loads(sys.argv[2])
    print(json.dumps(TASKS[task](**args)))
