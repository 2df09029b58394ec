"""Failed logins are limited per IP and per account: a clear 429 page with Retry-After, the same
answer whether or not the account exists, shared through Redis, off with SETTER_RATE_LIMITS=off.
The rules here are per hour: a run slowed down by load cannot outlast the window between hits."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.conftest import make_services, make_settings
from tests.live.test_bus import redis_or_skip
from tests.web.console.helpers import PASSWORD, add_user, soup

SECRET = "test-session-secret-0123456789"


def build(engine: Engine, **settings: object) -> FastAPI:
    from web.app import create_app

    return create_app(make_settings(session_secret=SECRET, **settings), make_services(engine))


@contextmanager
def running(app: FastAPI, ip: str = "203.0.113.7") -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False, client=(ip, 50000)) as client:
        yield client


def attempt(client: TestClient, email: str, password: str, lang: str = "de") -> Any:
    page = client.get(f"/console/login?lang={lang}")
    form = soup(page.text).find("form")
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("type") == "hidden"}
    return client.post("/console/login", follow_redirects=False,
                       data={**fields, "email": email, "password": password})


def alert(response: Any) -> str:
    return soup(response.text).find(role="alert").get_text(strip=True)


def assert_refused(response: Any) -> None:
    """429 with Retry-After, and the page says how many minutes that is (rounded up)."""
    assert response.status_code == 429, response.text
    retry_after = int(response.headers["retry-after"])
    assert 1 <= retry_after <= 3600
    assert response.headers["content-type"].startswith("text/html")
    assert alert(response) == ("Zu viele fehlgeschlagene Anmeldungen. "
                               f"Bitte in {-(-retry_after // 60)} Min. erneut versuchen.")
    assert "setter_console=" not in response.headers.get("set-cookie", "")


def test_an_account_is_locked_after_its_failures_even_for_the_right_password(
        sqlite_engine: Engine) -> None:
    add_user(sqlite_engine, "setter@example.com", "setter")
    add_user(sqlite_engine, "other@example.com", "setter")
    with running(build(sqlite_engine, login_account_limit="3/hour")) as client:
        codes = [attempt(client, "setter@example.com", "wrong password!").status_code
                 for _ in range(3)]
        assert codes == [401, 401, 401]
        assert_refused(attempt(client, "Setter@Example.com", PASSWORD))
        # the same IP may still log in to another account
        assert attempt(client, "other@example.com", PASSWORD).status_code == 303


def test_an_unknown_account_gets_exactly_the_same_answers(sqlite_engine: Engine) -> None:
    add_user(sqlite_engine, "setter@example.com", "setter")
    app = build(sqlite_engine, login_account_limit="2/hour")

    def answers(email: str) -> list[tuple[int, str]]:
        with running(app) as client:
            return [(r.status_code, alert(r)) for r in
                    (attempt(client, email, "wrong password!") for _ in range(3))]

    known, unknown = answers("setter@example.com"), answers("nobody@example.com")
    assert known == unknown
    assert [code for code, _ in known] == [401, 401, 429]


def test_an_ip_is_limited_across_accounts(sqlite_engine: Engine) -> None:
    add_user(sqlite_engine, "setter@example.com", "setter")
    app = build(sqlite_engine, login_ip_limit="4/hour")
    with running(app, "198.51.100.1") as client:
        codes = [attempt(client, f"guess{n}@example.com", "wrong password!").status_code
                 for n in range(4)]
        assert codes == [401] * 4
        assert_refused(attempt(client, "setter@example.com", PASSWORD))
    with running(app, "198.51.100.2") as elsewhere:
        assert attempt(elsewhere, "setter@example.com", PASSWORD).status_code == 303


def test_a_good_login_forgets_the_accounts_failures(sqlite_engine: Engine) -> None:
    add_user(sqlite_engine, "setter@example.com", "setter")
    with running(build(sqlite_engine, login_account_limit="3/hour")) as client:
        for _ in range(2):
            assert attempt(client, "setter@example.com", "wrong password!").status_code == 401
        assert attempt(client, "setter@example.com", PASSWORD).status_code == 303
        client.cookies.clear()
        codes = [attempt(client, "setter@example.com", "wrong password!").status_code
                 for _ in range(3)]
        assert codes == [401, 401, 401]


def test_the_message_is_in_the_login_pages_language(sqlite_engine: Engine) -> None:
    with running(build(sqlite_engine, login_account_limit="1/hour")) as client:
        first = attempt(client, "a@example.com", "wrong password!", lang="en")
        assert (first.status_code, alert(first)) == (401, "Wrong email or password.")
        refused = attempt(client, "a@example.com", "wrong password!", lang="en")
        assert refused.status_code == 429
        minutes = -(-int(refused.headers["retry-after"]) // 60)
        assert alert(refused) == f"Too many failed logins. Please try again in {minutes} min."
        assert soup(refused.text).find("html")["lang"] == "en"


def test_limits_off_never_refuse_a_login(sqlite_engine: Engine) -> None:
    add_user(sqlite_engine, "setter@example.com", "setter")
    with running(build(sqlite_engine, login_account_limit="1/hour", login_ip_limit="1/hour",
                       rate_limits="off")) as client:
        codes = [attempt(client, "setter@example.com", "wrong password!").status_code
                 for _ in range(4)]
        assert codes == [401] * 4
        assert attempt(client, "setter@example.com", PASSWORD).status_code == 303


def test_a_bad_rule_fails_at_start_not_at_a_login(sqlite_engine: Engine) -> None:
    with pytest.raises(ValueError):
        build(sqlite_engine, login_ip_limit="often")


def test_workers_share_the_counters_through_redis(sqlite_engine: Engine) -> None:
    url = redis_or_skip()
    email = f"{uuid.uuid4().hex}@example.com"  # Redis counters outlive the test: a fresh account
    add_user(sqlite_engine, email, "setter")
    settings = {"redis_url": url, "login_account_limit": "2/hour", "login_ip_limit": "1000/hour"}
    with running(build(sqlite_engine, **settings)) as one, \
            running(build(sqlite_engine, **settings)) as two:
        assert attempt(one, email, "wrong password!").status_code == 401
        assert attempt(two, email, "wrong password!").status_code == 401
        assert_refused(attempt(one, email, PASSWORD))
        assert_refused(attempt(two, email, PASSWORD))


def test_a_password_check_does_not_hold_up_other_requests(sqlite_engine: Engine,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 takes about 0.1 s a login: on the event loop it stalled every chat turn and live
    stream of the worker meanwhile. Here a check made slow (2 s) runs while others are
    answered."""
    from bot.users import accounts

    real = accounts._hasher

    class Slow:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def verify(self, hashed: str, password: str) -> bool:
            time.sleep(2.0)  # holds its thread, as the hash's CPU work does
            return real.verify(hashed, password)

    add_user(sqlite_engine, "setter@example.com", "setter")
    monkeypatch.setattr(accounts, "_hasher", Slow())
    with running(build(sqlite_engine)) as client:
        results: list[Any] = []
        login = threading.Thread(target=lambda: results.append(
            attempt(client, "setter@example.com", PASSWORD)))
        login.start()
        time.sleep(0.3)  # the login is in its password check now
        started = time.monotonic()
        assert client.get("/healthz").status_code == 200
        answered_in = time.monotonic() - started
        login.join()
    assert answered_in < 1.0  # on the loop it waited for the rest of the check: 1.7 s
    assert results[0].status_code == 303  # and the login went through
