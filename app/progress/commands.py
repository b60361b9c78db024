"""``flask progress rebuild [--on DATE]``: recompute the stored progress of every member."""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

from app.progress import readmodel

progress_cli = AppGroup("progress", help="The stored progress (read model).")


@progress_cli.command("rebuild")
@click.option("--on", "on", default=None, help="The day (YYYY-MM-DD); default today in Oslo.")
def rebuild_command(on: str | None) -> None:
    """Recompute everyone's stored progress for a day (the daily job does this)."""
    try:
        day = dt.date.fromisoformat(on) if on else None
    except ValueError as error:
        raise click.BadParameter("YYYY-MM-DD", param_hint="--on") from error
    stored = readmodel.rebuild(day, commit=True)
    click.echo(f"{stored} resultater lagret.")
