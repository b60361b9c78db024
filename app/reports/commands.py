"""`flask export overview` (the member import command is in :mod:`app.networks.commands`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.core.types import today_oslo
from app.extensions import db
from app.networks.models import Network

export_cli = AppGroup("export", help="Export reports to files.")


def _network(slug: str) -> Network:
    network = db.session.scalar(select(Network).where(Network.slug == slug))
    if network is None:
        raise click.ClickException(f"Ukjent nettverk: {slug}")
    return network


def _day(value: str | None) -> dt.date:
    if not value:
        return today_oslo()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter("bruk ÅÅÅÅ-MM-DD", param_hint="--on") from error


@export_cli.command("overview")
@click.option("--network", "slug", required=True, help="The network's slug.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--on", "on", default=None, help="Status per day (YYYY-MM-DD); default today.")
def export_overview(slug: str, out: Path, on: str | None) -> None:
    """Write the network's competence overview to an .xlsx file (as the web download)."""
    from app.reports.overview import build_overview
    from app.reports.queries import resolve_scope

    _network(slug)
    as_of = _day(on)
    scope = resolve_scope(None, as_of, network=slug)
    with out.open("wb") as target:
        build_overview(scope, as_of, made_by=None, out=target)
    click.echo(f"Skrev {out}")
