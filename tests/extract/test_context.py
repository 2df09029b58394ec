"""Conversation context: which slot a bot question asks, short answers, superseding facts."""

from datetime import datetime

import pytest

from bot.extract import asked_slot, extract, resolve
from bot.types import Message

AT = datetime.fromisoformat("2026-03-10T10:00:00+01:00")


def conversation(*turns: tuple[str, str]) -> list[Message]:
    return [Message(role=role, text=text, at=AT) for role, text in turns]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "slot"),
    [("Haben Sie schon ein Budget eingeplant?", "budget"),
     ("Mit welchen Kosten rechnen Sie ungefähr?", "budget"),
     ("What budget do you have in mind?", "budget"),
     ("Wer entscheidet bei Ihnen über das Budget?", "authority"),
     ("Who else is involved in the decision?", "authority"),
     ("Wie sieht Ihr Zeitrahmen aus?", "timing"),
     ("Bis wann soll die Lösung laufen?", "timing"),
     ("When would you like to start?", "timing"),
     ("Was ist aktuell Ihre größte Herausforderung?", "need"),
     ("What problem are you trying to solve?", "need"),
     ("Danke für Ihre Nachricht! Wie ist Ihr Name?", None),
     # The bot's remark before its question does not say what it asks.
     ("Gut, dann bereiten Sie die Entscheidung vor. Haben Sie schon ein Budget dafür eingeplant?",
      "budget"),
     ("Got it, so you're preparing the decision. Have you set aside a budget for this, roughly?",
      "budget"),
     ("Gut zu wissen, dass Sie das selbst entscheiden. Bis wann sollte das erledigt sein?", "timing"),
     ("Mit welchem Budget rechnen Sie, z. B. pro Monat?", "budget")],
)
def test_asked_slot(question, slot):
    assert asked_slot(question) == slot


def test_short_answer_is_read_as_answer_to_the_last_question():
    facts = resolve(extract(conversation(("bot", "Haben Sie schon ein Budget eingeplant?"),
                                         ("lead", "Ja, so 3000 im Monat."))))
    budget = facts["budget"]
    assert budget is not None and budget.message_index == 1
    assert (budget.value["min"], budget.value["period"]) == (3000, "month")
    assert facts["authority"] is None and facts["timing"] is None


def test_only_the_first_answer_after_a_question_gets_its_context():
    facts = resolve(extract(conversation(("bot", "Wer entscheidet darüber?"),
                                         ("lead", "Das mache ich."), ("lead", "Ich."))))
    authority = facts["authority"]
    assert authority is not None and authority.message_index == 1


def test_later_statement_supersedes_and_keeps_the_period():
    facts = resolve(extract(conversation(("lead", "Budget sind 5k im Monat."),
                                         ("bot", "Danke! Wann möchten Sie starten?"),
                                         ("lead", "Korrektur: eher 8k"))))
    budget = facts["budget"]
    assert budget is not None and budget.message_index == 2
    assert (budget.value["min"], budget.value["period"]) == (8000, "month")
    assert budget.quote == "Korrektur: eher 8k"


def test_vaguer_later_statement_does_not_erase_a_figure():
    facts = resolve(extract(conversation(("lead", "Wir haben 20.000 € eingeplant."),
                                         ("lead", "Budget ist also vorhanden."))))
    assert facts["budget"] is not None and facts["budget"].value["min"] == 20000


def test_later_no_need_supersedes_earlier_need():
    facts = resolve(extract(conversation(("lead", "Unsere Leads versanden."),
                                         ("lead", "Hat sich erledigt, kein Bedarf mehr."))))
    assert facts["need"] is not None and facts["need"].value["has_need"] is False


def test_bot_messages_never_produce_facts():
    candidates = extract(conversation(("bot", "Unser Budget liegt bei 5.000 €, Sie entscheiden?"),
                                      ("lead", "Hallo")))
    assert candidates == []


def test_every_quote_is_the_text_at_its_span():
    messages = conversation(
        ("lead", "Hallo, wir sind ein Steuerbüro mit 12 Mitarbeitern und suchen eine Lösung. "
                 "Budget liegt bei etwa 5.000 €."),
        ("bot", "Wer entscheidet bei Ihnen?"),
        ("lead", "Als Geschäftsführerin entscheide ich das allein, Start Ende Q2."),
    )
    candidates = extract(messages)
    assert {c.slot for c in candidates} == {"budget", "need", "authority", "timing"}
    for c in candidates:
        assert messages[c.message_index].text[c.span[0]:c.span[1]] == c.quote
        assert messages[c.message_index].role == "lead"
        assert 0.0 < c.confidence <= 1.0


def test_a_figure_after_a_remark_and_a_budget_question_is_the_budget():
    messages = conversation(
        ("bot", "Got it, so you're preparing the decision. Have you set aside a budget for this, roughly?"),
        ("lead", "around 150 a month"))
    budget = resolve(extract(messages, AT))["budget"]
    assert budget is not None and (budget.value["min"], budget.value["period"]) == (150, "month")
