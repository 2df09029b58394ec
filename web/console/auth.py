"""Who is asking: the logged-in user from the session cookie, role checks and CSRF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from bot.conversation.wiring import Services
from bot.email import drafts
from bot.store.db import session_scope
from bot.store.models import UserRow
from web.console.session import SessionCodec, same_token


class NeedLogin(Exception):
    """No valid session: the browser is sent to the login page."""


class ConsoleError(Exception):
    """An error page with its HTTP status and a message the user can act on."""

    def __init__(self, status: int, message: str, *, back: str = "/console") -> None:
        super().__init__(message)
        self.status, self.message, self.back = status, message, back


@dataclass(frozen=True)
class Viewer:
    """The logged-in user as pages see them."""

    id: int
    email: str
    role: str
    lang: str
    csrf: str
    drafts: int = 0  # email drafts waiting for approval that this viewer may see

    @property
    def is_admin(self) -> bool:
        """Admins also manage users, rules and webhooks."""
        return self.role == "admin"

    @property
    def is_closer(self) -> bool:
        """Closers see only the leads handed to them."""
        return self.role == "closer"


def codec_of(request: Request) -> SessionCodec:
    """The app's session codec."""
    codec: SessionCodec = request.app.state.console_codec
    return codec


def services_of(request: Request) -> Services:
    """The app's services."""
    services: Services = request.app.state.services
    return services


def current_viewer(request: Request) -> Viewer:
    """The user of a valid session whose login is active and not logged out since."""
    session = codec_of(request).read(request)
    if session is None:
        raise NeedLogin()
    with session_scope(services_of(request).db) as db:
        user = db.get(UserRow, session.user_id)
        if user is None or not user.active or user.session_epoch != session.epoch:
            raise NeedLogin()
        waiting = drafts.count_drafts(db, status=drafts.OPEN,
                                      closer_id=user.id if user.role == "closer" else None)
        return Viewer(session.user_id, user.email, user.role, user.lang, session.csrf, waiting)


ViewerDep = Annotated[Viewer, Depends(current_viewer)]


def require(*roles: str) -> Callable[[Viewer], Viewer]:
    """A dependency that admits only these roles (403 page for the others)."""

    def check(viewer: ViewerDep) -> Viewer:
        if viewer.role not in roles:
            raise ConsoleError(403, "This page is not open to your role.")
        return viewer

    return check


async def posting_viewer(request: Request) -> Viewer:
    """The viewer of a state-changing request whose form carries the session's CSRF token."""
    viewer = current_viewer(request)
    form = await request.form()
    presented = form.get("csrf") or request.headers.get("x-csrf-token")
    if not same_token(viewer.csrf, presented if isinstance(presented, str) else None):
        raise ConsoleError(403, "The form has expired or did not come from the console. "
                                "Reload the page and try again.")
    return viewer


PostDep = Annotated[Viewer, Depends(posting_viewer)]
SetterPage = Annotated[Viewer, Depends(require("setter", "admin"))]
AdminPage = Annotated[Viewer, Depends(require("admin"))]
