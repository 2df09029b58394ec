"""The LLM responder through the production factory, with langchain's fake chat model."""

from __future__ import annotations

import openai
import pytest
from langchain_core.messages import AIMessage

from bot.conversation.grounding import ground_all
from bot.conversation.templates import TemplateResponder
from bot.llm.breaker import reset_breakers
from bot.llm.client import make_responder
from tests.llm.fakes import fact, reply_json, scripted, settings, status_error, timeout_error, turn


@pytest.fixture(autouse=True)
def _fresh_breakers() -> None:
    reset_breakers()


def responder(model, **overrides):
    return make_responder(settings(**overrides), TemplateResponder(), chat_model=model,
                          sleep=lambda seconds: None)


def test_one_call_returns_the_models_reply_and_a_grounded_normalised_fact() -> None:
    model = scripted(reply_json(
        "Danke, 3000 Euro im Monat sind notiert. Wer entscheidet bei Ihnen darüber?",
        [fact("budget", "so 3000 Euro im monat", has_budget=True, budget_min=3000,
              budget_max=3000, currency="EUR", period="month")],
    ))
    the_turn = turn("Wir planen so 3000 Euro im Monat ein.")
    out = responder(model).respond(the_turn)

    assert out.engine == "llm"
    assert out.text == "Danke, 3000 Euro im Monat sind notiert. Wer entscheidet bei Ihnen darüber?"
    assert model.calls == 1
    [call] = out.calls
    assert call.outcome == "ok" and call.model == "fake-model"
    assert call.prompt_tokens > 100 and call.completion_tokens > 10
    [budget] = out.proposals
    lead_text = the_turn.messages[budget.message_index].text
    assert lead_text[budget.span[0]:budget.span[1]] == budget.quote
    assert budget.value["min"] == budget.value["max"] == 3000
    assert budget.value["currency"] == "EUR" and budget.value["period"] == "month"
    assert budget.source == "llm"


def test_token_counts_come_from_the_provider_when_it_reports_them() -> None:
    answer = AIMessage(content="", tool_calls=[{
        "name": "TurnReply", "id": "call_1",
        "args": {"reply": "Verstehe. Bis wann soll es stehen?", "facts": [],
                 "wants_human": False, "opt_out": False, "off_topic": False}}],
        usage_metadata={"input_tokens": 812, "output_tokens": 57, "total_tokens": 869})
    out = responder(scripted(answer)).respond(turn("Wir brauchen ein neues CRM."))
    [call] = out.calls
    assert (call.prompt_tokens, call.completion_tokens) == (812, 57)
    assert out.text == "Verstehe. Bis wann soll es stehen?"


def test_an_invented_quote_is_passed_on_ungrounded_and_rejected_by_the_grounding() -> None:
    model = scripted(reply_json("Danke! Wer entscheidet?", [
        fact("budget", "Budget von 50.000 Euro", has_budget=True, budget_min=50000,
             budget_max=50000, currency="EUR", period="year")]))
    the_turn = turn("Wir suchen eine Lösung für unser Lager.")
    out = responder(model).respond(the_turn)
    accepted, rejected = ground_all(out.proposals, the_turn.messages)
    assert accepted == [] and rejected == 1


def test_a_grounded_quote_the_rules_cannot_read_keeps_the_checked_model_value() -> None:
    model = scripted(reply_json("Verstanden. Wer entscheidet mit?", [
        fact("timing", "wenn der Umbau durch ist", horizon="later", deadline=None),
        fact("authority", "mein Chef", authority_level="supreme_leader", role="Chef"),
    ]))
    out = responder(model).respond(turn("Das wird was, wenn der Umbau durch ist, sagt mein Chef."))
    [timing] = out.proposals
    assert timing.slot == "timing" and timing.value == {"horizon": "later", "deadline": None}
    assert timing.confidence < 0.6 and "llm_value" in timing.flags
    assert "authority" in (out.calls[0].error or "")  # the bad enum was dropped and noted


def test_json_in_prose_and_fences_is_repaired_without_a_second_call() -> None:
    answer = reply_json("Alles klar. Wann soll es losgehen?")
    text = f"Gern! Hier ist meine Antwort:\n```json\n{answer}\n```"
    model = scripted(text)
    out = responder(model).respond(turn("Wir wollen unser CRM ablösen."))
    assert model.calls == 1
    assert out.calls[0].outcome == "repaired"
    assert out.text == "Alles klar. Wann soll es losgehen?"


def test_output_cut_at_the_token_limit_keeps_only_whole_sentences() -> None:
    cut = '{"reply": "Danke für die Info. Das klingt spannend. Wie groß ist Ihr Te'
    model = scripted(AIMessage(content=cut, response_metadata={"finish_reason": "length"}))
    out = responder(model).respond(turn("Wir sind ein Team von 12 Leuten."))
    assert out.calls[0].outcome == "repaired"
    # the cut question is gone; the policy's own question takes its place
    assert out.text.startswith("Danke für die Info. Das klingt spannend. ")
    assert out.text.endswith("?") and out.text.count("?") == 1
    assert "question was appended" in (out.calls[0].error or "")


def test_a_reply_that_asks_nothing_gets_the_policys_question() -> None:
    model = scripted(reply_json("Vielen Dank für Ihre Nachricht."))
    out = responder(model).respond(turn("Wir wollen unser CRM ablösen."))
    assert out.calls[0].outcome == "ok"
    assert out.text.startswith("Vielen Dank für Ihre Nachricht. ") and out.text.endswith("?")


def test_unreadable_output_falls_back_to_the_templates_and_is_logged() -> None:
    the_turn = turn("Wir brauchen Hilfe beim Vertrieb.")
    out = responder(scripted("Ich bin ein Sprachmodell und helfe gern.")).respond(the_turn)
    assert out.engine == "deterministic"
    assert out.text == TemplateResponder().respond(the_turn).text
    [call] = out.calls
    assert call.outcome == "fallback" and "unusable output" in (call.error or "")
    assert call.completion == "Ich bin ein Sprachmodell und helfe gern."


def test_never_two_questions_at_once() -> None:
    model = scripted(reply_json("Danke! Wie groß ist Ihr Budget? Und wer entscheidet?"))
    out = responder(model).respond(turn("Wir wollen wachsen."))
    assert out.text == "Danke! Wie groß ist Ihr Budget?"
    assert out.calls[0].outcome == "repaired"


def test_no_question_when_the_lead_asked_to_stop() -> None:
    model = scripted(reply_json("Verstanden, ich melde mich nicht mehr. Darf ich fragen, warum?"))
    out = responder(model).respond(turn("Bitte keine Nachrichten mehr.", kind="stop", slot=None))
    assert out.text == "Verstanden, ich melde mich nicht mehr."
    assert "?" not in out.text


def test_flags_reach_the_engine() -> None:
    model = scripted(reply_json("Gern verbinde ich Sie mit einer Kollegin.", wants_human=True))
    out = responder(model).respond(turn("Kann ich bitte mit einem Menschen sprechen?"))
    assert out.flags == frozenset({"wants_human"})


def test_rate_limit_is_retried_with_backoff_and_both_calls_are_logged() -> None:
    waits: list[float] = []
    model = scripted(status_error(openai.RateLimitError, 429, {"retry-after": "2"}),
                     reply_json("Danke. Wann möchten Sie starten?"))
    llm = make_responder(settings(), TemplateResponder(), chat_model=model, sleep=waits.append)
    out = llm.respond(turn("Wir brauchen das bald."))
    assert [c.outcome for c in out.calls] == ["failed", "retried"]
    assert "429" in (out.calls[0].error or "")
    assert waits == [2.0]
    assert out.engine == "llm"


def test_timeouts_exhaust_the_retries_then_the_lead_still_gets_a_reply() -> None:
    waits: list[float] = []
    model = scripted(timeout_error(), timeout_error(), timeout_error())
    llm = make_responder(settings(llm_max_retries=2), TemplateResponder(), chat_model=model,
                         sleep=waits.append)
    the_turn = turn("Hallo?")
    out = llm.respond(the_turn)
    assert model.calls == 3
    assert [c.outcome for c in out.calls] == ["failed", "failed", "fallback"]
    assert len(waits) == 2 and 0 < waits[0] <= waits[1] * 2
    assert out.text == TemplateResponder().respond(the_turn).text


def test_client_errors_are_not_retried() -> None:
    model = scripted(status_error(openai.AuthenticationError, 401))
    out = responder(model).respond(turn("Hallo"))
    assert model.calls == 1 and [c.outcome for c in out.calls] == ["fallback"]


def test_the_circuit_opens_after_repeated_failures_and_skips_the_model() -> None:
    model = scripted(*["kein JSON"] * 3, reply_json("Danke. Was ist Ihr Ziel?"))
    llm = responder(model)
    for _ in range(3):
        assert llm.respond(turn("Hallo")).engine == "deterministic"
    out = llm.respond(turn("Hallo"))
    assert model.calls == 3  # the fourth turn did not reach the model
    [call] = out.calls
    assert call.outcome == "fallback" and "circuit open" in (call.error or "")
    assert out.engine == "deterministic"


def test_prompt_logging_can_be_switched_off() -> None:
    out = responder(scripted(reply_json("Danke. Wer entscheidet?")),
                    llm_log_prompts=False).respond(turn("Wir suchen ein Tool."))
    assert out.calls[0].prompt is None and out.calls[0].completion is None
    assert out.calls[0].prompt_tokens > 0


def test_the_prompt_shows_only_the_last_messages() -> None:
    model = scripted(reply_json("Danke. Wann soll es losgehen?"))
    texts = [f"Nachricht Nummer {i} mit Inhalt." for i in range(1, 11)]
    responder(model).respond(turn(*texts))
    [system, user] = model.seen[0]
    assert "Nachricht Nummer 10 " in user.content and "Nachricht Nummer 8 " in user.content
    assert "Nachricht Nummer 7 " not in user.content
    assert "Nachricht Nummer" not in system.content
