"""The four measurements. Each returns a dict; a missing feature gives ``{"skipped": why}``."""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.dataset import ROOT, SECRET, Dataset, make_app
from bench.load import run_wrk, wrk_path
from bench.sqlcount import counting

USER_AGENT = "kn-bench/1.0"


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, list[float], Any]:
    """Median seconds of ``runs`` calls, every time, and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times, result


def _child(task: str, **kwargs: Any) -> dict[str, Any]:
    """Run ``python -m bench.child TASK`` and return its JSON answer (peak RSS included)."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench.child", task, json.dumps(kwargs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"bench.child {task} failed: {proc.stderr.strip()[-800:]}")
    return json.loads(lines[-1])


def _missing(modules: list[str]) -> str | None:
    """The reason a part cannot run: the first feature module that does not import."""
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as error:
            return f"skipped: {name} not importable ({error})"
    return None


# --------------------------------------------------------------------------- 1 overview


def overview(ds: Dataset) -> dict[str, Any]:
    """The competence overview of every person, against openpyxl writing the same cells."""
    reason = _missing(["app.reports.overview"])
    if reason:
        return {"skipped": reason}
    with tempfile.TemporaryDirectory(prefix="kn-bench-") as folder:
        out = str(Path(folder) / "overview.xlsx")
        real = _child("overview", url=ds.url, out=out)
        floor = _child("overview-floor", path=out, out=str(Path(folder) / "floor.xlsx"))
    return {
        "persons": real["persons"],
        "rows": floor["rows"],
        "cells": floor["cells"],
        "sheets": floor["sheets"],
        "bytes": real["bytes"],
        "seconds": real["seconds"],
        "peak_rss_mb": real["peak_rss_mb"],
        "rss_before_mb": real["rss_before_mb"],
        "queries": real["queries"],
        "floor_seconds": floor["seconds"],
        "floor_peak_rss_mb": floor["peak_rss_mb"],
        "ratio": round(real["seconds"] / floor["seconds"], 2),
        "target": "ratio <= 1.5, peak RSS < 150 MB",
    }


# --------------------------------------------------------------------------- 2 progress


def _floor_query(network_id: int | None, as_of):
    """One plain SELECT (UNION ALL) of every row the progress of the scope reads."""
    from sqlalchemy import Float, String, cast, literal, null, or_, select, union_all

    from app.courses.models import Course, CourseCompletion, Offering
    from app.gatherings.models import Gathering
    from app.hospitation.models import Hospitation
    from app.kpm.models import (
        ChecklistAttestation,
        PersonDocument,
        ServicePeriod,
        SupervisionMeeting,
        TeachingHours,
    )
    from app.networks.models import Membership, Network
    from app.people.models import Person, Profession
    from app.registrations.models import Registration

    def scoped(column):
        if network_id is None:
            return True
        members = select(Membership.person_id).where(
            Membership.network_id == network_id,
            Membership.start <= as_of,
            or_(Membership.end.is_(None), Membership.end >= as_of),
        )
        return column.in_(members)

    def s(column):
        return cast(column, String)

    def row(kind, pid, a, b, day, number):
        return (
            literal(kind).label("kind"),
            pid.label("person_id"),
            s(a).label("a"),
            s(b).label("b"),
            s(day).label("day"),
            cast(number, Float).label("number"),
        )

    nothing = null()
    parts = [
        select(*row("person", Person.id, Profession.key, Person.further_education,
                    Person.specialist_approved_on, nothing))
        .join(Profession, Person.profession_id == Profession.id)
        .where(scoped(Person.id)),
        select(*row("membership", Membership.person_id, Network.slug, Membership.network_id,
                    Membership.start, nothing))
        .join(Network, Membership.network_id == Network.id)
        .where(scoped(Membership.person_id), Membership.start <= as_of,
               or_(Membership.end.is_(None), Membership.end >= as_of)),
        select(*row("course", Registration.person_id, Course.key, Course.level, Offering.end,
                    Course.hours))
        .join(Offering, Registration.offering_id == Offering.id)
        .join(Course, Offering.course_id == Course.id)
        .where(scoped(Registration.person_id), Registration.status == "completed"),
        select(*row("completion", CourseCompletion.person_id, Course.key, Course.level,
                    CourseCompletion.completed_on, CourseCompletion.hours))
        .join(Course, CourseCompletion.course_id == Course.id)
        .where(scoped(CourseCompletion.person_id), CourseCompletion.verified.is_(True)),
        select(*row("gathering", Registration.person_id, Network.slug, Gathering.kind,
                    Gathering.start, nothing))
        .join(Gathering, Registration.gathering_id == Gathering.id)
        .join(Network, Gathering.network_id == Network.id)
        .where(scoped(Registration.person_id), Registration.attended.is_(True)),
        select(*row("hospitation", Hospitation.person_id, Hospitation.goals, Hospitation.end,
                    Hospitation.start, Hospitation.days))
        .where(scoped(Hospitation.person_id), Hospitation.status == "completed"),
        select(*row("checklist", ChecklistAttestation.person_id, ChecklistAttestation.plan_key,
                    ChecklistAttestation.item_key, ChecklistAttestation.attested_on, nothing))
        .where(scoped(ChecklistAttestation.person_id)),
        select(*row("service", ServicePeriod.person_id, ServicePeriod.site_kind,
                    ServicePeriod.end, ServicePeriod.start, ServicePeriod.position_pct))
        .where(scoped(ServicePeriod.person_id)),
        select(*row("supervision", SupervisionMeeting.person_id, nothing, nothing,
                    SupervisionMeeting.date, nothing))
        .where(scoped(SupervisionMeeting.person_id)),
        select(*row("teaching", TeachingHours.person_id, nothing, nothing, TeachingHours.date,
                    TeachingHours.hours))
        .where(scoped(TeachingHours.person_id)),
        select(*row("document", PersonDocument.person_id, PersonDocument.kind, nothing,
                    PersonDocument.date, nothing))
        .where(scoped(PersonDocument.person_id)),
    ]  # fmt: skip
    return union_all(*parts)


def progress(ds: Dataset, runs: int = 3) -> dict[str, Any]:
    """progress_for_persons for one network and for the country, against one plain query."""
    reason = _missing(["app.progress.reports", "app.progress.facts"])
    if reason:
        return {"skipped": reason}
    from sqlalchemy import or_, select

    from app.core.types import today_oslo
    from app.extensions import db
    from app.networks.models import Membership, Network
    from app.people.models import Person
    from app.progress.reports import progress_for_persons

    app = make_app(ds.url)
    out: dict[str, Any] = {"target": "country ratio <= 3, queries independent of persons"}
    today = today_oslo()
    with app.app_context():
        network_id = db.session.scalar(select(Network.id).where(Network.slug == ds.network))
        scopes = {
            f"network {ds.network}": (
                network_id,
                select(Membership.person_id)
                .where(
                    Membership.network_id == network_id,
                    Membership.start <= today,
                    or_(Membership.end.is_(None), Membership.end >= today),
                )
                .distinct(),
            ),
            "country": (None, select(Person.id)),
        }
        for label, (scope_network, query) in scopes.items():
            ids = list(db.session.scalars(query))
            db.session.remove()

            def real(ids=ids):
                result = progress_for_persons(ids, today)
                db.session.remove()
                return result

            def floor(scope_network=scope_network):
                with db.engine.connect() as conn:
                    rows = conn.execute(_floor_query(scope_network, today)).fetchall()
                return rows

            real()  # warm caches (the database's and SQLAlchemy's statement cache)
            with counting(db.engine) as counter:
                seconds, all_times, result = timed(real, runs)
            floor()
            floor_seconds, _, rows = timed(floor, runs)
            plans = sum(len(v) for v in result.values())
            out[label] = {
                "persons": len(ids),
                "plan_results": plans,
                "seconds": round(seconds, 3),
                "runs": [round(t, 3) for t in all_times],
                "queries": counter.count // runs,
                "floor_rows": len(rows),
                "floor_seconds": round(floor_seconds, 3),
                "ratio": round(seconds / floor_seconds, 2),
            }
        db.session.remove()
        db.engine.dispose()
    return out


# --------------------------------------------------------------------------- 3 feeds


def _floor_calendar(body: bytes) -> tuple[Callable[[], bytes], int]:
    """A builder of the same calendar with icalendar from a list already in memory."""
    from icalendar import Calendar, Event

    parsed = Calendar.from_ical(body)
    header = [
        (k, v) for k, v in parsed.property_items(recursive=False) if k not in ("BEGIN", "END")
    ]
    timezones = list(parsed.walk("VTIMEZONE"))
    names = ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "LAST-MODIFIED", "SUMMARY",
             "LOCATION", "DESCRIPTION", "URL", "CATEGORIES", "STATUS", "TRANSP")  # fmt: skip
    events = []
    for component in parsed.walk("VEVENT"):
        item = {}
        for name in names:
            if name not in component:
                continue
            value = component.get(name)
            if name in ("DTSTAMP", "DTSTART", "DTEND", "LAST-MODIFIED"):
                value = value.dt
            elif name == "CATEGORIES":
                value = [str(c) for c in value.cats]
            elif name == "SEQUENCE":
                value = int(value)
            else:
                value = str(value)
            item[name.lower()] = value
        events.append(item)

    def build() -> bytes:
        calendar = Calendar()
        for key, value in header:
            calendar.add(key, value)
        for timezone in timezones:
            calendar.add_component(timezone)
        for item in events:
            event = Event()
            for key, value in item.items():
                event.add(key, value)
            calendar.add_component(event)
        return calendar.to_ical()

    return build, len(events)


def calendar(ds: Dataset, runs: int = 5) -> dict[str, Any]:
    """The network feed with 1,000 events (full and 304) against icalendar from a list."""
    reason = _missing(["app.gatherings.calendar"])
    if reason:
        return {"skipped": reason}
    from app.extensions import db

    app = make_app(ds.url)
    path = f"/networks/{ds.calendar_network}/calendar.ics"
    with app.app_context():
        client = app.test_client()
        first = client.get(path)
        if first.status_code != 200:
            return {"error": f"GET {path} answered {first.status_code}"}
        etag = first.headers.get("ETag")
        from app.gatherings import calendar as feeds

        def cold_fetch():
            # A real build each time: the per-process cache of built feeds is emptied.
            getattr(feeds, "_FEED_CACHE", {}).clear()
            return client.get(path)

        with counting(db.engine) as counter:
            full, _, response = timed(cold_fetch, runs)
        queries = counter.count // runs
        cached, _, _ = timed(lambda: client.get(path), runs)
        with counting(db.engine) as counter:
            revalidate, _, again = timed(
                lambda: client.get(path, headers={"If-None-Match": etag or '"none"'}), runs * 4
            )
        queries_304 = counter.count // (runs * 4)
        build, events = _floor_calendar(response.data)
        build()
        floor, _, _ = timed(build, runs)
        db.session.remove()
        db.engine.dispose()
    return {
        "network": ds.calendar_network,
        "events": events,
        "bytes": len(response.data),
        "seconds": round(full, 4),
        "seconds_cached": round(cached, 4),
        "queries": queries,
        "floor_seconds": round(floor, 4),
        "ratio": round(full / floor, 2),
        "status_304": again.status_code,
        "seconds_304": round(revalidate, 4),
        "queries_304": queries_304,
        "ratio_304_to_full": round(revalidate / full, 3),
        "target": "ratio <= 1.5; 304 < 0.1 x full",
    }


# --------------------------------------------------------------------------- 4 pages


def _session_cookie(app, email: str) -> str:
    """A signed session cookie for the user, as Flask-Login would write it."""
    from flask import session
    from flask_login.utils import _create_identifier
    from sqlalchemy import select

    from app.auth.models import User
    from app.extensions import db

    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        return ""
    with app.test_request_context(
        "/", environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={"User-Agent": USER_AGENT}
    ):
        data = {"_user_id": user.get_id(), "_fresh": True, "_id": _create_identifier()}
        # The second factor passed as after a HelseID sign-in (the bench measures pages,
        # not sign-in; a coordinator's session must be past MFA to reach them).
        data["_mfa"] = f"{user.get_id()}|idp"
        # When the sign-in happened and the last request, as a browser's cookie carries them
        # (the session guard writes "last seen" again at most every 30 s; a cookie without
        # it, never renewed by the load generator, made every request sign a new cookie).
        data["_started"] = data["_seen"] = time.time()
        # and the CSRF secret Flask-WTF keeps in the session from a browser's first page
        data["csrf_token"] = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324 - as Flask-WTF
        session.update(data)
        value = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    return f"{app.config.get('SESSION_COOKIE_NAME', 'session')}={value}"


#: what the page part loads: label → (path, who signs in: "coordinator", "leader", "nurse",
#: "token" (the coordinator's bearer token) or None)
def _page_paths(ds: Dataset, offering_id: int | None) -> dict[str, tuple[str, str | None]]:
    paths: dict[str, tuple[str, str | None]] = {
        "healthz": ("/healthz", None),
        "network page": (f"/networks/{ds.network}", "coordinator"),
        "members list": (f"/networks/{ds.network}/members", "coordinator"),
        "network progress": (f"/networks/{ds.network}/progress", "coordinator"),
        # "who is overdue": the overview filtered and sorted by status in the read model (the
        # members table has no status filter; its old entry here measured the plain table)
        "overdue first": (
            f"/networks/{ds.network}/progress?status=overdue&sort=overdue",
            "coordinator",
        ),
        "progress page": (f"/persons/{ds.person_id}/progress", "coordinator"),
        "dashboard coord.": ("/dashboard", "coordinator"),
        "dashboard leader": ("/dashboard", "leader"),
        "dashboard nurse": ("/dashboard", "nurse"),
        "public register": ("/register", None),
        "network feed": (f"/networks/{ds.calendar_network}/calendar.ics", None),
        "api progress": (f"/api/v1/persons/{ds.person_id}/progress", "token"),
        "api person": (f"/api/v1/persons/{ds.person_id}", "token"),
    }
    if offering_id is not None:
        paths["api registrations"] = (f"/api/v1/offerings/{offering_id}/registrations", "token")
    if not ds.leader:
        paths.pop("dashboard leader")
    return paths


def _bench_token(app, email: str) -> str:
    """A bearer token for the coordinator (stored hashed in the bench's own database)."""
    from sqlalchemy import select

    from app.auth.models import User
    from app.auth.operations import create_api_token
    from app.extensions import db

    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        return ""
    token = create_api_token(user, name="bench")
    db.session.commit()
    return token


def _busiest_offering(network_slug: str) -> int | None:
    """The offering linked to the bench's network with the most registrations (for the API
    read: the coordinator's token reaches only her networks' offerings)."""
    from sqlalchemy import func, select

    from app.courses.models import offering_networks
    from app.extensions import db
    from app.networks.models import Network
    from app.registrations.models import Registration

    return db.session.scalar(
        select(Registration.offering_id)
        .join(offering_networks, offering_networks.c.offering_id == Registration.offering_id)
        .join(Network, Network.id == offering_networks.c.network_id)
        .where(Network.slug == network_slug)
        .group_by(Registration.offering_id)
        .order_by(func.count().desc())
        .limit(1)
    )


def _drain(port: int, seconds: float = 120) -> None:
    """Wait until the server has finished what the last load left queued (wrk stops with
    requests in flight): /healthz answers promptly again."""
    import http.client

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=seconds)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            conn.close()
        except OSError:
            time.sleep(0.2)
            continue
        if time.perf_counter() - started < 0.05:
            return


def _headers(auth: str | None, cookies: dict[str, str], token: str) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT}
    if auth in cookies:
        headers["Cookie"] = cookies[auth]
    elif auth == "token":
        headers["Authorization"] = f"Bearer {token}"
    return headers


def _queries_per_request(app, engine, paths, cookies: dict[str, str], token: str) -> dict:
    """SQL statements of one real request per path, each in a fresh app context (as a
    server's request is), after one warm-up request."""
    client = app.test_client(use_cookies=False)
    out: dict[str, Any] = {}
    for label, (path, auth) in paths.items():
        headers = _headers(auth, cookies, token)
        env = {"REMOTE_ADDR": "127.0.0.1"}
        client.get(path, headers=headers, environ_base=env)
        with counting(engine) as counter:
            response = client.get(path, headers=headers, environ_base=env)
        out[label] = (response.status_code, counter.count, len(response.data))
    return out


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_ready(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    import http.client

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz")


#: seconds of load before each page's measured run
WARMUP_SECONDS = 2


def pages(ds: Dataset, seconds: float = 10, threads: int = 4, workers: int = 2) -> dict[str, Any]:
    """Throughput and latency under load (gunicorn), against /healthz in the same run."""
    from app.extensions import db

    app = make_app(ds.url)
    out: dict[str, Any] = {
        "workers": workers,
        "threads": threads,
        "seconds_each": seconds,
        "load": f"wrk (own process, 2 threads, --timeout 60s, {WARMUP_SECONDS} s warm-up per page)"
        if wrk_path()
        else "python threads (install wrk for honest figures)",
        "target": ">= 25% of /healthz requests/s; p99 < 5 x p50",
        "warmup_seconds_each": WARMUP_SECONDS,
    }
    with app.app_context():
        cookies = {
            "coordinator": _session_cookie(app, ds.coordinator),
            "leader": _session_cookie(app, ds.leader) if ds.leader else "",
            "nurse": _session_cookie(app, ds.nurse) if ds.nurse else "",
        }
        token = _bench_token(app, ds.coordinator)
        paths = _page_paths(ds, _busiest_offering(ds.network))
        engine = db.engine
        db.session.remove()
    queries = _queries_per_request(app, engine, paths, cookies, token)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": ds.url,
        "SECRET_KEY": SECRET,
        "INSTANCE_PATH": os.environ["INSTANCE_PATH"],
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--timeout", "120", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        _wait_ready(port, server)
        for label, (path, auth) in paths.items():
            status, count, size = queries[label]
            _drain(port)
            # Warm-up, not counted: each worker's first requests compile templates and
            # statements and build what it keeps per process (the feed: about 0.5 s once),
            # which put a cold start into a steady state's p99.
            _load(port, path, _headers(auth, cookies, token), WARMUP_SECONDS, threads)
            _drain(port)
            result = _load(port, path, _headers(auth, cookies, token), seconds, threads)
            result.update(path=path, status=status, queries_per_request=count, bytes=size)
            out[label] = result
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    base = out["healthz"]["rps"] or 1
    for label in paths:
        if label != "healthz":
            out[label]["ratio_to_healthz"] = round(out[label]["rps"] / base, 3)
    return out


def _load(
    port: int, path: str, headers: dict[str, str], seconds: float, threads: int
) -> dict[str, Any]:
    """Drive one path from a second process for a bounded time: wrk, else bench.load."""
    if wrk_path():
        return run_wrk(port, path, headers, seconds, connections=threads * 2)
    proc = subprocess.run(
        [sys.executable, "-m", "bench.load", "--port", str(port), "--path", path,
         "--cookie", headers.get("Cookie", ""),
         "--authorization", headers.get("Authorization", ""), "--seconds", str(seconds),
         "--threads", str(threads), "--user-agent", USER_AGENT],
        cwd=ROOT, capture_output=True, text=True, timeout=seconds + 200, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(f"bench.load failed: {proc.stderr.strip()[-500:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])
