"""The turn's lock reads the conversation and its lead as plain values and makes the ORM
objects itself: they must be the objects a query loads, persistent, and flush changes."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, inspect
from sqlmodel import Session

from bot.store import repo, turn_sql
from bot.store.db import session_scope
from bot.store.models import Conversation, Lead


def _columns(row: Any) -> dict[str, Any]:
    return {key: (value, type(value)) for key, value in vars(row).items()
            if key != "_sa_instance_state"}


def _stored(engine: Engine) -> tuple[str, str]:
    with session_scope(engine) as session:
        lead = repo.create_lead(session, lang="en", fields={"email": "a@b.de", "name": "Ä"},
                                context={"reactivate_on": "2026-05-01T08:00:00+00:00"})
        lead.score = {"total": 3, "parts": {"fit": 1.5}}
        lead.flags = ["urgent"]
        conversation = repo.create_conversation(session, lead_id=lead.id, channel="api",
                                                lang="en", token="t")
        conversation.asked = {"asks": {"need": 1}, "last": "need"}
        conversation.last_seq = 4
        return conversation.id, lead.id


def test_locked_objects_are_those_a_query_loads(db_engine: Engine) -> None:
    conversation_id, lead_id = _stored(db_engine)
    with Session(db_engine) as session:
        expected = _columns(session.get(Conversation, conversation_id)), _columns(session.get(Lead, lead_id))
    with session_scope(db_engine) as session:
        conversation, lead = repo.lock_conversation_and_lead(session, conversation_id=conversation_id)
        assert conversation is not None and lead is not None
        assert (_columns(conversation), _columns(lead)) == expected
        assert lead.reactivate_on == datetime(2026, 5, 1, 8, tzinfo=UTC)
        for row in (conversation, lead):
            assert inspect(row).persistent and row in session and not session.dirty
        assert session.get(Lead, lead_id) is lead  # in the identity map
        # the ORM query (a session already holding objects) returns the same
        assert repo.lock_conversation_and_lead(session, conversation_id=conversation_id) == (
            conversation, lead)
        assert (_columns(conversation), _columns(lead)) == expected


def test_changes_to_locked_objects_are_flushed(db_engine: Engine) -> None:
    conversation_id, lead_id = _stored(db_engine)
    with session_scope(db_engine) as session:
        conversation, lead = repo.lock_conversation_and_lead(session, conversation_id=conversation_id)
        assert conversation is not None and lead is not None
        conversation.status = "close"
        lead.context = {}  # the before_update hook recomputes reactivate_on
        lead.next_action = {"kind": "reactivate", "due": "2026-06-01T00:00:00+00:00"}
    with Session(db_engine) as session:
        stored_conversation = session.get(Conversation, conversation_id)
        stored_lead = session.get(Lead, lead_id)
        assert stored_conversation is not None and stored_lead is not None
        assert stored_conversation.status == "close" and stored_conversation.last_seq == 4
        assert stored_lead.reactivate_on == datetime(2026, 6, 1, tzinfo=UTC)
        assert stored_lead.flags == ["urgent"] and stored_lead.name == "Ä"


def test_no_such_conversation(db_engine: Engine) -> None:
    with session_scope(db_engine) as session:
        assert repo.lock_conversation_and_lead(session, conversation_id="nope") == (None, None)


def test_the_lock_takes_the_write_lock_on_sqlite(sqlite_engine: Engine) -> None:
    conversation_id, _ = _stored(sqlite_engine)
    with session_scope(sqlite_engine) as session:
        repo.lock_conversation_and_lead(session, conversation_id=conversation_id)
        dbapi = session.connection().connection.dbapi_connection
        assert dbapi.in_transaction and dbapi._holding  # type: ignore[union-attr]
        other = sqlite_engine.raw_connection()
        try:  # BEGIN IMMEDIATE: another connection cannot write meanwhile
            other.execute("PRAGMA busy_timeout=0")  # type: ignore[attr-defined]
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                sqlite3.Connection.execute(other.driver_connection, "BEGIN IMMEDIATE")  # type: ignore[arg-type]
        finally:
            other.close()


@pytest.mark.postgres
def test_unsynced_commit_is_set_for_the_transaction_alone(db_engine: Engine) -> None:
    if db_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    with session_scope(db_engine) as session:
        turn_sql.unsynced_commit(session)
        assert session.connection().exec_driver_sql("SHOW synchronous_commit").scalar() == "off"
    with session_scope(db_engine) as session:
        assert session.connection().exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
