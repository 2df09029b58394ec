"""Where the server computes a chat turn: on its event loop when nothing can make the turn
wait (templates, SQLite, no other writer), else in a worker thread, so that a turn waiting
for another writer never holds up the rest of the server."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bot.conversation.wiring import Services
from bot.store.db import write_gate
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


def test_a_turn_that_cannot_wait_runs_on_the_loop_only_on_sqlite(served: Any) -> None:
    client, services, noted = served
    conversation, auth = _start(client)
    reply = client.post(f"/api/v1/conversations/{conversation}/messages",
                        json={"text": "Wir sind ein Steuerbüro und brauchen Hilfe."}, headers=auth)
    assert reply.status_code == 200 and reply.json()["reply"]["text"]
    sqlite = services.db.dialect.name == "sqlite"
    assert noted.on_loop == [sqlite, sqlite]  # the greeting and the reply
    assert services.turn_would_not_wait() is sqlite


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
