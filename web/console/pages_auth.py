"""Login, logout and the user's interface language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.store.db import session_scope
from bot.store.models import UserRow
from bot.users import accounts
from web.console.auth import ConsoleError, PostDep, codec_of, services_of
from web.console.render import UI, render
from web.console.session import LOGIN_CSRF_COOKIE, same_token
from web.console.throttle import throttle_of
from web.ratelimit import RateLimited

router = APIRouter(prefix="/console", include_in_schema=False)
TOO_MANY = "Too many failed logins. Please try again in {minutes} min."


@dataclass(frozen=True)
class LoginPage:
    """The login form: its CSRF token, where to go after, and what went wrong."""

    csrf: str
    next: str
    email: str = ""
    error: str = ""
    wait_minutes: int = 0  # after too many failed logins: how long until the next try


def safe_next(target: str | None) -> str:
    """Only console paths of this site are followed after login (no open redirect)."""
    if target and target.startswith("/console") and not target.startswith("/console/login") \
            and "//" not in target and "\\" not in target:
        return target
    return "/console"


def _login_page(request: Request, lang: str, page_next: str, email: str = "", error: str = "",
                status: int = 200, retry_after: int = 0) -> HTMLResponse:
    response = HTMLResponse("")
    token = codec_of(request).login_token(request, response)
    page = render("login.html", UI(None, lang, request.url.path),
                  LoginPage(token, page_next, email, error, -(-retry_after // 60)), status=status,
                  headers={"Retry-After": str(retry_after)} if retry_after else None)
    page.raw_headers += [h for h in response.raw_headers if h[0] == b"set-cookie"]
    return page


def _lang(value: object) -> str:
    return value if isinstance(value, str) and value in accounts.LANGS else "de"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: Annotated[str, Query(max_length=500)] = "",
               lang: Annotated[str, Query(max_length=2)] = "de") -> HTMLResponse:
    """The login form (German unless `?lang=en`)."""
    return _login_page(request, _lang(lang), safe_next(next))


@router.post("/login", response_model=None)
async def login(request: Request) -> Response:
    """Check the password; on success a new session cookie and off to where the user was going.
    Failed logins are limited per IP and per account (429 with Retry-After, the same answer
    whether or not the account exists)."""
    form = await request.form()
    email, password = str(form.get("email") or "")[:320], str(form.get("password") or "")[:1000]
    target, lang = safe_next(str(form.get("next") or "")), _lang(form.get("lang"))
    if not same_token(request.cookies.get(LOGIN_CSRF_COOKIE), str(form.get("csrf") or "")):
        return _login_page(request, lang, target, email, "The form has expired. Please try again.",
                           status=403)
    throttle = throttle_of(request)
    try:  # the password hash takes about 0.1 s of CPU: in a worker thread, not on the event
        # loop, where it held up every chat turn and live stream of this worker meanwhile
        found = await run_in_threadpool(_check_password, request, email, password)
    except RateLimited as exc:
        return _login_page(request, lang, target, email, TOO_MANY, status=429,
                           retry_after=exc.retry_after)
    if found is None:
        return _login_page(request, lang, target, email, "Wrong email or password.", status=401)
    user_id, epoch = found
    throttle.succeeded(request, email)
    response = RedirectResponse(target, status_code=303)
    codec_of(request).issue(response, user_id, epoch)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/console")
    return response


def _check_password(request: Request, email: str, password: str) -> tuple[int, int] | None:
    """The user's id and session epoch if the password is theirs, else None (counted as a
    failed login); raises RateLimited after too many failures."""
    throttle = throttle_of(request)
    throttle.check(request, email)
    with session_scope(services_of(request).db) as session:
        user = accounts.authenticate(session, email=email, password=password)
        if user is None:
            throttle.failed(request, email)
            return None
        assert user.id is not None
        return user.id, user.session_epoch


@router.post("/logout")
def logout(request: Request, viewer: PostDep) -> RedirectResponse:
    """End every session of the user and drop the cookie."""
    with session_scope(services_of(request).db) as session:
        user = session.get(UserRow, viewer.id)
        if user is not None:
            accounts.end_sessions(session, user)
    response = RedirectResponse("/console/login", status_code=303)
    codec_of(request).clear(response)
    return response


@router.post("/settings/lang")
async def set_lang(request: Request, viewer: PostDep) -> RedirectResponse:
    """Switch the viewer's interface language (kept on the user)."""
    form = await request.form()
    with session_scope(services_of(request).db) as session:
        user = session.get(UserRow, viewer.id)
        assert user is not None
        try:
            accounts.set_lang(session, user, str(form.get("lang") or ""))
        except accounts.UserError as exc:
            raise ConsoleError(422, str(exc)) from None
    return RedirectResponse(safe_next(str(form.get("next") or "")), status_code=303)
