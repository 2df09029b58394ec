"""SIGKILL under load: the server (uvicorn, a subprocess, as in production) is killed with
SIGKILL while leads are sending messages, then started again on the same database.

Every acknowledged lead message is stored, once; every stored lead message has exactly one bot
reply, after it, never two; the reply a lead was shown is the stored one. The kill comes
after a number of acknowledged messages, while leads' messages are in flight. A templates
turn stores the message and its reply in one transaction, so a kill leaves no stored message
without a reply (what start-up recovery is for: a model's turns, and a turn that failed and
was stored in two steps; tests/conversation/test_order_recovery.py); nothing here is timed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, col, select

from bot.store.db import make_engine
from bot.store.models import Conversation, MessageRow
from tests.conftest import API_KEY, fresh_pg_database
from tests.web.widget.servers import spawn_setter, wait_healthy

LEADS = 12  # conversations sending at once
MESSAGES = 8  # each lead's messages before the kill (the kill comes long before the last)
KILL_AFTER = 20  # acknowledged messages (per round) before the SIGKILL
ROUNDS = 8  # kill and restart again if a kill came between two turns (turns are short: a
# kill often lands just after the one the poll saw)
TIMEOUT = 120.0  # seconds for one request on a loaded machine; a bound, not an assertion


@contextmanager
def server(database_url: str, workdir: Path,
           workers: int = 1) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """uvicorn in its own process group (so that SIGKILL reaches every worker)."""
    spawned = spawn_setter({"SETTER_DATABASE_URL": database_url, "SETTER_API_KEYS": API_KEY,
                            "SETTER_RATE_LIMITS": "off", "SETTER_REACTIVATION_INTERVAL": "0"},
                           workdir, workers=workers, start_new_session=True)
    proc = spawned.proc
    try:
        wait_healthy(spawned, TIMEOUT)
        yield proc, spawned.base
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)


def sigkill(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the server and its workers at once: no shutdown code runs."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)


@dataclass
class Load:
    """What the leads sent and what the server acknowledged (the reply each lead was shown)."""

    acknowledged: dict[str, str | None] = field(default_factory=dict)  # text -> reply shown
    sent: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    enough: threading.Event = field(default_factory=threading.Event)


def start(base: str, n: int) -> dict[str, str]:
    """A conversation; its id and token."""
    r = httpx.post(f"{base}/api/v1/conversations", json={"lang": "de", "lead": {"name": f"Lead {n}"}},
                   timeout=TIMEOUT)
    assert r.status_code == 201, r.text
    return r.json()


def send(base: str, convo: dict[str, str], text_: str) -> httpx.Response:
    return httpx.post(f"{base}/api/v1/conversations/{convo['conversation_id']}/messages",
                      json={"text": text_}, headers={"Authorization": f"Bearer {convo['token']}"},
                      timeout=TIMEOUT)


def lead(base: str, convo: dict[str, str], n: int, load: Load, round_: int) -> None:
    """One lead writing its messages one after the other until the server is gone."""
    lines = ["Wir sind eine Zahnarztpraxis und verpassen Anrufe.", "Ich bin die Inhaberin.",
             "So 400 Euro im Monat.", "Bis Ende März.", "Geht das auch am Wochenende?",
             "Wir haben drei Standorte.", "Was kostet das?", "Danke."]
    for i in range(MESSAGES):
        text_ = f"{lines[i % len(lines)]} (Lead {n}, Runde {round_}, Nachricht {i})"
        with load.lock:
            load.sent.append(text_)
        try:
            r = send(base, convo, text_)
        except httpx.HTTPError:  # killed under us: not acknowledged
            return
        assert r.status_code == 200, r.text
        with load.lock:
            reply = r.json()["reply"]
            load.acknowledged[text_] = reply["text"] if reply else None
            if len(load.acknowledged) >= KILL_AFTER * (round_ + 1):
                load.enough.set()


def unanswered(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            return len(session.exec(select(MessageRow).where(MessageRow.role == "lead",
                                                             col(MessageRow.handled_at).is_(None))).all())
    finally:
        engine.dispose()


def check_store(database_url: str, load: Load, conversation_ids: list[str]) -> None:
    """Every acknowledged message stored once; every lead message answered once, after it."""
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            ours = col(MessageRow.conversation_id).in_(conversation_ids)
            rows = session.exec(select(MessageRow).where(ours).order_by(
                col(MessageRow.conversation_id), col(MessageRow.seq))).all()
            conversations = session.exec(select(Conversation)
                                         .where(col(Conversation.id).in_(conversation_ids))).all()
    finally:
        engine.dispose()
    leads = [m for m in rows if m.role == "lead"]
    stored = [m.text for m in leads]
    for text_ in load.acknowledged:
        assert stored.count(text_) == 1, f"acknowledged message stored {stored.count(text_)} times: {text_}"
    assert all(t in load.sent or t.startswith("Noch eine Frage") for t in stored)
    replies: dict[str, list[MessageRow]] = {}
    for m in rows:
        if m.role == "bot" and m.reply_to:
            replies.setdefault(m.reply_to, []).append(m)
    for message in leads:
        answers = replies.get(message.id, [])
        assert len(answers) == 1, f"{len(answers)} replies to {message.text!r}"
        assert answers[0].conversation_id == message.conversation_id
        assert answers[0].seq > message.seq, "a reply sorts before the message it answers"
        assert message.handled_at is not None
        if message.text in load.acknowledged and load.acknowledged[message.text] is not None:
            assert answers[0].text == load.acknowledged[message.text], "the lead saw another reply"
    greetings = [m for m in rows if m.role == "bot" and m.reply_to is None]
    assert len(greetings) == len(conversation_ids)  # one greeting each, nothing else unlinked
    for conversation in conversations:
        seqs = [m.seq for m in rows if m.conversation_id == conversation.id]
        assert seqs == list(range(1, len(seqs) + 1))  # unique, in order, no gaps
        assert conversation.last_seq == len(seqs)


def kill_mid_load(proc: subprocess.Popen[bytes], load: Load) -> None:
    """SIGKILL once enough messages are acknowledged: the leads are still sending, so some
    of their messages are in flight (sent, no answer yet)."""
    assert load.enough.wait(TIMEOUT * 3), "the load never reached the kill point"
    sigkill(proc)


def in_flight(load: Load) -> int:
    """Messages sent and not acknowledged: what the kill cut off."""
    with load.lock:
        return sum(1 for text_ in load.sent if text_ not in load.acknowledged)


def run_kill_and_restart(database_url: str, workdir: Path, workers: int) -> None:
    load = Load()
    cut = 0
    for round_ in range(ROUNDS):  # until a kill cuts off messages in flight (almost always the first)
        with server(database_url, workdir, workers) as (proc, base):
            if not round_:
                convos = [start(base, n) for n in range(LEADS)]
            load.enough.clear()
            with ThreadPoolExecutor(LEADS) as pool:
                futures = [pool.submit(lead, base, c, n, load, round_) for n, c in enumerate(convos)]
                kill_mid_load(proc, load)
                for f in futures:
                    f.result()  # an assertion in a lead thread fails the test here
        cut = in_flight(load)
        left = unanswered(database_url)  # stored, not answered: none, whatever the kill cut off
        print(f"\nround {round_}: killed after {len(load.acknowledged)} acknowledged of "
              f"{len(load.sent)} sent; {cut} cut off in flight; {left} stored lead messages "
              "without a reply")
        assert left == 0, "a kill left a stored lead message without its reply"
        if cut:
            break
    assert cut > 0, f"no kill in {ROUNDS} rounds came while messages were in flight"
    assert len(load.sent) < LEADS * MESSAGES * ROUNDS  # killed mid-load, not after it
    ids = [c["conversation_id"] for c in convos]
    with server(database_url, workdir, workers) as (_, base):
        with ThreadPoolExecutor(LEADS) as pool:
            nexts = list(pool.map(lambda c: send(base, c, "Noch eine Frage: geht das auch per SMS?"), convos))
        assert [r.status_code for r in nexts] == [200] * LEADS
        assert all(r.json()["reply"] for r in nexts)
    check_store(database_url, load, ids)


def test_sigkill_under_load_on_sqlite(sqlite_template: Path, tmp_path: Path) -> None:
    database = tmp_path / "setter.db"
    shutil.copy(sqlite_template, database)
    run_kill_and_restart(f"sqlite:///{database}", tmp_path, workers=1)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A database of its own on the local PostgreSQL (the servers run in other processes)."""
    with fresh_pg_database("setter_kill") as url:
        yield url


@pytest.mark.postgres
def test_sigkill_under_load_on_postgres_with_two_workers(pg_url: str, tmp_path: Path) -> None:
    run_kill_and_restart(pg_url, tmp_path, workers=2)
