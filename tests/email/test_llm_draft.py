"""Drafts worded by the configured LLM responder (a scripted stand-in through the same seam)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout

from sqlalchemy import Engine
from sqlmodel import select

from bot.conversation import turn
from bot.conversation.responder import LLMCall, TurnInput, TurnOutput
from bot.email import drafts
from bot.email.ingest import ingest_raw
from bot.store.db import session_scope
from bot.store.models import LLMCallRow, MessageRow
from tests.conftest import make_services, make_settings


class ScriptedResponder:
    """Answers every turn with one fixed text, as an LLM responder would."""

    name = "llm"

    def __init__(self) -> None:
        self.turns: list[TurnInput] = []

    def respond(self, turn: TurnInput) -> TurnOutput:
        self.turns.append(turn)
        call = LLMCall("scripted", 10, 5, 1.0, "ok")
        return TurnOutput(text="Danke für die Details! Wer entscheidet bei Ihnen darüber?",
                          calls=[call], engine="llm")


MAIL = ("From: Jana Vogt <jana@vogt-praxis.de>\r\nTo: team@setter.example\r\nSubject: Re: Termin\r\n"
        "Date: Mon, 30 Nov 2026 09:15:00 +0100\r\nMessage-ID: <llm1@vogt-praxis.de>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Klingt gut. Wir verlieren viele Anrufe, weil die Rezeption überlastet ist.\r\n")


def test_the_llm_words_the_draft_and_its_call_is_logged(db_engine: Engine) -> None:
    services = make_services(db_engine)
    responder = ScriptedResponder()
    services.responder = responder
    result = ingest_raw(services, MAIL.encode(), settings=make_settings())
    assert result.draft_id is not None
    [turn] = responder.turns
    assert turn.channel == "email" and "Rezeption" in turn.messages[-1].text
    with session_scope(db_engine) as session:
        draft = drafts.get_draft(session, result.draft_id)
        assert draft.body.startswith("Guten Tag Jana Vogt,")
        assert "Wer entscheidet bei Ihnen darüber?" in draft.body and "LLM" in draft.reason
        assert [c.model for c in session.exec(select(LLMCallRow))] == ["scripted"]


def test_without_an_llm_the_templates_write_it(db_engine: Engine) -> None:
    result = ingest_raw(make_services(db_engine), MAIL.encode(), settings=make_settings())
    with session_scope(db_engine) as session:
        draft = drafts.get_draft(session, result.draft_id or "")
        assert "Vielen Dank für Ihre Antwort" in draft.body or "vielen Dank" in draft.body
        assert "LLM" not in draft.reason


class SlowResponder(ScriptedResponder):
    """ScriptedResponder that lets `meanwhile` run in another thread while it "thinks", and
    notes whether that work got through (it waits at most 5 s for it)."""

    def __init__(self, meanwhile: Callable[[], object]) -> None:
        super().__init__()
        self.meanwhile = meanwhile
        self.got_through: list[bool] = []

    def respond(self, asked: TurnInput) -> TurnOutput:
        pool = ThreadPoolExecutor(max_workers=1)
        work = pool.submit(self.meanwhile)
        try:
            work.result(timeout=5)
            self.got_through.append(True)
        except FuturesTimeout:  # it waits for a lock the caller holds: it goes on after
            self.got_through.append(False)
        finally:
            pool.shutdown(wait=False)
        return super().respond(asked)


def test_the_lead_chats_on_while_the_llm_words_its_email_draft(db_engine: Engine) -> None:
    """The model is asked with no lock held: the lead's chat message is answered while the
    model words the draft of its email reply (before, the reply's transaction held the lead,
    and on SQLite every writer, until the model answered)."""
    chat = make_services(db_engine)
    started = turn.start_conversation(chat, channel="web", lang="de", context={},
                                      lead_fields={"email": "jana@vogt-praxis.de"})
    services = make_services(db_engine)
    services.responder = responder = SlowResponder(lambda: turn.handle_message(
        chat, conversation_id=started.conversation_id, token=started.token,
        text="Ich bin die Inhaberin der Praxis."))
    result = ingest_raw(services, MAIL.encode(), settings=make_settings())
    assert result.lead_id == started.lead_id and responder.got_through == [True]
    with session_scope(db_engine) as session:
        draft = drafts.get_draft(session, result.draft_id or "")
        assert "Wer entscheidet bei Ihnen darüber?" in draft.body and "LLM" in draft.reason
        said = [m.text for m in session.exec(select(MessageRow).where(
            MessageRow.conversation_id == started.conversation_id, MessageRow.role == "lead"))]
    assert said == ["Ich bin die Inhaberin der Praxis."]


def test_a_draft_the_setter_edits_while_the_llm_words_it_keeps_the_setters_words(
        db_engine: Engine) -> None:
    def edit() -> None:
        with session_scope(db_engine) as session:
            [draft] = drafts.list_drafts(session)
            drafts.edit_draft(session, draft.id, actor="setter@example.com",
                              body="Liebe Frau Vogt, ich rufe Sie morgen an.")

    services = make_services(db_engine)
    services.responder = responder = SlowResponder(edit)
    result = ingest_raw(services, MAIL.encode(), settings=make_settings())
    assert responder.got_through == [True]
    with session_scope(db_engine) as session:
        draft = drafts.get_draft(session, result.draft_id or "")
        assert draft.body == "Liebe Frau Vogt, ich rufe Sie morgen an."
        assert "LLM" not in draft.reason
        assert [c.model for c in session.exec(select(LLMCallRow))] == ["scripted"]  # still logged
