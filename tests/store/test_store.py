"""The store behaves the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import Engine, inspect

from bot.store import repo
from bot.store.db import migrate, session_scope
from bot.store.models import FactRow, Lead

EXPECTED_TABLES = {"leads", "conversations", "messages", "facts", "events", "score_snapshots",
                   "stage_transitions", "llm_calls", "blacklist_rules", "webhook_deliveries"}


def _lead_with_conversation(engine: Engine) -> tuple[str, str]:
    with session_scope(engine) as session:
        lead = repo.create_lead(session, lang="de", fields={"email": "a@b.de", "bogus": 1}, context={})
        convo = repo.create_conversation(session, lead_id=lead.id, channel="web", lang="de", token="t")
        return lead.id, convo.id


def test_migrations_create_every_table_and_are_idempotent(db_engine: Engine) -> None:
    migrate(db_engine)
    assert set(inspect(db_engine).get_table_names()) >= EXPECTED_TABLES


def test_messages_keep_their_order_and_timezone(db_engine: Engine) -> None:
    _, convo_id = _lead_with_conversation(db_engine)
    berlin = timezone(timedelta(hours=1))
    with session_scope(db_engine) as session:
        for i, text in enumerate(["eins", "zwei", "drei"]):
            repo.add_message(session, conversation_id=convo_id, role="lead", text=text,
                             at=datetime(2026, 3, 10, 10, i, tzinfo=berlin))
    with session_scope(db_engine) as session:
        rows = repo.messages_of(session, conversation_id=convo_id)
    assert [r.text for r in rows] == ["eins", "zwei", "drei"]
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].created_at == datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    assert rows[0].created_at.tzinfo is not None


def test_a_newer_fact_supersedes_the_older_and_history_stays(db_engine: Engine) -> None:
    lead_id, convo_id = _lead_with_conversation(db_engine)
    with session_scope(db_engine) as session:
        msg = repo.add_message(session, conversation_id=convo_id, role="lead",
                               text="so 5k, Korrektur: eher 8k")
        old = repo.add_fact(session, fact=FactRow(lead_id=lead_id, slot="budget", quote="5k",
                                                  value={"has_budget": True, "min": 5000, "max": 5000},
                                                  message_id=msg.id, span_start=3, span_end=5))
        new = repo.add_fact(session, fact=FactRow(lead_id=lead_id, slot="budget", quote="eher 8k",
                                                  value={"has_budget": True, "min": 8000, "max": 8000},
                                                  message_id=msg.id, span_start=18, span_end=25))
        old_id, new_id = old.id, new.id
    with session_scope(db_engine) as session:
        current = repo.current_facts(session, lead_id=lead_id)
        history = repo.fact_history(session, lead_id=lead_id)
    assert current["budget"].id == new_id
    assert current["budget"].value["min"] == 8000
    assert {f.id: f.superseded_by for f in history} == {old_id: new_id, new_id: None}


def test_json_columns_round_trip(db_engine: Engine) -> None:
    lead_id, _ = _lead_with_conversation(db_engine)
    with session_scope(db_engine) as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None and lead.email == "a@b.de"
        lead.flags = ["opt_out"]
        lead.score = {"total": 42, "band": "warm", "parts": {"bant": 25}, "reasons": []}
        session.add(lead)
    with session_scope(db_engine) as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        assert lead.flags == ["opt_out"] and lead.score["parts"] == {"bant": 25}


def test_leads_sort_by_score_and_filter_by_band(db_engine: Engine) -> None:
    with session_scope(db_engine) as session:
        for total, band in [(10, "cold"), (90, "hot"), (55, "warm"), (85, "hot")]:
            lead = repo.create_lead(session, lang="en", fields={}, context={})
            lead.score_total, lead.score_band = total, band
    with session_scope(db_engine) as session:
        hot = repo.list_leads(session, band="hot", stage=None, sort="-score", limit=50, offset=0)
        everyone = repo.list_leads(session, band=None, stage=None, sort="score", limit=2, offset=1)
    assert [lead.score_total for lead in hot] == [90, 85]
    assert [lead.score_total for lead in everyone] == [55, 85]


def test_token_is_stored_only_as_a_hash(db_engine: Engine) -> None:
    with session_scope(db_engine) as session:
        lead = repo.create_lead(session, lang="de", fields={}, context={})
        convo = repo.create_conversation(session, lead_id=lead.id, channel="web", lang="de",
                                         token="s3cret-token")
        assert "s3cret" not in convo.token_hash
        assert repo.token_matches(convo, "s3cret-token")
        assert not repo.token_matches(convo, "other") and not repo.token_matches(convo, None)


def test_records_sum_llm_tokens_per_lead_across_conversations(db_engine: Engine) -> None:
    from bot.conversation.responder import LLMCall
    from bot.leads.view import lead_records

    with session_scope(db_engine) as session:
        talker = repo.create_lead(session, lang="de", fields={}, context={})
        quiet = repo.create_lead(session, lang="de", fields={}, context={})
        for token in ("a", "b"):
            convo = repo.create_conversation(session, lead_id=talker.id, channel="web",
                                             lang="de", token=token)
            repo.add_llm_calls(session, conversation_id=convo.id, message_id=None, calls=[
                LLMCall(model="m", prompt_tokens=100, completion_tokens=20, latency_ms=1.0,
                        outcome="ok")])
    with session_scope(db_engine) as session:
        records = lead_records(session, [session.get(Lead, talker.id), session.get(Lead, quiet.id)])
    assert [r["llm_tokens"] for r in records] == [240, 0]
