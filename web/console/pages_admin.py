"""Admin pages: users, blacklist rules, webhook deliveries and the scoring model."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse

import scoring
from bot.leads import blacklist
from bot.outbound import webhooks
from bot.store.db import session_scope
from bot.store.models import BlacklistRuleRow, UserRow, WebhookDelivery
from bot.users import accounts
from web.console.auth import AdminPage, ConsoleError, PostDep, Viewer, services_of
from web.console.render import UI, render
from web.schemas import RowId

router = APIRouter(prefix="/console/admin", include_in_schema=False)
DEFAULT_MODEL = Path(scoring.__file__).parent / "default_model.toml"


@dataclass(frozen=True)
class UsersPage:
    """Every user; a new password is shown once after adding with "generate"."""

    users: list[UserRow]
    roles: tuple[str, ...]
    new_password: str = ""


@dataclass(frozen=True)
class RulesPage:
    """Blacklist rules with how many leads each disqualified."""

    rules: list[tuple[BlacklistRuleRow, int]]
    kinds: tuple[str, ...] = blacklist.KINDS


@dataclass(frozen=True)
class WebhooksPage:
    """Configured URLs and the latest deliveries."""

    urls: list[str]
    deliveries: list[WebhookDelivery]


@dataclass(frozen=True)
class ModelPage:
    """The scoring model file in force."""

    path: str
    text: str


def _admin_of(viewer: Viewer) -> Viewer:
    if not viewer.is_admin:
        raise ConsoleError(403, "This page is not open to your role.")
    return viewer


def _ui(request: Request, viewer: Viewer) -> UI:
    return UI(viewer, viewer.lang, request.url.path)


def _users_page(request: Request, viewer: Viewer, new_password: str = "") -> HTMLResponse:
    with session_scope(services_of(request).db) as session:
        users = accounts.list_users(session)
    return render("admin_users.html", _ui(request, viewer),
                  UsersPage(users, accounts.ROLES, new_password))


@router.get("/users", response_class=HTMLResponse)
def users(request: Request, viewer: AdminPage) -> HTMLResponse:
    """Every console user."""
    return _users_page(request, viewer)


@router.post("/users", response_class=HTMLResponse)
async def add_user(request: Request, viewer: PostDep) -> HTMLResponse:
    """Add a user; with an empty password one is generated and shown once."""
    _admin_of(viewer)
    form = await request.form()
    password = str(form.get("password") or "") or accounts.generate_password()

    def create() -> None:  # the password hash (about 0.1 s of CPU) off the event loop
        with session_scope(services_of(request).db) as session:
            accounts.create_user(session, email=str(form.get("email") or ""),
                                 role=str(form.get("role") or ""), password=password,
                                 lang=str(form.get("lang") or "de"))

    try:
        await run_in_threadpool(create)
    except accounts.UserError as exc:
        raise ConsoleError(422, str(exc), back="/console/admin/users") from None
    return _users_page(request, viewer, "" if form.get("password") else password)


@router.post("/users/{user_id}/active")
async def toggle_user(request: Request, user_id: RowId, viewer: PostDep) -> RedirectResponse:
    """Disable or enable a login (not one's own)."""
    _admin_of(viewer)
    with session_scope(services_of(request).db) as session:
        user = session.get(UserRow, user_id)
        if user is None or user.id == viewer.id:
            raise ConsoleError(422, "You cannot change this login.", back="/console/admin/users")
        accounts.set_active(session, user, not user.active)
    return RedirectResponse("/console/admin/users", status_code=303)


@router.get("/blacklist", response_class=HTMLResponse)
def rules(request: Request, viewer: AdminPage) -> HTMLResponse:
    """Blacklist rules and what each has done."""
    with session_scope(services_of(request).db) as session:
        rows = [(row, blacklist.disqualified_count(session, row))
                for row in blacklist.rules(session)]
    return render("admin_blacklist.html", _ui(request, viewer), RulesPage(rows))


@router.post("/blacklist")
async def add_rule(request: Request, viewer: PostDep) -> RedirectResponse:
    """A new rule; matching open leads are disqualified at once."""
    _admin_of(viewer)
    form = await request.form()

    def add() -> None:  # the sweep reads every open lead: off the event loop
        with session_scope(services_of(request).db) as session:
            row = blacklist.add_rule(session, kind=str(form.get("kind") or ""),
                                     pattern=str(form.get("pattern") or "")[:320],
                                     reason=str(form.get("reason") or "")[:2000])
            blacklist.sweep(session, row)

    try:
        await run_in_threadpool(add)
    except blacklist.RuleError as exc:
        raise ConsoleError(422, str(exc), back="/console/admin/blacklist") from None
    return RedirectResponse("/console/admin/blacklist", status_code=303)


@router.post("/blacklist/{rule_id}/delete")
def delete_rule(request: Request, rule_id: RowId, viewer: PostDep) -> RedirectResponse:
    """Remove a rule (leads it disqualified stay disqualified)."""
    _admin_of(viewer)
    with session_scope(services_of(request).db) as session:
        blacklist.delete_rule(session, rule_id)
    return RedirectResponse("/console/admin/blacklist", status_code=303)


@router.get("/webhooks", response_class=HTMLResponse)
def deliveries(request: Request, viewer: AdminPage) -> HTMLResponse:
    """Webhook URLs and the latest 100 deliveries."""
    with session_scope(services_of(request).db) as session:
        rows = webhooks.list_deliveries(session, status=None, lead_id=None, limit=100, offset=0)
    urls = list(request.app.state.settings.webhook_url_list)
    return render("admin_webhooks.html", _ui(request, viewer), WebhooksPage(urls, rows))


@router.post("/webhooks/{delivery_id}/retry")
def retry(request: Request, delivery_id: RowId, viewer: PostDep) -> RedirectResponse:
    """Send a failed delivery again."""
    _admin_of(viewer)
    with session_scope(services_of(request).db) as session:
        webhooks.retry(session, delivery_id)
    return RedirectResponse("/console/admin/webhooks", status_code=303)


@router.get("/model", response_class=HTMLResponse)
def model(request: Request, viewer: AdminPage) -> HTMLResponse:
    """The scoring model file in force (edit the file, then restart)."""
    configured = request.app.state.settings.scoring_model
    path = Path(configured) if configured else DEFAULT_MODEL
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        text = f"cannot read {path}: {exc.strerror}"
    return render("admin_model.html", _ui(request, viewer), ModelPage(str(path), text))
