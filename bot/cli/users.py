"""`setter users`: add console users (setter, closer, admin) and list them."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.settings import Settings
from bot.store.db import engine_for, session_scope
from bot.users import accounts

users_app = typer.Typer(help="Console users: setters, closers and admins.", no_args_is_help=True)


def _settings() -> Settings:
    from bot.cli.main import load_settings

    return load_settings()


@users_app.command("add")
def add(
    email: Annotated[str, typer.Argument(help="The user's email (their login)")],
    role: Annotated[str, typer.Option(help="setter, closer or admin")] = "setter",
    lang: Annotated[str, typer.Option(help="Interface language: de or en")] = "de",
    generate: Annotated[bool, typer.Option(help="Generate a password and print it once")] = False,
) -> None:
    """Add a user; the password is asked twice, or generated with --generate."""
    if role not in accounts.ROLES:
        typer.echo(f"setter: --role must be one of {', '.join(accounts.ROLES)}", err=True)
        raise typer.Exit(2)
    password = accounts.generate_password() if generate else typer.prompt(
        "Password", hide_input=True, confirmation_prompt=True)
    with session_scope(engine_for(_settings().database_url)) as session:
        try:
            user = accounts.create_user(session, email=email, role=role, password=password,
                                        lang=lang)
        except accounts.UserError as exc:
            typer.echo(f"setter: {exc}", err=True)
            raise typer.Exit(2) from None
        typer.echo(f"added {user.role} {user.email}")
    if generate:
        typer.echo(f"password (shown once): {password}")


@users_app.command("list")
def list_() -> None:
    """Every user with role, language and whether the login is active."""
    with session_scope(engine_for(_settings().database_url)) as session:
        for user in accounts.list_users(session):
            state = "active" if user.active else "disabled"
            typer.echo(f"{user.email}\t{user.role}\t{user.lang}\t{state}")
