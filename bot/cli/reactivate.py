"""`setter reactivate --due`: list the leads whose follow-up is due and draft it."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.settings import Settings


def load_settings_lazy() -> Settings:
    """The settings, imported late (bot.cli.main imports this module)."""
    from bot.cli.main import load_settings

    return load_settings()


def reactivate_command(
    due: Annotated[bool, typer.Option("--due", help="Draft every follow-up that is due now")] = False,
) -> None:
    """Draft personal follow-ups for quiet leads (2/4/6 weeks, or when an auto reply said)."""
    from bot.conversation.wiring import build_services
    from bot.email.reactivation import draft_due, due_leads
    from bot.store.db import session_scope

    services = build_services(load_settings_lazy())
    with session_scope(services.db) as session:
        listed = due_leads(session)
    for item in listed:
        typer.echo(f"{item.lead_id}  due {item.due.date().isoformat()}  {item.why}")
    if not due:
        typer.echo(f"{len(listed)} due; run with --due to draft them")
        return
    created = draft_due(services.db)
    typer.echo(f"{len(listed)} due, {len(created)} drafted (the others have a draft already)")
