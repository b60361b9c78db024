"""`flask users create|deactivate|reset-mfa` and `flask tokens create|revoke`."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth import invitations, mfa, operations
from app.auth.models import Role
from app.core.errors import DomainError
from app.extensions import db
from app.networks.models import Network
from app.people import queries as people_queries

users_cli = AppGroup("users", help="Manage users.")
tokens_cli = AppGroup("tokens", help="Manage API tokens.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--network", "networks", multiple=True, help="Network slug (coordinators).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(email: str, role: str, networks: tuple[str, ...], password_stdin: bool) -> None:
    """Create a user; with --password-stdin the password is read from stdin."""
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    found = []
    for slug in networks:
        network = db.session.scalar(select(Network).where(Network.slug == slug))
        if network is None:
            raise click.ClickException(f"unknown network: {slug}")
        found.append(network)
    person = people_queries.person_by_email(email)
    try:
        user = operations.create_user(
            email, Role(role), password=password, networks=found, person=person
        )
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(f"{error.field}: {error.message}") from error
    db.session.commit()
    click.echo(f"created user {user.email} ({user.role.value}) id={user.id}")


@users_cli.command("invite")
@click.argument("email")
@click.option("--role", type=click.Choice(["resource_person", "leader"]), default=None)
def invite_user(email: str, role: str | None) -> None:
    """E-mail the person with this e-mail an invitation and print its link."""
    person = people_queries.person_by_email(email)
    if person is None:
        raise click.ClickException(f"unknown person: {email}")
    try:
        sent = invitations.invite(person, None, role=role)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(f"{error.field}: {error.message}") from error
    db.session.commit()
    click.echo(f"invited {person.email} until {sent.expires_on.isoformat()}")
    click.echo(sent.link)


@tokens_cli.command("create")
@click.argument("email")
@click.option("--name", default=None, help="A label for the token.")
def create_token(email: str, name: str | None) -> None:
    """Print a new API token for the user (shown once, stored hashed)."""
    user = operations.find_user(email)
    if user is None:
        raise click.ClickException(f"unknown user: {email}")
    raw = operations.create_api_token(user, name)
    db.session.commit()
    click.echo(raw)


def _user_or_fail(email: str):
    user = operations.find_user(email)
    if user is None:
        raise click.ClickException(f"unknown user: {email}")
    return user


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_user(email: str) -> None:
    """End an account: its sessions and API tokens stop working at once."""
    user = _user_or_fail(email)
    try:
        operations.deactivate(user)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"deactivated {user.email}: sessions ended, API tokens revoked")


@users_cli.command("reset-mfa")
@click.argument("email")
def reset_mfa(email: str) -> None:
    """Remove a user's TOTP and recovery codes (she enrols again if her role requires it)."""
    user = _user_or_fail(email)
    mfa.disable(user)
    db.session.commit()
    click.echo(f"MFA reset for {user.email}")


@tokens_cli.command("revoke")
@click.argument("email")
def revoke_tokens(email: str) -> None:
    """Revoke every API token of the user."""
    user = _user_or_fail(email)
    count = operations.revoke_tokens(user)
    db.session.commit()
    click.echo(f"revoked {count} token(s) of {user.email}")
