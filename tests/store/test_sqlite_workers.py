"""SQLite shared by several processes (`setter serve --workers N`): writers of different
processes take turns through a lock file, and a chat turn holds SQLite's write lock only while
it writes. Two engines on one file stand for two workers: each has its own gate and its own
lock file handle, as two processes have."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from bot.conversation import turn
from bot.conversation.wiring import Services
from bot.leads import events
from bot.store import db as store_db
from bot.store.db import make_engine, session_scope
from bot.store.models import Lead, MessageRow
from bot.store.sqlite_gate import GatedCursor, ProcessLock
from tests.conftest import make_services


@pytest.fixture
def two_workers(sqlite_template: Path, tmp_path: Path,
                monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Services, Services]]:
    """Services of two "workers" on one SQLite file. SQLite's own wait is off, so a writer
    that met another process's write lock instead of waiting for its turn would fail at
    once ("database is locked"); a wait for this process's gate gives up after 1 s."""
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.0)
    monkeypatch.setattr(store_db, "GATE_TIMEOUT_S", 1.0)
    path = tmp_path / "setter.db"
    path.write_bytes(sqlite_template.read_bytes())
    engines = make_engine(f"sqlite:///{path}"), make_engine(f"sqlite:///{path}")
    yield make_services(engines[0]), make_services(engines[1])
    for engine in engines:
        engine.dispose()


def _during_extraction(monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], None]) -> None:
    """Run `meanwhile` once, in the middle of the next turn (after its reads, before its
    writes), as another worker's request would run."""
    original = turn._extract_new
    done: list[bool] = []

    def extract_then(*args: Any, **kwargs: Any) -> Any:
        if not done:
            done.append(True)
            meanwhile()
        return original(*args, **kwargs)

    monkeypatch.setattr(turn, "_extract_new", extract_then)


def _messages(engine: Engine, conversation_id: str) -> list[MessageRow]:
    with Session(engine) as session:
        return list(session.exec(select(MessageRow).where(
            MessageRow.conversation_id == conversation_id).order_by(MessageRow.seq)))  # type: ignore[arg-type]


def test_a_lock_file_lets_one_holder_in_at_a_time(tmp_path: Path) -> None:
    first, second = ProcessLock(str(tmp_path / "w.lock")), ProcessLock(str(tmp_path / "w.lock"))
    assert first.acquire(timeout=1)
    assert not second.acquire(timeout=0.05)
    threading.Timer(0.1, first.release).start()
    assert second.acquire(timeout=5)  # in as soon as the first lets go
    assert not first.acquire(timeout=0.01)
    second.release()


def test_a_writer_waits_for_another_processes_transaction_instead_of_failing(
        two_workers: tuple[Services, Services]) -> None:
    one, other = two_workers
    holding = one.db.connect()
    holding.exec_driver_sql("BEGIN IMMEDIATE")  # worker one is writing
    threading.Timer(0.3, holding.rollback).start()
    started = turn.start_conversation(other, channel="web", lang="de", lead_fields={}, context={})
    holding.close()
    with Session(other.db) as session:
        assert session.get(Lead, started.lead_id) is not None


def test_a_turn_leaves_the_database_to_other_writers_until_it_writes(
        two_workers: tuple[Services, Services], monkeypatch: pytest.MonkeyPatch) -> None:
    one, other = two_workers
    started = turn.start_conversation(one, channel="web", lang="de", lead_fields={}, context={})
    written: list[int] = []

    def other_worker_writes() -> None:
        with other.db.begin() as connection:  # fails if the turn held the write lock
            written.append(connection.execute(text(
                "UPDATE blacklist_rules SET reason = reason WHERE 1 = 0")).rowcount)

    _during_extraction(monkeypatch, other_worker_writes)
    result = turn.handle_message(one, conversation_id=started.conversation_id,
                                 token=started.token, text="Ich bin der Inhaber.")
    assert written == [0] and result.reply


def test_a_conversation_answered_meanwhile_by_another_worker_keeps_its_order(
        two_workers: tuple[Services, Services], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    one, other = two_workers
    started = turn.start_conversation(one, channel="web", lang="de", lead_fields={}, context={})
    ids = {"conversation_id": started.conversation_id, "token": started.token}
    _during_extraction(monkeypatch, lambda: turn.handle_message(
        other, **ids, text="Wir sind ein Steuerbüro mit acht Leuten."))
    with caplog.at_level(logging.ERROR):
        first = turn.handle_message(one, **ids, text="Ich bin der Inhaber.")
    assert first.reply
    failed = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not failed  # run again under the lock, not failed and recovered
    rows = _messages(one.db, started.conversation_id)
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert [r.text for r in rows if r.role == "lead"] == [
        "Wir sind ein Steuerbüro mit acht Leuten.", "Ich bin der Inhaber."]
    seq = {r.id: r.seq for r in rows}
    replies = [r for r in rows if r.role == "bot" and r.reply_to]
    assert sorted(r.reply_to for r in replies) == sorted(r.id for r in rows if r.role == "lead")
    assert all(r.seq == seq[r.reply_to] + 1 for r in replies)  # each right after its message
    assert rows[-1].text == first.reply


def test_an_event_recorded_meanwhile_by_another_worker_stays_in_the_score(
        two_workers: tuple[Services, Services], monkeypatch: pytest.MonkeyPatch) -> None:
    one, other = two_workers
    started = turn.start_conversation(one, channel="web", lang="de", lead_fields={}, context={})

    def webinar() -> None:
        with session_scope(other.db) as session:
            events.ingest_batch(session, [(started.lead_id, events.EventIn(
                "webinar_attended", datetime.now(UTC)))], other.model)

    _during_extraction(monkeypatch, webinar)
    turn.handle_message(one, conversation_id=started.conversation_id, token=started.token,
                        text="Ich bin der Inhaber.")
    with Session(one.db) as session:
        lead = session.get(Lead, started.lead_id)
        assert lead is not None and lead.score is not None
        rules = {reason["rule"] for reason in lead.score["reasons"]}
    assert "engagement.webinar_attended" in rules  # the turn's score did not overwrite it
    assert "engagement.chat_message" in rules


def test_sqlite_alone_would_refuse_the_other_worker_at_once(
        two_workers: tuple[Services, Services]) -> None:
    """The fixture's premise: past the gates, the second worker's write fails at once."""
    one, other = two_workers
    holding = one.db.connect()
    holding.exec_driver_sql("BEGIN IMMEDIATE")
    raw = other.db.raw_connection()
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            sqlite3.Cursor(raw.driver_connection).execute("BEGIN IMMEDIATE")  # type: ignore[arg-type]
    finally:
        raw.close()
        holding.rollback()
        holding.close()


def _runs_and_row_reads(monkeypatch: pytest.MonkeyPatch) -> tuple[list[bool], list[str]]:
    """Filled as turns go: each run of a turn (True: under the lock), and each statement that
    reads a conversation's row with its lead's."""
    runs: list[bool] = []
    reads: list[str] = []
    original = turn._store_and_answer

    def counted(*args: Any, **kwargs: Any) -> Any:
        runs.append(kwargs["lock"])
        return original(*args, **kwargs)

    execute = GatedCursor.execute  # every statement of the store's SQLite connections

    def statement(cursor: GatedCursor, sql: str, *args: Any) -> GatedCursor:
        if "FROM conversations JOIN leads" in sql:
            reads.append(sql)
        return execute(cursor, sql, *args)

    monkeypatch.setattr(turn, "_store_and_answer", counted)
    monkeypatch.setattr(GatedCursor, "execute", statement)
    return runs, reads


SAID = ("Wir sind ein Steuerbüro mit acht Leuten.", "Ich bin der Inhaber.", "So 500 Euro im Monat.")


def test_a_turn_nobody_disturbed_reads_its_row_once_and_runs_once_without_the_lock(
        two_workers: tuple[Services, Services], monkeypatch: pytest.MonkeyPatch) -> None:
    """Nobody else committed between the unlocked read and the write lock (SQLite's
    data_version, read just before the row, is the same under the lock): the row is not read
    again."""
    one, _ = two_workers
    started = turn.start_conversation(one, channel="web", lang="de", lead_fields={},
                                      context={"utm_source": "newsletter"})
    runs, reads = _runs_and_row_reads(monkeypatch)
    for said in SAID:
        turn.handle_message(one, conversation_id=started.conversation_id, token=started.token,
                            text=said)
    assert runs == [False, False, False]
    assert len(reads) == 3


def test_a_turn_another_worker_wrote_beside_reads_its_row_again_and_runs_once(
        two_workers: tuple[Services, Services], monkeypatch: pytest.MonkeyPatch) -> None:
    """Another worker committed meanwhile, to another conversation: the row read again under
    the lock compares equal to the one read before it (JSON columns and timestamps included),
    so the turn is not run a second time."""
    one, other = two_workers
    started = turn.start_conversation(one, channel="web", lang="de", lead_fields={},
                                      context={"utm_source": "newsletter"})
    for said in SAID[:2]:  # the lead's score, facts and state filled
        turn.handle_message(one, conversation_id=started.conversation_id, token=started.token,
                            text=said)
    _during_extraction(monkeypatch, lambda: turn.start_conversation(
        other, channel="web", lang="de", lead_fields={}, context={}))
    runs, reads = _runs_and_row_reads(monkeypatch)
    reply = turn.handle_message(one, conversation_id=started.conversation_id,
                                token=started.token, text=SAID[2]).reply
    assert runs == [False]
    assert len(reads) == 2  # read, and read again under the lock
    assert reply and _messages(one.db, started.conversation_id)[-1].text == reply
