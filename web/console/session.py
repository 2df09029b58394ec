"""The console session: a signed, httponly, SameSite cookie carrying the user, the logout
epoch and the CSRF token. Nothing else is kept between requests."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

COOKIE = "setter_console"
LOGIN_CSRF_COOKIE = "setter_login_csrf"
MAX_AGE = 12 * 3600
PATH = "/console"


@dataclass(frozen=True)
class ConsoleSession:
    """Who is logged in (user id and session epoch) and the CSRF token of this session."""

    user_id: int
    epoch: int
    csrf: str


class SessionCodec:
    """Signs and reads session cookies with the server's session secret."""

    def __init__(self, secret: str, *, secure: bool) -> None:
        self._signer = URLSafeTimedSerializer(secret, salt="setter-console-session")
        self.secure = secure

    def issue(self, response: Response, user_id: int, epoch: int) -> ConsoleSession:
        """Set a fresh session cookie (new CSRF token) on the response."""
        session = ConsoleSession(user_id, epoch, secrets.token_urlsafe(24))
        value = self._signer.dumps([session.user_id, session.epoch, session.csrf])
        response.set_cookie(COOKIE, value, max_age=MAX_AGE, path=PATH, httponly=True,
                            samesite="lax", secure=self.secure)
        return session

    def read(self, request: Request) -> ConsoleSession | None:
        """The session in the request's cookie if its signature and age are good."""
        raw = request.cookies.get(COOKIE)
        if not raw:
            return None
        try:
            user_id, epoch, csrf = self._signer.loads(raw, max_age=MAX_AGE)
        except (BadSignature, ValueError, TypeError):
            return None
        if not (isinstance(user_id, int) and isinstance(epoch, int) and isinstance(csrf, str)):
            return None
        return ConsoleSession(user_id, epoch, csrf)

    def clear(self, response: Response) -> None:
        """Remove the session cookie."""
        response.delete_cookie(COOKIE, path=PATH, httponly=True, samesite="lax",
                               secure=self.secure)

    def login_token(self, request: Request, response: Response) -> str:
        """The login form's CSRF token (double-submit: the same value in a cookie)."""
        token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
        response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, path=PATH, httponly=True,
                            samesite="strict", secure=self.secure)
        return token


def same_token(expected: str | None, presented: str | None) -> bool:
    """Constant-time comparison of a CSRF token; a missing one never matches."""
    return bool(expected and presented) and hmac.compare_digest(str(expected), str(presented))
