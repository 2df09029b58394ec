"""`setter leads export ID` and `setter leads erase ID`: data protection from the shell."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from bot import privacy
from bot.settings import Settings
from bot.store.db import engine_for, session_scope

app = typer.Typer(help="Export or erase a lead's data.", no_args_is_help=True)


def _settings() -> Settings:
    from bot.cli.main import load_settings

    return load_settings()


@app.command("export")
def export(lead_id: Annotated[str, typer.Argument(help="The lead's id")]) -> None:
    """Print everything stored about the lead as one JSON document."""
    with session_scope(engine_for(_settings().database_url)) as session:
        document = privacy.export_lead(session, lead_id)
    if document is None:
        typer.echo(f"setter: no lead {lead_id}", err=True)
        raise typer.Exit(1)
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))


@app.command("erase")
def erase(lead_id: Annotated[str, typer.Argument(help="The lead's id")],
          yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False) -> None:
    """Erase the lead's personal data, messages, facts, events and emails (a tombstone stays)."""
    if not yes:
        typer.confirm(f"Erase everything personal about lead {lead_id}?", abort=True)
    with session_scope(engine_for(_settings().database_url)) as session:
        done = privacy.erase_lead(session, lead_id, actor="cli")
    if done is None:
        typer.echo(f"setter: no lead {lead_id}", err=True)
        raise typer.Exit(1)
    removed = ", ".join(f"{table} {count}" for table, count in sorted(done.deleted.items()) if count)
    typer.echo(f"erased lead {lead_id}; removed: {removed or 'nothing else'}")
