"""What a browser loads: /widget.js, and the demo landing page at / that embeds it."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.sites import DEMO_KEY, get_site
from bot.store.db import session_scope
from web.deps import ServicesDep

HERE = Path(__file__).parent
WIDGET_JS = (HERE / "static" / "widget.js").read_bytes()
pages = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape())
router = APIRouter(include_in_schema=False)


@router.get("/widget.js")
def widget_js() -> Response:
    """The widget: one file, plain JavaScript."""
    return Response(WIDGET_JS, media_type="text/javascript; charset=utf-8",
                    headers={"Cache-Control": "public, max-age=300",
                             "Access-Control-Allow-Origin": "*"})


@router.get("/", response_model=None)
def demo_page(request: Request, services: ServicesDep) -> HTMLResponse | RedirectResponse:
    """The demo landing page (after `setter serve --demo`), else the API docs."""
    with session_scope(services.db) as session:
        site = get_site(session, DEMO_KEY)
    if site is None:
        return RedirectResponse("/docs")
    html = pages.get_template("demo.html").render(site_key=site.id, base=str(request.base_url).rstrip("/"))
    return HTMLResponse(html)
