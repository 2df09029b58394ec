"""Rate limits on the maintained `limits` library, shared between workers through Redis.

How to use it (the app calls `install(app, settings)` once; every route can then limit):

    from web.ratelimit import rate_limit, limiter_of, client_ip

    # as a dependency: 60 requests a minute per client IP on this route
    @router.get("/things", dependencies=[rate_limit("60/minute", scope="api-things")])

    # inline, with your own key (raises RateLimited, answered as 429)
    limiter_of(request).hit("20/minute", "widget-message", conversation_id)

- `Limiter.hit(rule: str, scope: str, *keys: str) -> None` counts one hit and raises
  `RateLimited(retry_after: int, rule: str)` when the rule (e.g. "20/minute", "5/second",
  "100/hour") is exceeded for that scope and keys.
- `Limiter.check(rule, scope, *keys)` raises the same without counting (refuse before work
  is done, count only failures with `hit`); `Limiter.clear(rule, scope, *keys)` forgets them.
- `rate_limit(rule: str, *, scope: str, key: Callable[[Request], str] = client_ip)` is a FastAPI
  dependency doing the same per request.
- Storage: Redis at `SETTER_REDIS_URL` when set (counters shared by every worker), else memory
  (per process). `SETTER_RATE_LIMITS=off` disables every limit. If Redis is unreachable the
  request is let through and the failure logged: a broken limiter must not take the API down.
- A refused request gets 429, `Retry-After: <seconds>` and the API's error body
  `{"error": {"code": "rate_limited", "message": ..., "details": {"retry_after": n}}}`.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from limits import RateLimitItem, parse, storage, strategies

from bot.settings import Settings
from web.errors import error_body

log = logging.getLogger(__name__)


class RateLimited(Exception):
    """A rule was exceeded; `retry_after` is the number of seconds until a hit is allowed."""

    def __init__(self, retry_after: int, rule: str) -> None:
        super().__init__(f"rate limit {rule} exceeded; retry in {retry_after} s")
        self.retry_after, self.rule = retry_after, rule


class Limiter:
    """Moving-window limits over one storage (Redis or memory); disabled when `enabled` is False."""

    def __init__(self, storage_uri: str = "memory://", *, enabled: bool = True) -> None:
        self.enabled = enabled
        self.storage_uri = storage_uri
        self._strategy = strategies.MovingWindowRateLimiter(storage.storage_from_string(storage_uri))
        self._items: dict[str, RateLimitItem] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> Limiter:
        """Redis when SETTER_REDIS_URL is set, memory otherwise; off with SETTER_RATE_LIMITS=off."""
        return cls(settings.redis_url or "memory://", enabled=settings.rate_limits != "off")

    @property
    def in_process(self) -> bool:
        """Whether counting a hit stays in this process (memory, or limits off): no network
        round trip that could hold up the caller."""
        return not self.enabled or self.storage_uri.startswith("memory://")

    def item(self, rule: str) -> RateLimitItem:
        """The parsed rule (cached); ValueError for a rule `limits` cannot read."""
        if rule not in self._items:
            self._items[rule] = parse(rule)
        return self._items[rule]

    def hit(self, rule: str, scope: str, *keys: str) -> None:
        """Count one hit; raise RateLimited when the rule is exceeded."""
        if not self.enabled:
            return
        self._refuse_unless(self._strategy.hit, rule, scope, *keys)

    def check(self, rule: str, scope: str, *keys: str) -> None:
        """Raise RateLimited when the rule is used up for these keys, without counting a hit
        (e.g. refuse a login before its password is looked at, count only failures)."""
        if self.enabled:
            self._refuse_unless(self._strategy.test, rule, scope, *keys)

    def clear(self, rule: str, scope: str, *keys: str) -> None:
        """Forget the hits counted for these keys (e.g. an account's failures after a login)."""
        if not self.enabled:
            return
        try:
            self._strategy.clear(self.item(rule), scope, *keys)
        except Exception:  # noqa: BLE001 - storage down: nothing to forget, say so
            log.exception("rate limit storage %s failed; counter not cleared", self.storage_uri)

    def _refuse_unless(self, allows: Callable[..., bool], rule: str, scope: str, *keys: str) -> None:
        item = self.item(rule)
        try:
            if allows(item, scope, *keys):
                return
            reset = self._strategy.get_window_stats(item, scope, *keys).reset_time
        except Exception:  # noqa: BLE001 - storage down: let the request through, say so
            log.exception("rate limit storage %s failed; request let through", self.storage_uri)
            return
        raise RateLimited(max(1, math.ceil(reset - time.time())), rule)

    def reset(self) -> None:
        """Forget every counter (tests, admin)."""
        self._strategy.storage.reset()


def limiter_of(request: Request) -> Limiter:
    """The app's limiter."""
    limiter: Limiter = request.app.state.limiter
    return limiter


def client_ip(request: Request) -> str:
    """The client's address as the server sees it (run uvicorn with --proxy-headers behind a proxy)."""
    return request.client.host if request.client else "unknown"


def rate_limit(rule: str, *, scope: str, key: Callable[[Request], str] = client_ip) -> Any:
    """A dependency that counts one hit per request under `scope` and `key(request)`."""

    def dependency(request: Request) -> None:
        limiter_of(request).hit(rule, scope, key(request))

    return Depends(dependency)


def too_many(exc: RateLimited, headers: dict[str, str] | None = None) -> JSONResponse:
    """The 429 response for a refused request."""
    body = error_body("rate_limited", f"too many requests; try again in {exc.retry_after} s",
                      {"retry_after": exc.retry_after})
    return JSONResponse(body, status_code=429,
                        headers={"Retry-After": str(exc.retry_after), **(headers or {})})


async def _handler(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RateLimited)
    return too_many(exc)


def install(app: FastAPI, settings: Settings) -> Limiter:
    """Put a limiter on `app.state.limiter` and answer RateLimited with 429."""
    limiter = Limiter.from_settings(settings)
    app.state.limiter = limiter
    app.add_exception_handler(RateLimited, _handler)
    return limiter
