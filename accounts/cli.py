"""`aisle users` and `aisle mail`: administer accounts and read the development mailbox."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from redis import Redis
from sqlalchemy.orm import Session

from accounts.demo import DEMO_USERS, ensure_demo_user
from accounts.mail import deliver_pending, list_dev_mail
from accounts.models import Role, UserStatus
from accounts.users import administer_user, create_user, find_user_by_email, list_users
from core.cli_errors import exit_on_refusal
from core.clients import make_redis
from core.db import make_engine, make_session_factory
from core.settings import get_settings

users_app = typer.Typer(
    help="Create admins, list users, change roles, disable.", no_args_is_help=True
)
mail_app = typer.Typer(
    help="Read the development mailbox; deliver queued SMTP mail.", no_args_is_help=True
)
PASSWORD_ENV = "AISLE_ADMIN_PASSWORD"  # noqa: S105 - the name of a variable, not a secret


@contextmanager
def _clients() -> Iterator[tuple[Session, Redis[str]]]:
    """Open a database session and a Redis client; turn Aisle errors into a clean exit."""
    settings = get_settings()
    engine = make_engine(settings, pool_size=1)
    redis = make_redis(settings)
    try:
        with exit_on_refusal(), make_session_factory(engine)() as db:
            yield db, redis
    finally:
        redis.close()
        engine.dispose()


@users_app.command("create-admin")
def create_admin(
    email: str = typer.Option(..., "--email", help="The admin's email address."),
    name: str = typer.Option("Admin", "--name", help="Display name."),
) -> None:
    """Create an active admin; the password comes from AISLE_ADMIN_PASSWORD or a prompt."""
    password = os.environ.get(PASSWORD_ENV) or typer.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    with _clients() as (db, _redis):
        user = create_user(
            db,
            get_settings(),
            email=email,
            password=password,
            display_name=name,
            role=Role.ADMIN,
            status=UserStatus.ACTIVE,
        )
        db.commit()
        typer.echo(f"created admin {user.email} (id {user.id})")


@users_app.command("list")
def list_command(
    q: str = typer.Option("", "--q", help="Part of an email or display name."),
    role: Role | None = typer.Option(None, help="Only this role."),
    status: UserStatus | None = typer.Option(None, help="Only this status."),
    limit: int = typer.Option(50, min=1, max=1000),
) -> None:
    """List users, newest first."""
    with _clients() as (db, _redis):
        total, users = list_users(db, q=q, role=role, status=status, size=limit)
        for user in users:
            last = user.last_login_at.isoformat(timespec="seconds") if user.last_login_at else "-"
            typer.echo(f"{user.id:>6}  {user.email:<40} {user.role:<13} {user.status:<9} {last}")
        typer.echo(f"{len(users)} of {total} users")


def _change(email: str, *, role: Role | None = None, status: UserStatus | None = None) -> None:
    """Apply a role or status change to the user with this email."""
    with _clients() as (db, redis):
        user = find_user_by_email(db, email.strip())
        if user is None:
            typer.secho(f"error: no user with email {email}", fg=typer.colors.RED, err=True)
            raise typer.Exit(2)
        user = administer_user(db, redis, actor_id=None, user_id=user.id, role=role, status=status)
        typer.echo(f"{user.email}: role {user.role}, status {user.status}")


@users_app.command("set-role")
def set_role(email: str, role: Role) -> None:
    """Give a user a role (their sessions end so it applies at once)."""
    _change(email, role=role)


@users_app.command("disable")
def disable(email: str) -> None:
    """Disable a user: they are signed out and cannot sign in or use their API tokens."""
    _change(email, status=UserStatus.DISABLED)


@users_app.command("enable")
def enable(email: str) -> None:
    """Re-enable a disabled user (or activate one who never verified)."""
    _change(email, status=UserStatus.ACTIVE)


@users_app.command("demo")
def demo() -> None:
    """Create (or reset) one demo user per role and print their sign-in credentials."""
    with _clients() as (db, redis):
        typer.echo("Demo accounts (passwords are new on every run):")
        for role, email in DEMO_USERS:
            password = ensure_demo_user(db, redis, get_settings(), email=email, role=role)
            typer.echo(f"  {role.value:<13} {email:<28} {password}")


@mail_app.command("list")
def mail_list(
    to: str | None = typer.Option(None, "--to", help="Only mail to this address."),
    limit: int = typer.Option(10, min=1, max=500),
    body: bool = typer.Option(True, help="Print each message's body."),
) -> None:
    """Show the development mailbox, newest first."""
    with _clients() as (db, _redis):
        total, messages = list_dev_mail(db, to=to, size=limit)
        for message in messages:
            typer.echo(
                f"#{message.id} {message.created_at:%Y-%m-%d %H:%M:%S} to {message.to_address}"
            )
            typer.echo(f"Subject: {message.subject}")
            if body:
                typer.echo(f"\n{message.body}\n{'-' * 72}")
        typer.echo(f"{len(messages)} of {total} messages")


@mail_app.command("deliver")
def mail_deliver() -> None:
    """Send queued SMTP mail now (the worker also does this every minute)."""
    settings = get_settings()
    if settings.smtp_host is None:
        typer.echo("no SMTP server configured (AISLE_SMTP_HOST): mail stays in the dev mailbox")
        return
    engine = make_engine(settings, pool_size=1)
    try:
        sent = deliver_pending(make_session_factory(engine), settings)
    finally:
        engine.dispose()
    typer.echo(f"sent {sent} message(s)")
