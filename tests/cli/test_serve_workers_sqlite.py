"""`setter serve --workers 2` on one SQLite file: chat turns from many leads at once, and two
messages at once to one conversation, all answered, every transcript in order."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from bot.cli.workers import spread_supported
from tests.cli.test_serve_workers import _children, _free_port, _healthy

pytestmark = pytest.mark.skipif(not spread_supported(), reason="needs SO_REUSEPORT")
PATH = "/api/v1/conversations"
TEXTS = ["Wir sind ein Steuerbüro und verlieren Anfragen.", "Ich bin der Inhaber.",
         "So 500 Euro im Monat.", "Bis Ende Juni."]


def test_two_workers_on_one_sqlite_file_answer_every_message_in_order(tmp_path: Path) -> None:
    port = _free_port()
    database = tmp_path / "serve.db"
    env = {**os.environ, "SETTER_DATABASE_URL": f"sqlite:///{database}",
           "SETTER_RATE_LIMITS": "off", "SETTER_REACTIVATION_INTERVAL": "0",
           "SETTER_SESSION_SECRET": "s" * 32}
    server = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli.main import main; main()", "serve", "--workers", "2",
         "--port", str(port)], env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while len(_children(server.pid)) < 2 or not _healthy(port):
            assert time.monotonic() < deadline and server.poll() is None, "server did not start"
            time.sleep(0.2)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}",
                          timeout=60, limits=httpx.Limits(max_connections=40)) as client:
            conversations = [client.post(PATH, json={"lang": "de"}).json() for _ in range(20)]

            def say(job: tuple[dict[str, str], str]) -> int:
                started, text = job
                return client.post(f"{PATH}/{started['conversation_id']}/messages", json={"text": text},
                                   headers={"Authorization": f"Bearer {started['token']}"}
                                   ).status_code

            jobs = [(c, text) for text in TEXTS for c in conversations]
            jobs += [(conversations[0], "Noch eine Frage."), (conversations[0], "Und noch eine.")]
            with ThreadPoolExecutor(max_workers=40) as pool:  # new connections: both workers
                statuses = list(pool.map(say, jobs))
        assert statuses == [200] * len(jobs)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT conversation_id, id, seq, role, reply_to FROM messages "
                          "ORDER BY conversation_id, seq").fetchall()
    by_conversation: dict[str, list[tuple[str, int, str, str | None]]] = {}
    for conversation_id, *row in rows:
        by_conversation.setdefault(conversation_id, []).append(tuple(row))  # type: ignore[arg-type]
    assert len(by_conversation) == 20
    for messages in by_conversation.values():
        assert [seq for _, seq, _, _ in messages] == list(range(1, len(messages) + 1))
        seq_of = {message_id: seq for message_id, seq, _, _ in messages}
        leads = [message_id for message_id, _, role, _ in messages if role == "lead"]
        replies = [(seq, reply_to) for _, seq, role, reply_to in messages if reply_to]
        assert sorted(reply_to for _, reply_to in replies) == sorted(leads)  # each answered once
        assert all(seq == seq_of[reply_to] + 1 for seq, reply_to in replies)
    assert sum(len(m) for m in by_conversation.values()) == 20 + 2 * len(jobs)
