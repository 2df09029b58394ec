"""A lead written by a chat turn and by something else at the same moment keeps both writes."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from bot import privacy
from bot.clock import utcnow
from bot.conversation import turn
from bot.email import ingest as email_ingest
from bot.leads import events
from bot.leads.events import EventIn
from bot.leads.scorekeeper import Scorekeeper, rebuild_state
from bot.privacy import erase as erasure
from bot.store.db import session_scope
from bot.store.models import EventRow, FactRow, Lead, MessageRow
from tests.conftest import make_services, make_settings
from tests.interleave import turn_inside

ROUNDS = 12


def _assert_state_complete(engine: Engine, lead_id: str, model: Any) -> dict[str, int]:
    """The lead's stored engagement state counts every stored event, and its score is the
    one they give; returns the counts by event type."""
    with Session(engine) as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        kept = {name: summary["count"] for name, summary in lead.score_state["types"].items()}
        kept_total = lead.score_total
        rebuilt = rebuild_state(session, lead, model)
        assert kept == {name: summary.count for name, summary in rebuilt.types.items()}
        assert kept_total == Scorekeeper(model).refresh(session, lead).total
        session.rollback()
    return kept


def _chat(svc: turn.Services, started: turn.TurnResult, text: str) -> Callable[[], object]:
    return lambda: turn.handle_message(svc, conversation_id=started.conversation_id,
                                       token=started.token, text=text)


def test_a_chat_turn_during_an_event_batch_stays_in_the_lead_score(
        db_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """An email click is posted (as POST /api/v1/events stores a batch) and the lead's message
    comes just after the batch has loaded the lead, before it writes: the turn waits for the
    batch (or, if it could not, the batch waited 1 s for it). Both count, in the state and
    the score; before, on PostgreSQL, the turn saved the lead as it had read it, without the
    click."""
    svc = make_services(db_engine)
    started = turn.start_conversation(svc, channel="web", lang="de", lead_fields={}, context={})
    click = EventIn("email_clicked", utcnow() - timedelta(seconds=1), {"link": "preise"})
    with (turn_inside(monkeypatch, events, "load_leads", after=True,
                      run_turn=_chat(svc, started, "Wir sind fünf Leute im Büro.")),
          session_scope(db_engine) as session):
        events.ingest(session, [(started.lead_id, click)], svc.model)
    kept = _assert_state_complete(db_engine, started.lead_id, svc.model)
    assert kept == {"chat_started": 1, "email_clicked": 1, "chat_message": 1}


def _reply_mail(n: int) -> bytes:
    """A reply without a Date header: it counts as sent now, after everything the lead did
    before (a Date a second back would rebuild the state from the stored events instead)."""
    return (f"From: Jana Vogt <jana@vogt-praxis.de>\r\nTo: team@setter.example\r\n"
            f"Subject: Re: Ihre Anfrage\r\n"
            f"Message-ID: <writers{n}@vogt-praxis.de>\r\nContent-Type: text/plain; charset=utf-8"
            f"\r\n\r\nDanke, wir melden uns. Runde {n}.\r\n").encode()


def test_a_chat_turn_during_an_email_reply_stays_in_the_lead_score(
        db_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lead answers an email while it chats: the turn comes just after the reply's processing
    has loaded the lead and before it records the reply. Both the chat message and the reply
    received count; before, the reply saved the lead without the message (both stores)."""
    svc = make_services(db_engine)
    started = turn.start_conversation(svc, channel="web", lang="de", context={},
                                      lead_fields={"email": "jana@vogt-praxis.de"})
    with turn_inside(monkeypatch, email_ingest.events, "add_events",
                     run_turn=_chat(svc, started, "Wir sind fünf Leute in der Praxis.")):
        replied = email_ingest.ingest_raw(svc, _reply_mail(1), settings=make_settings())
    assert replied.lead_id == started.lead_id
    kept = _assert_state_complete(db_engine, started.lead_id, svc.model)
    assert kept == {"chat_started": 1, "chat_message": 1, "reply_received": 1}


def test_a_message_during_an_erasure_finds_the_lead_gone(
        db_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lead's message comes while its erasure runs, after the messages are deleted and
    before the conversations are: it waits for the erasure and is refused as unknown, and
    nothing of the lead is left. Before, the turn stored its message and the erasure failed on
    it (PostgreSQL, a foreign-key error), or the two deadlocked."""
    svc = make_services(db_engine)
    started = turn.start_conversation(svc, channel="web", lang="de", lead_fields={}, context={})
    _chat(svc, started, "Wir sind ein Steuerbüro und suchen eine Lösung.")()
    outcome: list[str] = []

    def message() -> None:
        try:
            _chat(svc, started, "Ich bin der Inhaber.")()
            outcome.append("answered")
        except turn.NotFound:
            outcome.append("refused")

    with (turn_inside(monkeypatch, erasure, "about", run_turn=message,
                      when=lambda table, *_: table.name == "conversations"),
          session_scope(db_engine) as session):
        assert privacy.erase_lead(session, started.lead_id, actor="test") is not None
    assert outcome == ["refused"]
    _assert_nothing_left(db_engine, started)


def _assert_nothing_left(engine: Engine, started: turn.TurnResult) -> None:
    with Session(engine) as session:
        left = {table.__tablename__: session.exec(
            select(func.count()).select_from(table).where(
                table.conversation_id == started.conversation_id if table is MessageRow
                else table.lead_id == started.lead_id)).one()
            for table in (MessageRow, FactRow, EventRow)}
    assert left == {"messages": 0, "facts": 0, "events": 0}


def _message_and_erase_at_once(svc: turn.Services, text: str) -> tuple[str, turn.TurnResult]:
    """A conversation with one exchange; then one more lead message and the lead's erasure at
    the same moment. Returns what the message got ("answered" or "refused") and the start."""
    started = turn.start_conversation(svc, channel="web", lang="de", lead_fields={}, context={})
    turn.handle_message(svc, conversation_id=started.conversation_id, token=started.token,
                        text="Wir sind ein Steuerbüro und suchen eine Lösung.")
    gate = Barrier(2)

    def message() -> str:
        gate.wait()
        try:
            turn.handle_message(svc, conversation_id=started.conversation_id,
                                token=started.token, text=text)
        except turn.NotFound:
            return "refused"
        return "answered"

    def erase() -> None:
        gate.wait()
        with session_scope(svc.db) as session:
            assert privacy.erase_lead(session, started.lead_id, actor="test") is not None

    with ThreadPoolExecutor(max_workers=2) as pool:
        said, erased = pool.submit(message), pool.submit(erase)
        erased.result(timeout=60)
        return said.result(timeout=60), started


def test_a_lead_erased_while_it_chats_keeps_nothing_of_the_chat(db_engine: Engine) -> None:
    """An erasure and a lead message at the same moment: the message is either answered before
    the erasure (and then erased with the rest) or refused as unknown; neither fails, and no
    message, fact or event of the lead is left."""
    svc = make_services(db_engine)
    for n in range(ROUNDS):
        said, started = _message_and_erase_at_once(svc, f"Ich bin der Inhaber, Runde {n}.")
        assert said in {"answered", "refused"}, f"round {n}"
        _assert_nothing_left(db_engine, started)
