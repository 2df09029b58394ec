"""`setter email parse FILE... --jsonl` (no database) and `setter email ingest FILE`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from bot.email.mime import UnreadableEmail
from bot.email.read import as_json, read_email

app = typer.Typer(help="Read email replies: parse files, or ingest them like the inbound API.",
                  no_args_is_help=True)


def parse_files(paths: list[Path], out: TextIO, *, jsonl: bool = True) -> int:
    """One line per file; unreadable files are reported on stderr (exit code 1)."""
    status = 0
    for path in paths:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            sys.stderr.write(f"setter email parse: cannot read {path}: {exc.strerror or exc}\n")
            status = 1
            continue
        try:
            line = as_json(read_email(raw), str(path))
        except UnreadableEmail as exc:
            sys.stderr.write(f"setter email parse: cannot read {path}: {exc}\n")
            status = 1
            continue
        if jsonl:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        else:
            out.write(f"== {path}  [{line['intent']}, {line['lang']}]\n{line['reply_text']}\n\n")
    return status


@app.command("parse")
def parse_command(
    files: Annotated[list[Path], typer.Argument(help="RFC 822 messages, or bare text/HTML bodies")],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per file")] = False,
) -> None:
    """Reply text, language, intent and facts per file, without touching the database."""
    raise typer.Exit(parse_files(files, sys.stdout, jsonl=jsonl))


@app.command("ingest")
def ingest_command(
    file: Annotated[Path, typer.Argument(help="An RFC 822 message", exists=True, dir_okay=False)],
) -> None:
    """Store the message like POST /api/v1/email/inbound does and print the outcome."""
    from bot.cli.main import load_settings
    from bot.conversation.wiring import build_services
    from bot.email.ingest import IngestError, ingest_raw

    settings = load_settings()
    services = build_services(settings)
    raw = file.read_bytes()
    if len(raw) > settings.email_max_bytes:
        typer.echo(f"setter: {file} is larger than SETTER_EMAIL_MAX_BYTES "
                   f"({settings.email_max_bytes} bytes)", err=True)
        raise typer.Exit(2)
    try:
        result = ingest_raw(services, raw, settings=settings)
    except IngestError as exc:
        typer.echo(f"setter: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
