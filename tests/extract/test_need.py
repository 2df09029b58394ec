"""Need rules: problems, goals, concrete interest; satisfaction, curiosity and opt-out."""

from datetime import datetime

import pytest

from bot.extract import extract_text, resolve

AT = datetime.fromisoformat("2026-03-10T10:00:00+01:00")


def need(text: str, asked: str | None = None):
    return resolve(extract_text(text, AT, asked))["need"]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    ["Wir verlieren viele Anfragen, weil keiner zurückruft.",
     "Unser Vertrieb ist völlig überlastet.",
     "Wir möchten unsere Lead-Qualifizierung automatisieren.",
     "Ziel ist, mehr Termine zu buchen.",
     "Wir suchen einen Chatbot für unsere Website.",
     "Ich interessiere mich für eine Berufsunfähigkeitsversicherung.",
     "Das Problem ist, dass wir zu viele Leads haben und zu wenig Zeit.",
     "We're losing leads because nobody follows up.",
     "Our sales team spends too much time on unqualified leads.",
     "We want to increase our conversion rate.",
     "We're looking for a tool to qualify inbound leads.",
     "Our current provider doesn't work for us anymore.",
     "Version 2.0 unserer Website geht am 15. Mai live, bis dahin sollte der Chat laufen."],
)
def test_stated_problem_or_goal_is_a_need(text):
    fact = need(text)
    assert fact is not None and fact.value["has_need"] is True, text


@pytest.mark.parametrize(
    "text",
    ["Wir sind mit unserer aktuellen Lösung sehr zufrieden.", "Kein Bedarf, danke.",
     "Ich bin nur neugierig.", "Wir brauchen keine neue Software.",
     "We're happy with our current setup, thanks.", "Just curious what you offer.",
     "We don't need this right now."],
)
def test_satisfied_or_curious_is_no_need(text):
    fact = need(text)
    assert fact is not None and fact.value["has_need"] is False, text
    assert "opt_out" not in fact.flags


@pytest.mark.parametrize(
    "text",
    ["Bitte nehmen Sie mich aus dem Verteiler.", "Please unsubscribe me.",
     "Not interested, remove me from your list.", "Kein Interesse mehr. Bitte keine Werbung mehr."],
)
def test_opt_out_is_no_need_and_flagged(text):
    fact = need(text)
    assert fact is not None and fact.value["has_need"] is False
    assert "opt_out" in fact.flags


@pytest.mark.parametrize(
    "text",
    ["Hi, just downloaded your whitepaper. Looks interesting.", "Wir möchten ab Juni starten.",
     "We'd like to have something live by the end of April.", "Starting ASAP. Budget isn't an issue.",
     "Ich muss das erst mit meinem Chef abstimmen.", "Spätestens Ende Q2 muss das stehen.",
     "Wir sind nicht unzufrieden, danke.", "Thanks, got it."],
)
def test_no_need_fact_without_a_problem_or_goal(text):
    assert need(text) is None


def test_contrast_later_clause_wins():
    fact = need("Wir sind eigentlich zufrieden, aber die Leads versanden.")
    assert fact is not None and fact.value["has_need"] is True


def test_content_answer_to_a_need_question_is_a_need():
    fact = need("Mehr Leads.", "need")
    assert fact is not None and fact.value["has_need"] is True
    assert need("Keine Ahnung.", "need") is None
