"""Two server processes sharing Redis (SETTER_REDIS_URL) on one SQLite file: a setter's message
posted through one reaches the widget stream held by the other, and the per-conversation
message limit counts the messages of both."""

from __future__ import annotations

import queue
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.sites import ensure_demo_site
from bot.store.db import make_engine
from tests.conftest import API_KEY
from tests.live.test_bus import redis_or_skip
from tests.web.widget.servers import setter_server

SITE = "/widget/v1/sites/demo"


@pytest.fixture(scope="module")
def workers(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    redis_url = redis_or_skip()
    workdir = tmp_path_factory.mktemp("workers")
    database = workdir / "setter.db"
    shutil.copy(sqlite_template, database)
    url = f"sqlite:///{database}"
    engine = make_engine(url)
    ensure_demo_site(engine)
    engine.dispose()
    env = {"SETTER_REDIS_URL": redis_url, "SETTER_WIDGET_MESSAGE_LIMIT": "3/hour"}
    with setter_server(url, workdir, **env) as one, setter_server(url, workdir, **env) as two:
        yield one, two


def listen(base: str, conversation_id: str, token: str, lines: queue.Queue[str]) -> None:
    url = f"{base}{SITE}/conversations/{conversation_id}/stream"
    try:
        with httpx.stream("GET", url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as stream:
            for line in stream.iter_lines():
                lines.put(line)
    except httpx.HTTPError:
        pass


def test_a_setter_message_crosses_workers_through_redis(workers: tuple[str, str]) -> None:
    widget_worker, api_worker = workers
    convo = httpx.post(f"{widget_worker}{SITE}/conversations", json={"lang": "de"}).json()
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=listen, args=(widget_worker, convo["conversation_id"], convo["token"], lines),
                     daemon=True).start()
    assert lines.get(timeout=15).startswith("id: 1")  # caught up: the greeting
    api = f"{api_worker}/api/v1/conversations/{convo['conversation_id']}"
    taken = httpx.post(f"{api}/takeover", json={"who": "Ben"}, headers={"X-API-Key": API_KEY})
    assert taken.status_code == 200
    sent = httpx.post(f"{api}/human-messages", json={"text": "Hallo, hier ist Ben."},
                      headers={"X-API-Key": API_KEY})
    assert sent.status_code == 201
    seen = []
    while not any('"role": "human"' in line for line in seen):
        seen.append(lines.get(timeout=10))
    assert any("Hallo, hier ist Ben." in line for line in seen)


def test_the_message_limit_is_shared_by_the_workers(workers: tuple[str, str]) -> None:
    one, two = workers
    convo = httpx.post(f"{one}{SITE}/conversations", json={"lang": "de"}).json()
    headers = {"Authorization": f"Bearer {convo['token']}"}
    path = f"{SITE}/conversations/{convo['conversation_id']}/messages"
    codes = [httpx.post(f"{base}{path}", json={"text": f"Nachricht {n}"}, headers=headers,
                        timeout=30).status_code for n, base in enumerate((one, two, one, two))]
    assert codes == [200, 200, 200, 429]
