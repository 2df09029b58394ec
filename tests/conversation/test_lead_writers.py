"""A lead written by a chat turn and by something else at the same moment keeps both writes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier, Event
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from bot import privacy
from bot.clock import utcnow
from bot.conversation import turn
from bot.email import ingest
from bot.leads.events import EventIn, add_events
from bot.leads.scorekeeper import Scorekeeper, rebuild_state
from bot.store.db import session_scope
from bot.store.models import EventRow, FactRow, Lead, MessageRow
from tests.conftest import make_services, make_settings

ROUNDS = 12


def test_events_posted_during_turns_stay_in_the_lead_score(db_engine: Engine) -> None:
    """Each round posts a lead message and an email click for the same lead at once. However
    the two interleave, every stored event is in the lead's engagement state and its score:
    neither write may overwrite the other with what it read before the other committed."""
    svc = make_services(db_engine)
    started = turn.start_conversation(svc, channel="web", lang="de", lead_fields={}, context={})
    with Session(db_engine) as session:
        lead_id = session.exec(select(Lead.id)).one()
    gate = Barrier(2)

    def message(n: int) -> None:
        gate.wait()
        turn.handle_message(svc, conversation_id=started.conversation_id, token=started.token,
                            text=f"Wir sind {n + 2} Leute im Büro und suchen eine Lösung.")

    def click(n: int) -> None:
        gate.wait()
        with session_scope(db_engine) as session:
            lead = session.get(Lead, lead_id, with_for_update=True)
            assert lead is not None
            add_events(session, lead, [EventIn("email_clicked", utcnow() - timedelta(seconds=1),
                                               {"n": n})], svc.model)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for n in range(ROUNDS):
            for done in [pool.submit(message, n), pool.submit(click, n)]:
                done.result(timeout=60)
    with Session(db_engine) as session:
        stored = session.exec(select(func.count()).select_from(EventRow)
                              .where(EventRow.lead_id == lead_id)).one()
        lead = session.get(Lead, lead_id)
        assert lead is not None
        kept = {name: summary["count"] for name, summary in lead.score_state["types"].items()}
        kept_total = lead.score_total
        rebuilt = rebuild_state(session, lead, svc.model)
        assert sum(summary.count for summary in rebuilt.types.values()) == stored
        assert kept == {name: summary.count for name, summary in rebuilt.types.items()}
        assert kept_total == Scorekeeper(svc.model).refresh(session, lead).total
        session.rollback()


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
    has loaded the lead and before it records the reply. The turn waits for the reply (or, if
    it could not, the reply waited 1 s for it); either way the chat message and the reply
    received are both in the lead's state."""
    svc = make_services(db_engine)
    started = turn.start_conversation(svc, channel="web", lang="de", context={},
                                      lead_fields={"email": "jana@vogt-praxis.de"})
    loaded, answered = Event(), Event()
    record_reply = ingest.events.add_events

    def add_events_after_a_turn(*args: Any, **kwargs: Any) -> int:
        loaded.set()
        answered.wait(timeout=1)  # the turn cannot end while the reply holds the lead
        return record_reply(*args, **kwargs)

    monkeypatch.setattr(ingest.events, "add_events", add_events_after_a_turn)

    def message() -> None:
        assert loaded.wait(timeout=30)
        turn.handle_message(svc, conversation_id=started.conversation_id, token=started.token,
                            text="Wir sind fünf Leute in der Praxis.")
        answered.set()

    with ThreadPoolExecutor(max_workers=1) as pool:
        said = pool.submit(message)
        assert ingest.ingest_raw(svc, _reply_mail(1), settings=make_settings()).lead_id == started.lead_id
        said.result(timeout=30)
    with Session(db_engine) as session:
        lead = session.get(Lead, started.lead_id)
        assert lead is not None
        kept = {name: summary["count"] for name, summary in lead.score_state["types"].items()}
        assert kept == {"chat_started": 1, "chat_message": 1, "reply_received": 1}
        rebuilt = rebuild_state(session, lead, svc.model)
        assert kept == {name: summary.count for name, summary in rebuilt.types.items()}
        session.rollback()


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
        assert said in {"answered", "refused"}
        with Session(db_engine) as session:
            left = {table.__tablename__: session.exec(
                select(func.count()).select_from(table).where(
                    table.conversation_id == started.conversation_id if table is MessageRow
                    else table.lead_id == started.lead_id)).one()
                for table in (MessageRow, FactRow, EventRow)}
        assert left == {"messages": 0, "facts": 0, "events": 0}, f"round {n}"
