"""Flask-Migrate, loaded when first used.

Flask-Migrate imports Alembic, and Alembic Mako and Pygments: about 11 MB in every process
that loads the app, though only ``flask db`` and the tests' set-up migrate. The app gets a
stand-in for Flask-Migrate's config and a ``db`` command group that load the real ones on
first use; what they then do is Flask-Migrate's own.
"""

from __future__ import annotations

from typing import Any

import click
from flask import Flask

from app.extensions import db

MIGRATE_OPTIONS = {"render_as_batch": True, "compare_type": True}


class _Deferred:
    """``app.extensions["migrate"]`` until first asked: then Flask-Migrate's own config."""

    def __init__(self, app: Flask, directory: str) -> None:
        self._app, self._directory = app, directory

    def __getattr__(self, name: str) -> Any:
        return getattr(_real_config(self._app, self._directory), name)


def _real_config(app: Flask, directory: str) -> Any:
    config = app.extensions.get("migrate")
    if isinstance(config, _Deferred):
        from flask_migrate import Migrate

        Migrate().init_app(app, db, directory=directory, **MIGRATE_OPTIONS)
        config = app.extensions["migrate"]
    return config


class _DeferredGroup(click.Group):
    """``flask db``: Flask-Migrate's command group, imported when the command line asks."""

    def _group(self) -> click.Group:
        from flask_migrate.cli import db as group

        return group

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        real = self._group()  # its options (--directory, -x) and what it sets from them
        self.params, self.callback = real.params, real.callback
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._group().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._group().get_command(ctx, name)


def init_app(app: Flask, directory: str) -> None:
    """Register the stand-ins (the real ones come with the first migration)."""
    app.extensions["migrate"] = _Deferred(app, directory)
    app.cli.add_command(_DeferredGroup("db", help="Perform database migrations."))
