"""`flask notify run [--on DATE]`: the daily job once (cron, tests, SQLite without a worker)."""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

from app.core.types import today_oslo
from app.notifications import jobs

notify_cli = AppGroup("notify", help="Notifications and the mail outbox.")


def _day(value: str | None) -> dt.date:
    if not value:
        return today_oslo()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter("bruk ÅÅÅÅ-MM-DD", param_hint="--on") from error


@notify_cli.command("run")
@click.option("--on", "on", default=None, help="The day (YYYY-MM-DD); default today.")
def notify_run(on: str | None) -> None:
    """Send every notification due on the day not sent before, then deliver the outbox."""
    result = jobs.run(_day(on))
    d = result.delivery
    click.echo(
        f"{result.queued} nye varsler i utboksen; levert {d.sent}, "
        f"venter på nytt forsøk {d.retry}, mislyktes {d.failed}"
    )
