"""Failed console logins are limited per client IP and per account.

Only failures count: a login is refused (429 with Retry-After) before its password is looked at
once either counter is used up, and a successful login forgets the account's failures. The
account key is a hash of the normalised email, counted whether or not such a user exists, so
the answer never tells which accounts exist. Counters live in the app's limiter (Redis when
SETTER_REDIS_URL is set, shared by every worker; off with SETTER_RATE_LIMITS=off).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from starlette.requests import Request

from bot.settings import Settings
from web.ratelimit import Limiter, client_ip, limiter_of

SCOPE_IP = "console-login-ip"
SCOPE_ACCOUNT = "console-login-account"


def account_key(email: str) -> str:
    """The account's counter key: no address is stored in the limiter's storage."""
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class LoginThrottle:
    """The two rules, e.g. "30/15 minutes" per IP and "10/15 minutes" per account."""

    per_ip: str
    per_account: str

    @classmethod
    def from_settings(cls, settings: Settings, limiter: Limiter) -> LoginThrottle:
        """The configured rules, checked at start-up (a typo fails there, not at a login)."""
        for rule in (settings.login_ip_limit, settings.login_account_limit):
            limiter.item(rule)
        return cls(settings.login_ip_limit, settings.login_account_limit)

    def check(self, request: Request, email: str) -> None:
        """Raise RateLimited when this IP or this account has failed too often lately."""
        limiter = limiter_of(request)
        limiter.check(self.per_ip, SCOPE_IP, client_ip(request))
        limiter.check(self.per_account, SCOPE_ACCOUNT, account_key(email))

    def failed(self, request: Request, email: str) -> None:
        """Count a failed login against the IP and the account."""
        limiter = limiter_of(request)
        limiter.hit(self.per_ip, SCOPE_IP, client_ip(request))
        limiter.hit(self.per_account, SCOPE_ACCOUNT, account_key(email))

    def succeeded(self, request: Request, email: str) -> None:
        """A good login forgets the account's failures (the IP's stay counted)."""
        limiter_of(request).clear(self.per_account, SCOPE_ACCOUNT, account_key(email))


def throttle_of(request: Request) -> LoginThrottle:
    """The app's login throttle."""
    throttle: LoginThrottle = request.app.state.login_throttle
    return throttle
