"""Where the server computes a chat turn: on its event loop when nothing can make the turn
wait long (templates, SQLite or PostgreSQL on this host, no other writer), else in a worker
thread, so that a turn waiting for another writer or a network never holds up the server."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine

from bot.conversation.wiring import Services
from bot.sites import ensure_demo_site
from bot.store.db import on_this_host, write_gate
from tests.conftest import make_services, make_settings
from tests.web.test_rate_limits import REDIS_URL
from web.app import create_app


class _Responder:
    """The templates, noting whether each reply was computed on a thread running an event loop."""

    def __init__(self, respond: Any) -> None:
        self.inner = respond
        self.on_loop: list[bool] = []

    def respond(self, turn: Any) -> Any:
        try:
            asyncio.get_running_loop()
            self.on_loop.append(True)
        except RuntimeError:
            self.on_loop.append(False)
        return self.inner(turn)


def _serve(engine: Engine, **settings: Any) -> Iterator[tuple[TestClient, Services, _Responder]]:
    services = make_services(engine)
    noted = _Responder(services.responder.respond)
    services.responder.respond = noted.respond  # type: ignore[method-assign]
    # no reactivation sweep: a background writer at start-up would send the first turns to a
    # thread (rightly), which the tests below do not expect
    settings.setdefault("reactivation_interval", 0)
    with TestClient(create_app(make_settings(**settings), services)) as client:
        yield client, services, noted


@pytest.fixture
def served(db_engine: Engine) -> Iterator[tuple[TestClient, Services, _Responder]]:
    yield from _serve(db_engine)


def _start(client: TestClient) -> tuple[str, dict[str, str]]:
    started = client.post("/api/v1/conversations", json={"lang": "de"})
    assert started.status_code == 201
    body = started.json()
    return body["conversation_id"], {"Authorization": f"Bearer {body['token']}"}


def _converse(client: TestClient) -> None:
    conversation, auth = _start(client)
    reply = client.post(f"/api/v1/conversations/{conversation}/messages",
                        json={"text": "Wir sind ein Steuerbüro und brauchen Hilfe."}, headers=auth)
    assert reply.status_code == 200 and reply.json()["reply"]["text"]


def test_a_turn_that_cannot_wait_runs_on_the_loop(served: Any) -> None:
    client, services, noted = served
    _converse(client)
    # SQLite, or PostgreSQL on this host (the tests' database is at 127.0.0.1)
    assert noted.on_loop == [True, True]  # the greeting and the reply
    assert services.turn_would_not_wait() is (services.db.dialect.name == "sqlite")


def test_a_widget_turn_runs_where_an_api_turn_runs(db_engine: Engine,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ensure_demo_site(db_engine)
    for local in (True, False):
        monkeypatch.setattr("web.turns.on_this_host",
                            lambda engine, local=local: local or engine.dialect.name == "sqlite")
        for client, services, noted in _serve(db_engine):
            origin = {"Origin": "http://testserver"}
            started = client.post("/widget/v1/sites/demo/conversations", json={"lang": "de"},
                                  headers=origin).json()
            noted.on_loop.clear()  # (the widget's greeting is fixed text: no responder)
            reply = client.post(f"/widget/v1/sites/demo/conversations/{started['conversation_id']}"
                                "/messages", json={"text": "Wir sind ein Steuerbüro."},
                                headers={**origin, "Authorization": f"Bearer {started['token']}"})
            assert reply.status_code == 200 and "event: delta" in reply.text
            assert noted.on_loop == [local or services.db.dialect.name == "sqlite"]


def test_turns_waiting_for_a_database_across_the_network_run_in_threads(
        db_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("web.turns.on_this_host", lambda engine: engine.dialect.name == "sqlite")
    for client, services, noted in _serve(db_engine):
        _converse(client)
        assert noted.on_loop == [services.db.dialect.name == "sqlite"] * 2


def test_turns_wait_in_threads_for_limits_counted_in_redis(db_engine: Engine) -> None:
    for client, _services, noted in _serve(db_engine, redis_url=REDIS_URL):
        _converse(client)
        assert noted.on_loop == [False, False]  # a Redis that stops answering would hold the loop


@pytest.mark.parametrize(("url", "local"), [
    ("postgresql+psycopg://u@127.0.0.1:5432/db", True),
    ("postgresql+psycopg://u@localhost/db", True),
    ("postgresql+psycopg://u@[::1]:5432/db", True),
    ("postgresql+psycopg://u@/db", True),  # libpq's Unix socket
    ("postgresql+psycopg://u@/db?host=/var/run/postgresql", True),
    ("postgresql+psycopg://u@db.example.com/db", False),
    ("postgresql+psycopg://u@10.0.0.5:5432/db", False),
    ("postgresql+psycopg://u@/db?host=10.0.0.5", False),
    ("postgresql+psycopg://u@127.0.0.1,db2.example.com/db", False),  # a fallback host elsewhere
    ("sqlite:///var/setter.db", True),
])
def test_which_databases_answer_from_this_host(url: str, local: bool,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGHOST", raising=False)
    assert on_this_host(create_engine(url)) is local


def test_a_url_without_host_follows_pghost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGHOST", "db.example.com")
    assert on_this_host(create_engine("postgresql+psycopg://u@/other_db")) is False


@pytest.mark.parametrize("mode", ["always", "never"])
def test_the_setting_moves_turns_onto_the_loop_or_off_it(db_engine: Engine, mode: str) -> None:
    for client, _services, noted in _serve(db_engine, turns_on_loop=mode, redis_url=REDIS_URL):
        conversation, auth = _start(client)
        reply = client.post(f"/api/v1/conversations/{conversation}/messages",
                            json={"text": "Ich bin der Inhaber."}, headers=auth)
        assert reply.status_code == 200 and reply.json()["reply"]["text"]
        # "always": on the loop whatever the store, even with limits counted in Redis
        assert noted.on_loop == [mode == "always"] * 2


def test_a_turn_waiting_for_another_writer_leaves_the_server_free(served: Any) -> None:
    client, services, noted = served
    if services.db.dialect.name != "sqlite":
        pytest.skip("only SQLite has a process-wide write gate")
    conversation, auth = _start(client)
    gate = write_gate(services.db)
    assert gate is not None and gate.acquire(timeout=1)  # another writer's long transaction
    answered: list[Any] = []
    health: list[Any] = []
    lead = threading.Thread(target=lambda: answered.append(client.post(
        f"/api/v1/conversations/{conversation}/messages",
        json={"text": "Ich bin der Inhaber."}, headers=auth)))
    probe = threading.Thread(target=lambda: health.append(client.get("/healthz")))
    try:
        lead.start()
        time.sleep(0.2)  # the turn is waiting for the gate
        probe.start()
        probe.join(timeout=20)  # a turn holding the loop would block this until the release
        assert health and health[0].status_code == 200  # answered while the gate is held
        assert lead.is_alive() and not answered
    finally:
        gate.release()
        lead.join(timeout=30)
        probe.join(timeout=30)
    assert answered and answered[0].status_code == 200 and answered[0].json()["reply"]["text"]
    assert noted.on_loop[-1] is False  # computed in a worker thread


def test_anything_that_may_wait_keeps_the_turn_off_the_loop(sqlite_engine: Engine) -> None:
    services = make_services(sqlite_engine)
    assert services.turn_would_not_wait()
    gate = write_gate(sqlite_engine)
    assert gate is not None and gate.acquire(timeout=1)
    assert not services.turn_would_not_wait()  # another writer holds SQLite
    gate.release()
    assert services.slots.acquire(timeout=1)
    assert not services.turn_would_not_wait()  # another turn is being computed
    services.slots.release()
    services.responder = _Responder(services.responder.respond)  # type: ignore[assignment]  # a model, say
    assert not services.turn_would_not_wait()
