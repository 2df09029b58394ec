"""A turn's writes are held to its end, on PostgreSQL sent as one statement
(bot.store.held_writes); what is stored and what the turn reads back must be the same as
writing each at once."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.clock import utcnow
from bot.store import direct_sql, held_writes, repo, turn_sql
from bot.store.db import session_scope
from bot.store.models import Conversation, EventRow, MessageRow


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The statements direct_sql sends, in order."""
    statements: list[str] = []
    run = direct_sql.run_arguments

    def counted(connection: Any, plan: Any, arguments: Any, **options: Any) -> list[Any]:
        statements.append(plan.sql)
        return run(connection, plan, arguments, **options)

    monkeypatch.setattr(direct_sql, "run_arguments", counted)
    return statements


def _conversation(engine: Engine) -> tuple[str, str]:
    with session_scope(engine) as session:
        lead = repo.create_lead(session, lang="de", fields={}, context={})
        conversation = repo.create_conversation(session, lead_id=lead.id, channel="api",
                                                lang="de", token="t")
        return lead.id, conversation.id


def _event(session: Session, lead_id: str, kind: str) -> None:
    turn_sql.insert_row(session, turn_sql.EVENTS, {
        "lead_id": lead_id, "type": kind, "external_id": None, "occurred_at": utcnow(),
        "props": {"n": 1}, "created_at": utcnow()})


def test_a_turns_writes_go_as_one_statement_on_postgresql(db_engine: Engine,
                                                          sent: list[str]) -> None:
    lead_id, conversation_id = _conversation(db_engine)
    sent.clear()
    with session_scope(db_engine) as session, held_writes.holding(session):
        _event(session, lead_id, "chat_message")
        turn_sql.insert_message(session, conversation_id=conversation_id, seq=1, role="bot",
                                text="Hallo!")
        turn_sql.update_row(session, turn_sql.CONVERSATIONS, conversation_id, {"last_seq": 1})
    postgres = db_engine.dialect.name == "postgresql"
    assert len(sent) == (1 if postgres else 3)
    with Session(db_engine) as session:
        assert [m.text for m in session.exec(select(MessageRow))] == ["Hallo!"]
        assert [e.props for e in session.exec(select(EventRow))] == [{"n": 1}]
        stored = session.get(Conversation, conversation_id)
        assert stored is not None and stored.last_seq == 1


def test_a_read_in_the_block_sees_what_was_held(db_engine: Engine) -> None:
    lead_id, _ = _conversation(db_engine)
    with session_scope(db_engine) as session, held_writes.holding(session):
        _event(session, lead_id, "page_view")
        assert [e.type for e in session.exec(select(EventRow))] == ["page_view"]  # the ORM
        _event(session, lead_id, "chat_message")
    with Session(db_engine) as session:
        assert sorted(e.type for e in session.exec(select(EventRow))) == ["chat_message",
                                                                          "page_view"]


def test_an_update_of_a_held_row_is_folded_into_its_insert(db_engine: Engine,
                                                           sent: list[str]) -> None:
    _, conversation_id = _conversation(db_engine)
    sent.clear()
    with session_scope(db_engine) as session, held_writes.holding(session):
        message_id = turn_sql.insert_message(session, conversation_id=conversation_id, seq=1,
                                             role="lead", text="Hallo")
        turn_sql.mark_handled(session, message_id=message_id, at=utcnow(),
                              extracted={"c": []})
    assert len(sent) == 1  # one INSERT, on either store
    with Session(db_engine) as session:
        stored = session.get(MessageRow, message_id)
        assert stored is not None and stored.handled_at is not None
        assert stored.extracted == {"c": []} and stored.text == "Hallo"


def test_nothing_held_is_written_when_the_block_fails(db_engine: Engine) -> None:
    lead_id, _ = _conversation(db_engine)
    with pytest.raises(RuntimeError), session_scope(db_engine) as session, \
            held_writes.holding(session):
        _event(session, lead_id, "chat_message")
        raise RuntimeError("a failing turn")
    with Session(db_engine) as session:
        assert list(session.exec(select(EventRow))) == []


def test_a_long_held_statement_is_parsed_by_psycopg_once(db_engine: Engine,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The held writes of a turn are one statement of many parameters, which psycopg by
    default parses anew on every execution (more than 50 parameters): it is parsed once."""
    if db_engine.dialect.name != "postgresql":
        pytest.skip("psycopg parses statements on PostgreSQL only")
    from psycopg import _queries  # noqa: PLC0415 - PostgreSQL only

    parsed: list[bytes] = []
    uncached = _queries._query2pg_nocache

    def counted(query: bytes, encoding: str) -> Any:
        parsed.append(query)
        return uncached(query, encoding)

    monkeypatch.setattr(_queries, "_query2pg_nocache", counted)
    lead_id, conversation_id = _conversation(db_engine)
    for turn in range(3):
        with session_scope(db_engine) as session, held_writes.holding(session):
            _event(session, lead_id, "chat_message")
            for n in range(8):  # 8 x 7 parameters
                turn_sql.insert_message(session, conversation_id=conversation_id,
                                        seq=turn * 8 + n + 1, role="bot", text=f"{turn}.{n}")
    assert parsed == []
    with Session(db_engine) as session:
        assert len(list(session.exec(select(MessageRow)))) == 24


def test_rows_numbered_by_the_database_keep_the_order_they_were_written_in(
        db_engine: Engine) -> None:
    """Events (like score snapshots and stage transitions) are read in the order of their
    key, which the database counts: two held in one turn keep the order of the code."""
    lead_id, _conversation_id = _conversation(db_engine)
    with session_scope(db_engine) as session, held_writes.holding(session):
        for kind in ("first", "second", "third"):
            _event(session, lead_id, kind)
    with Session(db_engine) as session:
        assert [e.type for e in session.exec(select(EventRow).order_by(EventRow.id))] == [
            "first", "second", "third"]


def test_rows_of_one_table_go_as_one_insert_on_sqlite(db_engine: Engine,
                                                      sent: list[str]) -> None:
    """A turn's lead message and its reply are one INSERT on SQLite, even with other writes
    held between them (on PostgreSQL everything is one statement anyway)."""
    lead_id, conversation_id = _conversation(db_engine)
    sent.clear()
    with session_scope(db_engine) as session, held_writes.holding(session):
        asked = turn_sql.insert_message(session, conversation_id=conversation_id, seq=1,
                                        role="lead", text="Wir brauchen eine Website.")
        _event(session, lead_id, "chat_message")
        turn_sql.insert_message(session, conversation_id=conversation_id, seq=2, role="bot",
                                text="Bis wann?", reply_to=asked)
    assert len(sent) == (1 if db_engine.dialect.name == "postgresql" else 2)
    with Session(db_engine) as session:
        stored = session.exec(select(MessageRow).order_by(MessageRow.seq)).all()
        assert [(m.role, m.text, m.reply_to) for m in stored] == [
            ("lead", "Wir brauchen eine Website.", None), ("bot", "Bis wann?", asked)]


def test_prepared_writes_are_sent_first_and_later_writes_after_them(db_engine: Engine,
                                                                   sent: list[str]) -> None:
    """`prepare` builds the held writes without sending them (a turn then takes SQLite's
    write lock); a write after it is not held but sent at once, after the prepared ones."""
    _, conversation_id = _conversation(db_engine)
    sent.clear()
    with session_scope(db_engine) as session, held_writes.holding(session):
        turn_sql.insert_message(session, conversation_id=conversation_id, seq=1, role="bot",
                                text="Hallo!")
        held_writes.prepare(session)
        assert sent == []
        turn_sql.update_row(session, turn_sql.CONVERSATIONS, conversation_id, {"last_seq": 1})
        assert [" ".join(s.split()[:3]) for s in sent] == [
            "INSERT INTO messages", "UPDATE conversations SET"]
    with Session(db_engine) as session:
        assert [m.text for m in session.exec(select(MessageRow))] == ["Hallo!"]
        stored = session.get(Conversation, conversation_id)
        assert stored is not None and stored.last_seq == 1
