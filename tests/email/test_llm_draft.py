"""Drafts worded by the configured LLM responder (a scripted stand-in through the same seam)."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import select

from bot.conversation.responder import LLMCall, TurnInput, TurnOutput
from bot.email import drafts
from bot.email.ingest import ingest_raw
from bot.store.db import session_scope
from bot.store.models import LLMCallRow
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
