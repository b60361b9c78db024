"""`flask retention run` and `flask backup create|restore`."""

from __future__ import annotations

import datetime as dt
import os

import click
from flask import current_app
from flask.cli import AppGroup

from app.core import writes
from app.core.types import today_oslo, utcnow
from app.extensions import db
from app.privacy import backup, operations

retention_cli = AppGroup("retention", help="Anonymise persons past the retention period.")
backup_cli = AppGroup("backup", help="Back the database up and restore a backup.")


@retention_cli.command("run")
@click.option("--on", "on", default=None, help="The day to run for (YYYY-MM-DD; default today).")
def run_retention(on: str | None) -> None:
    """Anonymise every person whose last membership ended more than RETENTION_YEARS ago."""
    try:
        day = dt.date.fromisoformat(on) if on else today_oslo()
    except ValueError as error:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--on") from error
    ids = writes.run(lambda: operations.run_retention(day)).value or []
    click.echo(
        f"{len(ids)} persons anonymised (RETENTION_YEARS={operations.retention_years()}, "
        f"on {day.isoformat()})"
    )
    for person_id in ids:
        click.echo(f"  #{person_id}")


@backup_cli.command("create")
@click.option(
    "--out", "out", default=None, help="Folder for the backup (default instance/backups)."
)
def create_backup(out: str | None) -> None:
    """Write a backup of the database and print its path."""
    folder = out or os.path.join(current_app.instance_path, "backups")
    try:
        path = backup.create_backup(db.engine, folder, now=utcnow())
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(str(path))


@backup_cli.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
def restore_backup(file: str) -> None:
    """Restore FILE into the database of DATABASE_URL, which must be empty."""
    db.session.remove()
    try:
        backup.restore_backup(db.engine, file)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"restored {file}")
