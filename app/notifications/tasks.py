"""The jobs on the task engine: Huey with Redis (worker and scheduler in one consumer).

Huey's consumer runs the periodic tasks (its scheduler) and the queued ones (its workers), so
production runs one extra process: ``huey_consumer worker.huey`` (README, "Notifications").
Without it nothing is lost: mail a request queues is delivered in the request's process
(``MAIL_DELIVERY=inline``) and ``flask notify run`` runs the same daily job.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from flask import Flask

from app.core import mail, writes
from app.core.types import today_oslo
from app.notifications import jobs
from app.privacy import operations as privacy
from app.progress import readmodel

if TYPE_CHECKING:
    from huey import RedisHuey


def make_huey(url: str, name: str = "kompetansenett") -> RedisHuey:
    """A Huey instance on that Redis (connections are opened on first use)."""
    from huey import RedisHuey

    return RedisHuey(name, url=url, utc=True)


def _day(day: str | None) -> dt.date:
    return dt.date.fromisoformat(day) if day else today_oslo()


def register(huey: RedisHuey, app: Flask) -> dict:
    """Declare the tasks on ``huey``, each run inside ``app``'s context; returns them by name."""
    from huey import crontab

    @huey.task()
    def deliver_outbox(ids: list[int] | None = None) -> dict:
        """Try the queued messages (those ids, or all) once."""
        with app.app_context():
            return vars(mail.deliver(ids=ids))

    @huey.periodic_task(crontab(minute="*/5"))
    def deliver_queued() -> dict:
        """Every five minutes: the messages left queued after a failure get their next try."""
        with app.app_context():
            return vars(mail.deliver())

    @huey.task()
    def run_day(day: str | None = None) -> dict:
        """The daily job for ``day`` (ISO date; default today in Norway)."""
        with app.app_context():
            result = jobs.run(dt.date.fromisoformat(day) if day else today_oslo())
            return {"queued": result.queued, **vars(result.delivery)}

    # 05:00 UTC is 06:00 or 07:00 in Norway: before the working day.
    @huey.periodic_task(crontab(hour="5", minute="0"))
    def daily() -> dict:
        """Every morning: what is due today → outbox → delivery."""
        with app.app_context():
            result = jobs.run(today_oslo())
            return {"queued": result.queued, **vars(result.delivery)}

    # 23:30 UTC is just after midnight in Norway: the new day's progress (deadlines passed,
    # periods counted one more day) is stored before anyone looks.
    @huey.periodic_task(crontab(hour="23", minute="30"))
    def rebuild_progress(day: str | None = None) -> dict:
        """Every night: everyone's stored progress brought to the new day (recomputed where
        the engine's answer may have changed since)."""
        with app.app_context():
            return {"recomputed": readmodel.catch_up(_day(day), commit=True)}

    # 02:00 UTC: the retention run, once a day, when nobody works.
    @huey.periodic_task(crontab(hour="2", minute="0"))
    def retention(day: str | None = None) -> dict:
        """Every night: anonymise everyone past the retention period (RETENTION_YEARS)."""
        with app.app_context():
            ids = writes.run(lambda: privacy.run_retention(_day(day))).value or []
            return {"anonymised": list(ids)}

    return {
        "rebuild_progress": rebuild_progress,
        "retention": retention,
        "deliver_outbox": deliver_outbox,
        "deliver_queued": deliver_queued,
        "run_day": run_day,
        "daily": daily,
    }


def engine(app: Flask) -> tuple[RedisHuey, dict]:
    """The app's Huey (``REDIS_URL``) and its tasks, made on first use: Huey brings Redis's
    and psycopg's clients (about 28 MB) into every process, and a web worker needs them only
    when it hands mail to the worker."""
    made = app.extensions.get("huey")
    if made is None:
        made = make_huey(app.config["REDIS_URL"], app.config.get("HUEY_NAME", "kompetansenett"))
        app.extensions["huey"] = made
        app.extensions["huey_tasks"] = register(made, app)
    return made, app.extensions["huey_tasks"]


def init_app(app: Flask) -> None:
    """With ``MAIL_DELIVERY=worker`` the worker delivers the mail requests queue."""
    if app.config.get("MAIL_DELIVERY") == "worker":
        mail.register_dispatcher(lambda ids: engine(app)[1]["deliver_outbox"](ids))
