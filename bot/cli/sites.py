"""`setter sites add|list`: the websites allowed to embed the widget."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.sites import SiteError, create_site, list_sites
from bot.store.db import engine_for, session_scope

sites_app = typer.Typer(help="Websites that embed the chat widget.", no_args_is_help=True)


@sites_app.command("add")
def add(
    name: Annotated[str, typer.Option(help="The site's name, e.g. the company")],
    origin: Annotated[list[str], typer.Option(help="An allowed origin, e.g. https://www.example.com "
                                              "(repeat for more)")],
    color: Annotated[str | None, typer.Option(help="Accent colour, #rrggbb")] = None,
    position: Annotated[str | None, typer.Option(help="right or left (bottom corner)")] = None,
    privacy_url: Annotated[str | None, typer.Option(help="Link to the site's privacy policy")] = None,
) -> None:
    """Create a site and print its key (put it in the widget's data-site attribute)."""
    from bot.cli.main import load_settings

    db = engine_for(load_settings().database_url)
    try:
        with session_scope(db) as session:
            site = create_site(session, name=name, origins=origin, color=color, position=position,
                               privacy_url=privacy_url)
    except SiteError as exc:
        typer.echo(f"setter: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(site.id)


@sites_app.command("list")
def list_() -> None:
    """Every site with its key and origins."""
    from bot.cli.main import load_settings

    with session_scope(engine_for(load_settings().database_url)) as session:
        for site in list_sites(session):
            typer.echo(f"{site.id}\t{site.name}\t{' '.join(site.origins)}")
