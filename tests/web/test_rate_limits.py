"""Rate limits on the public conversation routes and the API-key routes: 429 + Retry-After,
configurable, off with SETTER_RATE_LIMITS=off, shared across workers through Redis."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.conftest import API_KEY, make_services, make_settings
from web.app import create_app

REDIS_URL = "redis://127.0.0.1:6379/15"


@contextmanager
def app_client(engine: Engine, **settings: object) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(**settings), make_services(engine))) as client:
        yield client


def assert_limited(response: object) -> None:
    assert response.status_code == 429, response.text  # type: ignore[attr-defined]
    assert int(response.headers["retry-after"]) >= 1  # type: ignore[attr-defined]
    assert response.json()["error"]["code"] == "rate_limited"  # type: ignore[attr-defined]


def test_conversation_starts_per_ip(sqlite_engine: Engine) -> None:
    with app_client(sqlite_engine, start_limit="3/hour") as client:
        codes = [client.post("/api/v1/conversations", json={}).status_code for _ in range(3)]
        assert codes == [201, 201, 201]
        assert_limited(client.post("/api/v1/conversations", json={}))


def test_messages_per_conversation(sqlite_engine: Engine) -> None:
    with app_client(sqlite_engine, message_limit="2/hour") as client:
        one, two = (client.post("/api/v1/conversations", json={}).json() for _ in range(2))

        def say(convo: dict[str, str]) -> object:
            return client.post(f"/api/v1/conversations/{convo['conversation_id']}/messages",
                               json={"text": "Wir sind ein Steuerbüro."},
                               headers={"Authorization": f"Bearer {convo['token']}"})

        assert [say(one).status_code for _ in range(2)] == [200, 200]  # type: ignore[attr-defined]
        assert_limited(say(one))
        assert say(two).status_code == 200  # type: ignore[attr-defined]


def test_messages_per_ip(sqlite_engine: Engine) -> None:
    with app_client(sqlite_engine, message_ip_limit="2/hour") as client:
        convos = [client.post("/api/v1/conversations", json={}).json() for _ in range(3)]
        codes = [client.post(f"/api/v1/conversations/{c['conversation_id']}/messages",
                             json={"text": "Hallo, wir sind ein Steuerbüro."},
                             headers={"Authorization": f"Bearer {c['token']}"}).status_code
                 for c in convos]
        assert codes == [200, 200, 429]


def test_api_key_routes(sqlite_engine: Engine) -> None:
    with app_client(sqlite_engine, api_key_limit="3/hour") as client:
        key = {"X-API-Key": API_KEY}
        assert [client.get("/api/v1/leads", headers=key).status_code for _ in range(3)] == [200] * 3
        assert_limited(client.get("/api/v1/blacklist", headers=key))


def test_guessing_api_keys_is_limited_per_address(sqlite_engine: Engine) -> None:
    """Missing or wrong keys count per client address; once used up, that address gets 429
    with Retry-After before its key is looked at (even a right one), other addresses do not."""
    with app_client(sqlite_engine, api_key_fail_limit="3/hour") as client:
        codes = [client.get("/api/v1/leads", headers={"X-API-Key": f"guess-{n}"}).status_code
                 for n in range(2)] + [client.get("/api/v1/leads").status_code]
        assert codes == [403, 403, 401]
        assert_limited(client.get("/api/v1/leads", headers={"X-API-Key": "guess-4"}))
        assert_limited(client.get("/api/v1/leads", headers={"X-API-Key": API_KEY}))
    with app_client(sqlite_engine, api_key_fail_limit="3/hour") as client:
        for _ in range(5):  # the right key never counts
            assert client.get("/api/v1/leads", headers={"X-API-Key": API_KEY}).status_code == 200


def test_limits_can_be_switched_off(sqlite_engine: Engine) -> None:
    with app_client(sqlite_engine, start_limit="1/hour", rate_limits="off") as client:
        assert [client.post("/api/v1/conversations", json={}).status_code
                for _ in range(3)] == [201, 201, 201]


def test_two_workers_share_the_counters_through_redis(sqlite_engine: Engine) -> None:
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("Redis not reachable at 127.0.0.1:6379 (.ci/run starts it)")
    key = f"key-{uuid.uuid4().hex}"  # counters in Redis outlive the test: a fresh key
    settings = {"api_keys": key, "api_key_limit": "4/hour", "redis_url": REDIS_URL}
    with app_client(sqlite_engine, **settings) as a, app_client(sqlite_engine, **settings) as b:
        headers = {"X-API-Key": key}
        codes = [(a if n % 2 else b).get("/api/v1/leads", headers=headers).status_code
                 for n in range(4)]
        assert codes == [200] * 4
        assert_limited(a.get("/api/v1/leads", headers=headers))
        assert_limited(b.get("/api/v1/leads", headers=headers))
