"""`flask seed reference | demo | synthetic`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.core.types import today_oslo
from app.extensions import db
from app.progress import readmodel

seed_cli = AppGroup("seed", help="Load reference, demo or synthetic data.")


@seed_cli.command("reference")
def reference() -> None:
    """Professions, places, the real networks and plans, the course catalogue (idempotent)."""
    from app.seed.reference import seed_reference

    seed_reference()
    db.session.commit()
    click.echo("reference data loaded")


@seed_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no users yet.")
def demo(if_empty: bool) -> None:
    """Reference data plus demo users, persons and activities."""
    from sqlalchemy import func, select

    from app.auth.models import User
    from app.config import is_production
    from app.seed.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, seed_demo

    if is_production():
        # Demo users share one known password: never in a production database.
        raise click.ClickException("refusing to load demo data in production (APP_ENV)")
    if if_empty and db.session.scalar(select(func.count(User.id))):
        click.echo("the database already has data; demo data not loaded")
    else:
        seed_demo(today_oslo())
        db.session.commit()
        click.echo("demo data loaded")
    click.echo(f"demo logins (password: {DEMO_PASSWORD}):")
    enrolled = False
    for email, role, secret in db.session.execute(
        select(User.email, User.role, User.totp_secret).order_by(User.id).limit(20)
    ):
        mark = "  (MFA: demo TOTP secret)" if secret == DEMO_TOTP_SECRET else ""
        enrolled = enrolled or bool(mark)
        click.echo(f"  {email:45} {role.value}{mark}")
    if enrolled:
        click.echo(
            f"demo TOTP secret, DEMO ONLY: {DEMO_TOTP_SECRET} (add it to an authenticator "
            "app, or run `flask seed demo-code` for the current code)"
        )


@seed_cli.command("demo-code")
def demo_code() -> None:
    """Print the current TOTP code of the demo secret (demo only, refused in production)."""
    from app.auth import mfa
    from app.config import is_production
    from app.seed.demo import DEMO_TOTP_SECRET

    if is_production():
        raise click.ClickException("no demo codes in production (APP_ENV)")
    click.echo(mfa.code_at(DEMO_TOTP_SECRET, mfa.current_step()))


@seed_cli.command("synthetic")
@click.option("--persons", "count", type=click.IntRange(1, 1_000_000), required=True)
@click.option("--seed", "random_seed", type=int, default=1)
def synthetic(count: int, random_seed: int) -> None:
    """A large, realistic dataset for benchmarks."""
    # The builder is benchmark code in bench/, which is not installed with the app (pyproject
    # packages app* only): it is importable from a checkout, where the flask CLI puts the
    # repository root on sys.path, so it is imported here, when the command runs.
    try:
        from bench.synthetic import seed_synthetic
    except ModuleNotFoundError as error:
        if error.name not in ("bench", "bench.synthetic"):
            raise
        raise click.ClickException(
            "the synthetic data builder (bench/synthetic) is not here: "
            "run this command from a checkout of the repository"
        ) from error

    summary = seed_synthetic(count, random_seed)
    db.session.commit()
    # The builder writes in bulk, behind the read model's hooks: store everyone's progress.
    stored = readmodel.rebuild(commit=True)
    click.echo(f"synthetic data loaded: {summary}; {stored} progress results stored")
