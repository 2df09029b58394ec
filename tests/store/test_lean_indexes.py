"""The indexes a chat turn writes are the ones something reads (migration 0010), and the
rows every turn adds get identifiers that sort by time. What the indexes guarantee stays:
one reply per lead message, one event per sender's id, the crash recovery finds its
messages; on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from bot.conversation import turn
from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import EventRow, MessageRow, new_id, ordered_id
from tests.conftest import make_services


def test_row_ids_are_unique_and_sort_by_the_time_they_were_made() -> None:
    made = [ordered_id() for _ in range(20_000)]
    assert len(set(made)) == len(made)
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in made)
    time.sleep(0.002)
    later = ordered_id()
    assert all(i < later for i in made)  # a later millisecond sorts after
    when = datetime.fromtimestamp(int(later[:12], 16) / 1000, UTC)
    assert abs((datetime.now(UTC) - when).total_seconds()) < 5
    assert len({new_id()[:12] for _ in range(50)}) == 50  # leads' and conversations' stay random


def test_a_turn_stores_messages_and_facts_under_time_ordered_ids(db_engine: Engine) -> None:
    svc = make_services(db_engine)
    started = turn.start_conversation(svc, channel="api", lang="de", lead_fields={}, context={})
    turn.handle_message(svc, conversation_id=started.conversation_id, token=started.token,
                        text="Wir sind ein Steuerbüro und verlieren Anfragen.")
    with session_scope(db_engine) as session:
        rows = repo.messages_of(session, conversation_id=started.conversation_id)
        facts = repo.current_facts(session, lead_id=started.lead_id)
    ids = [r.id for r in rows] + [f.id for f in facts.values()]
    assert len(rows) == 3 and facts
    for made in ids:
        when = datetime.fromtimestamp(int(made[:12], 16) / 1000, UTC)
        assert abs((datetime.now(UTC) - when).total_seconds()) < 60


def _message(conversation_id: str, seq: int, role: str, reply_to: str | None) -> MessageRow:
    return MessageRow(conversation_id=conversation_id, seq=seq, role=role, text="x",
                      reply_to=reply_to)


def test_a_lead_message_still_takes_one_reply_only(db_engine: Engine) -> None:
    svc = make_services(db_engine)
    started = turn.start_conversation(svc, channel="api", lang="de", lead_fields={}, context={})
    with session_scope(db_engine) as session:  # many messages answer nothing: allowed
        lead = _message(started.conversation_id, 10, "lead", None)
        session.add_all([lead, _message(started.conversation_id, 11, "lead", None)])
        session.flush()
        session.add(_message(started.conversation_id, 12, "bot", lead.id))
    with pytest.raises(IntegrityError), session_scope(db_engine) as session:
        session.add(_message(started.conversation_id, 13, "bot", lead.id))


def test_a_senders_event_id_is_still_stored_once(db_engine: Engine) -> None:
    svc = make_services(db_engine)
    started = turn.start_conversation(svc, channel="api", lang="de", lead_fields={}, context={})
    at = datetime.now(UTC)
    with session_scope(db_engine) as session:  # events without an id of their own: any number
        session.add_all([EventRow(lead_id=started.lead_id, type="page_view", occurred_at=at)
                         for _ in range(3)])
        session.add(EventRow(lead_id=started.lead_id, type="page_view", occurred_at=at,
                             external_id="evt-1"))
    with pytest.raises(IntegrityError), session_scope(db_engine) as session:
        session.add(EventRow(lead_id=started.lead_id, type="page_view", occurred_at=at,
                             external_id="evt-1"))


def test_the_indexes_a_turn_writes(db_engine: Engine) -> None:
    indexes = {table: {i["name"]: i for i in inspect(db_engine).get_indexes(table)}
               for table in ("messages", "leads", "events")}
    assert "ix_messages_conversation_id" not in indexes["messages"]  # (conversation, seq) serves
    assert "ix_messages_handled_at" not in indexes["messages"]
    assert {"ix_leads_score_total", "ix_leads_score_band"}.isdisjoint(indexes["leads"])
    assert {"ix_leads_score_id", "ix_leads_band_score"} <= set(indexes["leads"])
    dialect = db_engine.dialect.name
    with db_engine.connect() as connection:
        if dialect == "sqlite":
            found = dict(connection.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")).all())
        else:
            found = dict(connection.execute(text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")).all())
    partial = {"ix_messages_unhandled": "handled_at IS NULL",
               "ux_messages_reply_to": "reply_to IS NOT NULL",
               "ux_events_external_id": "external_id IS NOT NULL"}
    for name, condition in partial.items():
        assert condition.lower() in found[name].lower().replace("(", "").replace(")", "")
