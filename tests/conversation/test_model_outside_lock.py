"""A responder that takes its time (a model) answers while no lock is held: other turns go on
meanwhile, and what changed meanwhile is re-checked before the reply is stored."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.conversation import turn
from bot.conversation.responder import TurnInput, TurnOutput
from bot.conversation.templates import TemplateResponder
from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import Lead, MessageRow
from tests.conftest import make_services


class SlowResponder:
    """Stands in for a model: runs `meanwhile(call number)` while it "thinks", then says
    which call answered."""

    name = "slow"

    def __init__(self, meanwhile: Callable[[int], None]) -> None:
        self.meanwhile = meanwhile
        self.calls: list[TurnInput] = []

    def respond(self, turn_input: TurnInput) -> TurnOutput:
        self.calls.append(turn_input)
        self.meanwhile(len(self.calls))
        text = TemplateResponder().respond(turn_input).text
        return TurnOutput(f"[model {len(self.calls)}] {text}", engine="slow")


def _rows(engine: Engine, conversation_id: str) -> list[MessageRow]:
    with Session(engine) as session:
        return list(session.exec(select(MessageRow).where(
            MessageRow.conversation_id == conversation_id).order_by(MessageRow.seq)))  # type: ignore[arg-type]


def _replies(rows: list[MessageRow], message_id: str) -> list[str]:
    return [r.text for r in rows if r.role == "bot" and r.reply_to == message_id]


def test_other_conversations_go_on_while_the_model_answers(db_engine: Engine) -> None:
    plain = make_services(db_engine)
    other = turn.start_conversation(plain, channel="web", lang="de", lead_fields={}, context={})
    finished: list[turn.TurnResult] = []

    def meanwhile(_call: int) -> None:  # on SQLite, a lock held now would stall this turn
        with ThreadPoolExecutor(max_workers=1) as pool:
            finished.append(pool.submit(turn.handle_message, plain, conversation_id=other.conversation_id,
                                        token=other.token, text="Ich bin der Inhaber.").result(timeout=20))

    slow = replace(plain, responder=SlowResponder(meanwhile))
    started = turn.start_conversation(plain, channel="web", lang="de", lead_fields={}, context={})
    result = turn.handle_message(slow, conversation_id=started.conversation_id, token=started.token,
                                 text="Wir sind ein Steuerbüro und verlieren Anfragen.")
    assert finished and finished[0].reply
    assert result.reply is not None and result.reply.startswith("[model 1]")
    rows = _rows(db_engine, started.conversation_id)
    assert [r.role for r in rows] == ["bot", "lead", "bot"]
    assert rows[2].reply_to == rows[1].id and rows[2].text == result.reply


def test_a_message_answered_while_the_model_thinks_keeps_its_one_reply(db_engine: Engine) -> None:
    plain = make_services(db_engine)
    started = turn.start_conversation(plain, channel="web", lang="en", lead_fields={}, context={})
    with session_scope(plain.db) as session:  # stored, not yet answered (as after a crash)
        message_id = repo.add_message(session, conversation_id=started.conversation_id,
                                      role="lead", text="We are a tax office.").id

    def meanwhile(call: int) -> None:  # another worker answers it first
        if call == 1:
            turn.answer(plain, conversation_id=started.conversation_id, message_id=message_id)

    slow = replace(plain, responder=SlowResponder(meanwhile))
    result = turn.answer(slow, conversation_id=started.conversation_id, message_id=message_id)
    replies = _replies(_rows(db_engine, started.conversation_id), message_id)
    assert len(replies) == 1 and not replies[0].startswith("[model")
    assert result.reply == replies[0]  # the lead is shown the stored reply


def test_a_record_changed_while_the_model_thinks_is_asked_again(db_engine: Engine) -> None:
    plain = make_services(db_engine)
    started = turn.start_conversation(plain, channel="web", lang="de", lead_fields={}, context={})

    def meanwhile(call: int) -> None:  # a setter corrects the lead's name during the first call
        if call == 1:
            with session_scope(plain.db) as session:
                lead = session.get(Lead, started.lead_id)
                assert lead is not None
                lead.name = "Frau Berger"
                session.add(lead)

    responder = SlowResponder(meanwhile)
    slow = replace(plain, responder=responder)
    result = turn.handle_message(slow, conversation_id=started.conversation_id, token=started.token,
                                 text="Wir sind ein Steuerbüro und verlieren Anfragen.")
    assert [c.lead_name for c in responder.calls] == [None, "Frau Berger"]
    assert result.reply is not None and result.reply.startswith("[model 2]")
    rows = _rows(db_engine, started.conversation_id)
    assert [r.role for r in rows] == ["bot", "lead", "bot"] and rows[2].text == result.reply


def test_the_model_is_asked_once_per_message_of_a_backlog(db_engine: Engine) -> None:
    plain = make_services(db_engine)
    started = turn.start_conversation(plain, channel="web", lang="de", lead_fields={}, context={})
    ids = []
    with session_scope(plain.db) as session:  # two messages a crash left unanswered
        for text in ("Wir sind ein Steuerbüro.", "Ich bin der Inhaber."):
            ids.append(repo.add_message(session, conversation_id=started.conversation_id,
                                        role="lead", text=text).id)
    responder = SlowResponder(lambda _call: None)
    result = turn.answer(replace(plain, responder=responder), conversation_id=started.conversation_id,
                         message_id=ids[1])
    assert [c.messages[-1].text for c in responder.calls] == ["Wir sind ein Steuerbüro.",
                                                               "Ich bin der Inhaber."]
    rows = _rows(db_engine, started.conversation_id)
    assert [r.role for r in rows] == ["bot", "lead", "lead", "bot", "bot"]
    assert _replies(rows, ids[0]) == [rows[3].text] and _replies(rows, ids[1]) == [rows[4].text]
    assert result.reply == rows[4].text


def test_a_model_greets_while_other_conversations_go_on(db_engine: Engine) -> None:
    plain = make_services(db_engine)
    other = turn.start_conversation(plain, channel="web", lang="de", lead_fields={}, context={})
    finished: list[turn.TurnResult] = []

    def meanwhile(_call: int) -> None:
        with ThreadPoolExecutor(max_workers=1) as pool:
            finished.append(pool.submit(turn.handle_message, plain, conversation_id=other.conversation_id,
                                        token=other.token, text="Ich bin der Inhaber.").result(timeout=20))

    slow = replace(plain, responder=SlowResponder(meanwhile))
    started = turn.start_conversation(slow, channel="web", lang="de", lead_fields={}, context={})
    assert finished and finished[0].reply
    assert started.reply is not None and started.reply.startswith("[model 1]")
    rows = _rows(db_engine, started.conversation_id)
    assert [(r.seq, r.role, r.text) for r in rows] == [(1, "bot", started.reply)]
