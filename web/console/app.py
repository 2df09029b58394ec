"""Mounts the console on the FastAPI app: routes, static files, headers, error pages."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from bot.settings import Settings
from web.console import (
    pages_actions,
    pages_admin,
    pages_auth,
    pages_dashboard,
    pages_drafts,
    pages_lead,
    pages_live,
    pages_privacy,
    pages_queue,
)
from web.console.auth import ConsoleError, NeedLogin, current_viewer
from web.console.headers import ConsoleHeaders
from web.console.render import UI, render
from web.console.session import SessionCodec
from web.console.throttle import LoginThrottle

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
NO_PAGE = "There is no such page in the console."
BAD_ADDRESS = "The address holds a value the console cannot use. Go back and use the console's links."


@dataclass(frozen=True)
class ErrorPage:
    """An error page: status, a title and what to do."""

    status: int
    title: str
    message: str
    back: str


def _secret(settings: Settings) -> str:
    if settings.session_secret is not None:
        return settings.session_secret.get_secret_value()
    # development without a secret: sessions last as long as this process (settings forbid
    # this in production)
    log.warning("SETTER_SESSION_SECRET is not set: console sessions end when the server stops")
    return secrets.token_urlsafe(32)


async def _need_login(request: Request, _: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/console/login?next={quote(target)}", status_code=303)


async def _console_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ConsoleError)
    try:
        viewer = current_viewer(request)
    except NeedLogin:
        viewer = None
    title = {403: "Not allowed", 404: "Not found"}.get(exc.status, "That did not work")
    ui = UI(viewer, viewer.lang if viewer else "de", request.url.path)
    return render("error.html", ui, ErrorPage(exc.status, title, exc.message, exc.back), status=exc.status)


def _on_a_page(request: Request) -> bool:
    """A console page (not its static files): its errors are pages too, not JSON."""
    path = request.url.path
    return (path == "/console" or path.startswith("/console/")) and not path.startswith("/console/static/")


def _as_pages(app: FastAPI) -> None:
    """A console address that matches no route (404, 405) or holds a value its route cannot
    use (422: `?page=abc`) shows the console's error page; elsewhere the API's JSON stays
    (`web.errors`, installed before)."""
    api_http, api_invalid = (app.exception_handlers[HTTPException],
                             app.exception_handlers[RequestValidationError])

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if not _on_a_page(request) or exc.status_code not in (404, 405):
            return await api_http(request, exc)  # type: ignore[no-any-return]
        return await _console_error(request, ConsoleError(exc.status_code, NO_PAGE))

    async def invalid(request: Request, exc: Exception) -> Response:
        if not _on_a_page(request):
            return await api_invalid(request, exc)  # type: ignore[no-any-return]
        return await _console_error(request, ConsoleError(422, BAD_ADDRESS))

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)


def install(app: FastAPI, settings: Settings) -> None:
    """Add the console to the app under /console (after `web.ratelimit.install`)."""
    app.state.console_codec = SessionCodec(_secret(settings), secure=settings.env == "production")
    app.state.login_throttle = LoginThrottle.from_settings(settings, app.state.limiter)
    # pages_privacy before pages_actions: /leads/{id}/export and /erase are not generic actions
    for module in (pages_auth, pages_queue, pages_lead, pages_privacy, pages_actions,
                   pages_dashboard, pages_admin, pages_live, pages_drafts):
        app.include_router(module.router)
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")
    app.add_exception_handler(NeedLogin, _need_login)
    app.add_exception_handler(ConsoleError, _console_error)
    _as_pages(app)
    app.add_middleware(ConsoleHeaders)
