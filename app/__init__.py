"""Kompetansenett: the registry and competence tracker of Norway's palliative-care networks."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from app.config import Config, ProductionConfig, is_production


def create_app(config: type | dict[str, Any] | None = None) -> Flask:
    """Build the application: config → extensions → blueprints → errors → CLI."""
    app = Flask(__name__, instance_path=os.environ.get("INSTANCE_PATH") or None)
    if config is None:
        config = ProductionConfig if is_production() else Config
    if isinstance(config, dict):
        app.config.from_object(Config)
        app.config.update(config)
    else:
        app.config.from_object(config)
    _check_secret_key(app)
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    os.makedirs(app.instance_path, exist_ok=True)
    if str(app.config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        # A database file cannot go away as a server can: no ping before every request.
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.pop("pool_pre_ping", None)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options

    from app import extensions

    extensions.db.init_app(app)
    from app.core import migrations

    migrations.init_app(app, os.path.join(os.path.dirname(app.root_path), "migrations"))
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)

    from app.core import database, i18n, security

    database.init_app(app)
    i18n.init_app(app)
    security.init_app(app)

    from app.auth import init_login

    init_login(app)
    _register_models()
    from app.progress import readmodel

    readmodel.init_app(app)
    from app.core import revisions

    revisions.init_app(app)
    # `<int:id>` in a URL matches only ids a database column can hold (else a 404, not a 500).
    app.url_map.converters["int"] = DatabaseIntConverter
    _register_blueprints(app)

    from app.notifications import tasks

    tasks.init_app(app)

    from app.core.errors import register_error_handlers
    from app.core.templating import init_templating

    register_error_handlers(app)
    init_templating(app)
    _register_cli(app)
    return app


class DatabaseIntConverter(IntegerConverter):
    """Werkzeug's `int` converter, bounded by the largest PostgreSQL INTEGER.

    A larger id names nothing that exists: 404 for every method the route has. (Refusing it
    as "no match" would let the router answer 405 for a rule of another method whose pattern
    it matched without converting; more than ten digits match no rule at all.)"""

    regex = r"\d{1,10}"

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)

    def to_python(self, value: str) -> Any:
        """The id, or a 404 when no database column could hold it."""
        if int(value) > self.max:
            raise NotFound()
        return super().to_python(value)


def _check_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if is_production():
        raise RuntimeError("SECRET_KEY must be set when APP_ENV/FLASK_ENV is production")
    # Development only: a per-instance random key so sessions survive restarts.
    key_file = os.path.join(app.instance_path, "secret_key")
    os.makedirs(app.instance_path, exist_ok=True)
    if not os.path.exists(key_file):
        import secrets

        with open(key_file, "w") as fh:
            fh.write(secrets.token_hex(32))
    with open(key_file) as fh:
        app.config["SECRET_KEY"] = fh.read().strip()


def _register_models() -> None:
    """Import every models module so the metadata is complete (migrations, db check)."""
    import app.auth.models
    import app.core.models
    import app.courses.models
    import app.gatherings.models
    import app.hospitation.models
    import app.kpm.application_models
    import app.kpm.inspection_models
    import app.kpm.models
    import app.networks.models
    import app.notifications.models
    import app.people.models
    import app.privacy.models
    import app.progress.models
    import app.registrations.models  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from app.api import bp as api_bp
    from app.auth import (  # noqa: F401 - their routes join auth_bp
        account_views,
        invitation_views,
        oidc,
        signup_views,
        user_views,
    )
    from app.auth.views import bp as auth_bp
    from app.core.views import bp as core_bp
    from app.courses.views import bp as courses_bp
    from app.dashboard.views import bp as dashboard_bp
    from app.gatherings import feeds  # noqa: F401  (its routes join the gatherings blueprint)
    from app.gatherings.views import bp as gatherings_bp
    from app.hospitation.views import bp as hospitation_bp
    from app.kpm import application_views  # noqa: F401 - its routes join kpm_bp
    from app.kpm.views import bp as kpm_bp
    from app.networks import import_views  # noqa: F401 - adds the import pages to networks_bp
    from app.networks.person_views import bp as people_bp
    from app.networks.views import bp as networks_bp
    from app.notifications import feeds as _personal_feed  # noqa: F401  (on gatherings_bp)
    from app.notifications.views import bp as notifications_bp
    from app.privacy.views import bp as privacy_bp
    from app.progress import kpm_application_views  # noqa: F401 - its routes join kpm_bp
    from app.progress.views import bp as progress_bp
    from app.reports.views import bp as reports_bp

    for blueprint in (
        core_bp,
        dashboard_bp,
        auth_bp,
        people_bp,
        networks_bp,
        gatherings_bp,
        courses_bp,
        hospitation_bp,
        kpm_bp,
        progress_bp,
        reports_bp,
        notifications_bp,
        privacy_bp,
        api_bp,
    ):
        app.register_blueprint(blueprint)


def _register_cli(app: Flask) -> None:
    from app.auth.commands import tokens_cli, users_cli
    from app.networks.commands import import_cli
    from app.notifications.commands import notify_cli
    from app.privacy.commands import backup_cli, retention_cli
    from app.progress.commands import progress_cli
    from app.reports.commands import export_cli
    from app.seed.commands import seed_cli

    for group in (
        seed_cli,
        users_cli,
        tokens_cli,
        import_cli,
        export_cli,
        progress_cli,
        notify_cli,
        retention_cli,
        backup_cli,
    ):
        app.cli.add_command(group)
