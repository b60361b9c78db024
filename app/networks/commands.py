"""`flask import members`: the member import from the command line (same rules as the web)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from app.core import uploads
from app.core.errors import DomainError
from app.core.types import today_oslo
from app.extensions import db
from app.networks import imports
from app.networks.models import Network

import_cli = AppGroup("import", help="Import data from spreadsheets.")


def _network(slug: str) -> Network:
    network = db.session.scalar(select(Network).where(Network.slug == slug))
    if network is None:
        raise click.ClickException(f"Ukjent nettverk: {slug}")
    return network


@import_cli.command("members")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--network", "slug", required=True, help="The network's slug.")
@click.option("--dry-run", is_flag=True, help="Show the preview only; change nothing.")
def import_members(file: Path, slug: str, dry_run: bool) -> None:
    """Import members from FILE.xlsx (same rules and preview as the web import)."""
    network = _network(slug)
    data = file.read_bytes()[: uploads.max_bytes() + 1]
    try:
        uploads.check_xlsx(data)
        rows = imports.read_rows(data)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    preview = imports.build_preview(network, rows, user=None, as_of=today_oslo())
    for line in imports.preview_lines(preview):
        click.echo(line)
    if not preview.ok:
        click.echo("Filen har rader med feil; ingenting er importert.", err=True)
        sys.exit(1)
    if dry_run:
        click.echo("Prøvekjøring (--dry-run): ingenting er endret.")
        return
    try:
        result = imports.apply_preview(preview)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(
        _(
            "Importert: %(c)s, %(u)d oppdatert, %(m)s.",
            c=ngettext("%(num)d ny person", "%(num)d nye personer", len(result.created)),
            u=len(result.updated),
            m=ngettext("%(num)d nytt medlemskap", "%(num)d nye medlemskap", result.memberships),
        )
    )
