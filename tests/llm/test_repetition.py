"""With an LLM the same reply rules hold: no sentence said twice in a conversation, no double
space, and the question the code appends comes in the deployment's German address and in a
phrasing not asked before (langchain's fake chat model stands in for the provider)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bot.conversation.responder import Decision, TurnInput
from bot.conversation.templates import TemplateResponder, sentences
from bot.llm.breaker import reset_breakers
from bot.llm.client import make_responder
from bot.types import Message
from tests.conftest import make_services, make_settings
from tests.conversation.chat_checks import SIE, reply_defects
from tests.llm.fakes import T0, ScriptedChatModel, reply_json, scripted, settings
from tests.web.test_api_conversation import say, start

ASKED = "Wer entscheidet bei dir darüber?"


@pytest.fixture(autouse=True)
def _fresh_breakers() -> None:
    reset_breakers()


def responder(model: ScriptedChatModel):  # noqa: ANN201 - the factory's protocol type
    return make_responder(settings(), TemplateResponder(), chat_model=model, sleep=lambda s: None)


def conversation(*bot_said: str, decision: Decision, address: str = "sie") -> TurnInput:
    """A turn after the bot said these messages, each answered by the lead."""
    messages: list[Message] = []
    for n, text in enumerate(bot_said):
        messages.append(Message("bot", text, T0 + timedelta(minutes=2 * n), id=f"b{n}"))
        messages.append(Message("lead", f"Antwort {n}", T0 + timedelta(minutes=2 * n + 1), id=f"l{n}"))
    return TurnInput(conversation_id="c1", lang="de", messages=messages,
                     facts={"budget": None, "authority": None, "need": None, "timing": None},
                     decision=decision, address=address)


def test_a_sentence_the_bot_said_before_is_left_out() -> None:
    model = scripted(reply_json("Danke für deine Nachricht!  Gut, dass du das sagst. " + ASKED))
    the_turn = conversation("Danke für deine Nachricht! Worum geht es dir?",
                            decision=Decision("ask", "authority", "test"), address="du")
    out = responder(model).respond(the_turn)
    assert out.engine == "llm"
    assert out.text == "Gut, dass du das sagst. " + ASKED
    assert "said earlier" in (out.calls[0].error or "")


def test_the_appended_question_says_du_and_is_not_asked_again() -> None:
    # The model acknowledges but asks nothing: the code adds the policy's question.
    model = scripted(*[reply_json(f"Alles klar, Punkt {n} ist notiert.") for n in range(3)])
    llm, said = responder(model), ["Hallo! Worum geht es dir?"]
    for _ in range(2):
        out = llm.respond(conversation(*said, decision=Decision("clarify", "budget", "test"),
                                       address="du"))
        assert out.engine == "llm" and out.text.endswith("?")
        assert not SIE.search(out.text), out.text
        said.append(out.text)
    questions = [s for text in said for s in sentences(text) if "?" in s]
    assert len(questions) == len(set(questions)), questions


def test_a_reply_that_only_repeats_falls_back_to_the_templates() -> None:
    model = scripted(reply_json(ASKED))
    out = responder(model).respond(conversation("Danke! " + ASKED, decision=Decision(
        "clarify", "authority", "test"), address="du"))
    assert out.engine == "deterministic"
    assert out.calls[-1].outcome == "fallback" and "repeats" in (out.calls[-1].error or "")
    assert ASKED not in out.text and out.text.endswith("?")


class Chatty(ScriptedChatModel):
    """A model with habits: the same opener every turn, a double space, and no question."""


@pytest.fixture
def llm_client(sqlite_engine: Engine, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    from web.app import create_app

    address = request.param
    opener = "Danke für deine Nachricht!" if address == "du" else "Danke für Ihre Nachricht!"
    replies = itertools.cycle([reply_json(f"{opener}  Das hilft mir weiter."),
                               reply_json(f"{opener} Verstehe."),
                               reply_json(f"{opener}  Das ist notiert.")])
    services = make_services(sqlite_engine)
    services.responder, services.address = responder(Chatty(messages=replies)), address
    with TestClient(create_app(make_settings(), services), raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("llm_client", ["sie", "du"], indirect=True)
def test_an_llm_conversation_over_the_api_repeats_nothing(llm_client: TestClient,
                                                          request: pytest.FixtureRequest) -> None:
    address = request.node.callspec.params["llm_client"]
    convo = start(llm_client, "de")
    replies = [convo["reply"]["text"]]
    for line in ["Wir brauchen eine neue Website für unsere Praxis.", "weiß ich noch nicht",
                 "keine Ahnung", "mal sehen", "hm", "vielleicht"]:
        replies.append(say(llm_client, convo, line)["reply"]["text"])
    assert not reply_defects(replies, "de", address), (reply_defects(replies, "de", address), replies)
