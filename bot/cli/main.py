"""The `setter` command line: serve, chat, extract, and the data tools."""

from __future__ import annotations

import logging
import os
import secrets
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from bot.cli.calibrate import calibrate_command
from bot.cli.email import app as email_app
from bot.cli.leads import app as leads_app
from bot.cli.reactivate import reactivate_command
from bot.cli.sites import sites_app
from bot.cli.users import users_app
from bot.settings import Settings

app = typer.Typer(help="Setter: conversational BANT lead qualification.", no_args_is_help=True,
                  add_completion=False)


def load_settings() -> Settings:
    """Settings from the environment, or a clear message and exit code 2."""
    try:
        return Settings()
    except ValidationError as exc:
        typer.echo(f"setter: refusing to start: {settings_problem(exc)}", err=True)
        raise typer.Exit(2) from None


def settings_problem(exc: ValidationError) -> str:
    """The validation errors as `SETTER_NAME: problem` lines a person can act on."""
    problems = []
    for error in exc.errors():
        message = str(error["msg"]).removeprefix("Value error, ")
        field = "_".join(map(str, error["loc"])).upper()
        problems.append(f"SETTER_{field}: {message}" if field else message)
    return "; ".join(problems)


def dev_secret(name: str) -> str:
    """A random value kept in a file under ./var (development keys and secrets)."""
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(24))
        path.chmod(0o600)
    return path.read_text().strip()


def dev_api_key(settings: Settings) -> str | None:
    """In development without SETTER_API_KEYS: a key kept in ./var so the lead API is usable."""
    if settings.api_key_set or settings.env != "development":
        return None
    return dev_secret("var/dev_api_key")


def shared_state_problem(backend: str, settings: Settings, workers: int) -> str | None:
    """What several workers on SQLite without Redis would not share, or None if all is shared
    (one worker, Redis, or PostgreSQL's NOTIFY for live messages)."""
    if workers == 1 or backend != "sqlite" or settings.redis_url:
        return None
    limits = "" if settings.rate_limits == "off" else " and each worker counts its own rate limits"
    return (f"{workers} workers on SQLite without SETTER_REDIS_URL: a setter's messages reach only "
            f"the leads whose widget is connected to the same worker{limits}; set "
            "SETTER_REDIS_URL to share them")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000)")] = None,
    demo: Annotated[bool, typer.Option(help="Seed demo leads with conversations and events")] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes")] = 1,
) -> None:
    """Migrate the database and serve the API."""
    import uvicorn

    from bot.conversation.wiring import build_services, describe_engine
    from bot.knowledge import KnowledgeError

    if demo:  # the demo business answers from its knowledge file unless one is configured
        from bot.cli.demo import DEMO_KNOWLEDGE

        os.environ.setdefault("SETTER_KNOWLEDGE_FILE", str(DEMO_KNOWLEDGE))
    settings = load_settings()
    key = dev_api_key(settings)
    if key:
        os.environ["SETTER_API_KEYS"] = key
    if settings.session_secret is None and settings.env == "development":
        os.environ["SETTER_SESSION_SECRET"] = dev_secret("var/dev_session_secret")
    settings = load_settings()
    try:
        services = build_services(settings)
    except KnowledgeError as exc:
        typer.echo(f"setter: refusing to start: {exc}", err=True)
        raise typer.Exit(2) from None
    if demo:
        from bot.cli.demo import seed_demo, seed_demo_users
        from bot.sites import ensure_demo_site

        typer.echo(f"seeded {seed_demo(services)} demo leads")
        typer.echo(f"demo site: the landing page at / embeds the widget (site key "
                   f"{ensure_demo_site(services.db).id!r})")
        for email, role, password in seed_demo_users(services):
            typer.echo(f"demo {role}: {email} / {password}")
    host, port = host or settings.host, port or settings.port
    base = f"http://{host}:{port}"
    typer.echo(f"Setter on {base}  (console {base}/console, API docs {base}/docs, "
               f"health {base}/healthz)")
    typer.echo(f"engine: {describe_engine(settings)}")
    if services.knowledge:
        typer.echo(f"knowledge: {settings.knowledge_file} ({len(services.knowledge.entries)} entries)")
    typer.echo(f"database: {services.db.url.render_as_string(hide_password=True)}")
    if key:
        typer.echo(f"lead API key (development, kept in var/dev_api_key): {key}")
    problem = shared_state_problem(services.db.url.get_backend_name(), settings, workers)
    if problem:
        typer.echo(f"setter: warning: {problem}", err=True)
    # open widget streams never end by themselves: give them 5 s on shutdown, then close them
    # with several workers, uvicorn restarts a worker that does not answer its health check in
    # time: its 5 s default killed workers still importing on a loaded machine, again and again
    # and a client must send each request within SETTER_REQUEST_TIMEOUT (slowloris)
    options = {"factory": True, "host": host, "port": port, "workers": workers, "log_level": "info",
               "timeout_graceful_shutdown": 5, "timeout_worker_healthcheck": 60,
               "http": "web.http_protocol:SetterHttpProtocol"}
    if workers == 1:
        uvicorn.run("web.app:create_app", **options)  # type: ignore[arg-type]
    else:  # each worker on its own socket of the port (see bot/cli/workers.py)
        from bot.cli.workers import run_workers

        run_workers(uvicorn.Config("web.app:create_app", **options))  # type: ignore[arg-type]


@app.command()
def chat(
    lang: Annotated[str, typer.Option(help="de or en")] = "de",
    name: Annotated[str | None, typer.Option(help="The lead's name")] = None,
) -> None:
    """Qualify a lead in the terminal through the same engine (stored in the database)."""
    from bot.cli.chat import run_chat

    if lang not in ("de", "en"):
        typer.echo("setter: --lang must be de or en", err=True)
        raise typer.Exit(2)
    raise typer.Exit(run_chat(load_settings(), lang=lang, name=name))


@app.command()
def extract(cases: Annotated[str, typer.Argument(help="Cases JSONL (benchmark format)")]) -> None:
    """Print one BANT prediction line per case."""
    from bot.cli.extract import main as extract_main

    raise typer.Exit(extract_main(cases))


app.command("calibrate")(calibrate_command)
app.add_typer(email_app, name="email")
app.command("reactivate")(reactivate_command)
app.add_typer(leads_app, name="leads")
app.add_typer(sites_app, name="sites")
app.add_typer(users_app, name="users")


@app.command("import")
def import_(
    leads: Annotated[Path, typer.Argument(help="Leads CSV", exists=True, dir_okay=False)],
    mapping: Annotated[Path, typer.Option(help="Mapping TOML (see examples/)", exists=True,
                                          dir_okay=False)],
    events: Annotated[Path | None, typer.Option(help="Events CSV, one event per row",
                                                exists=True, dir_okay=False)] = None,
    webhooks: Annotated[bool, typer.Option(help="Send webhooks for the stage changes")] = True,
) -> None:
    """Import leads (and events) from CSV: scored, blacklist-checked, stored."""
    from bot.cli.import_csv import run_import

    raise typer.Exit(run_import(load_settings(), leads, mapping, events_csv=events,
                                webhooks_on=webhooks))


def main() -> None:
    """Console entry point."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    app()
