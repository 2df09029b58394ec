"""Rate limits: 429 with Retry-After and the API's error body, shared through Redis, and off
with SETTER_RATE_LIMITS=off."""

from __future__ import annotations

import uuid

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import make_settings
from tests.live.test_bus import redis_or_skip
from web import errors, ratelimit
from web.ratelimit import Limiter, RateLimited, rate_limit


def app_with(limits: str) -> FastAPI:
    app = FastAPI()
    errors.install(app)
    ratelimit.install(app, make_settings(rate_limits=limits))

    @app.get("/ping", dependencies=[rate_limit("2/minute", scope="ping")])
    def ping() -> dict[str, str]:
        return {"ok": "yes"}

    return app


def test_third_request_in_a_minute_gets_429_with_retry_after() -> None:
    client = TestClient(app_with("on"))
    assert [client.get("/ping").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/ping")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.json()["error"]["code"] == "rate_limited"
    assert refused.json()["error"]["details"]["retry_after"] == int(refused.headers["Retry-After"])


def test_limits_off_lets_everything_through() -> None:
    client = TestClient(app_with("off"))
    assert {client.get("/ping").status_code for _ in range(5)} == {200}


def test_keys_are_counted_apart() -> None:
    limiter = Limiter()
    limiter.hit("1/hour", "msg", "a")
    limiter.hit("1/hour", "msg", "b")
    with pytest.raises(RateLimited) as refused:
        limiter.hit("1/hour", "msg", "a")
    assert refused.value.retry_after >= 1


def test_redis_counters_are_shared_between_workers() -> None:
    url = redis_or_skip()
    key = uuid.uuid4().hex
    one, two = Limiter(url), Limiter(url)
    one.hit("2/hour", "shared", key)
    two.hit("2/hour", "shared", key)
    with pytest.raises(RateLimited):
        one.hit("2/hour", "shared", key)


def test_check_refuses_without_counting_and_clear_forgets() -> None:
    limiter = Limiter()
    for _ in range(5):
        limiter.check("1/hour", "login", "a")  # looking never uses the rule up
    limiter.hit("1/hour", "login", "a")
    with pytest.raises(RateLimited):
        limiter.check("1/hour", "login", "a")
    limiter.clear("1/hour", "login", "a")
    limiter.check("1/hour", "login", "a")
