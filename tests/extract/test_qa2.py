"""QA round 2 on extraction: requests, goodbyes, corrections, over-filled needs, quoted text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from bot.extract import detect_signals, extract, resolve
from bot.types import Message

AT = datetime(2026, 11, 24, 10, 0)
NEED_Q = "Was ist aktuell Ihre größte Herausforderung?"
NEED_Q_EN = "What is the main challenge you want to solve?"


def facts(*turns: tuple[str, str]) -> dict[str, Any]:
    """The resolved value per slot after a conversation; quotes checked as exact spans."""
    messages = [Message(role=role, text=text, at=AT) for role, text in turns]
    candidates = extract(messages, AT)
    for c in candidates:
        assert messages[c.message_index].text[c.span[0]:c.span[1]] == c.quote
    return {slot: (c.value if c else None) for slot, c in resolve(candidates).items()}


def lead(text: str) -> dict[str, Any]:
    return facts(("lead", text))


# 1. Requests for a person
@pytest.mark.parametrize("text", [
    "Kann ich bitte mit jemandem telefonieren?", "Kann mich bitte jemand anrufen?",
    "Können Sie mich morgen zurückrufen? 0171 2345678",
    "Ich würde lieber direkt mit Ihrem Vertrieb sprechen.",
    "Könnte mich jemand aus dem Team kurz anrufen?", "Ich möchte mit jemandem aus dem Vertrieb reden.",
    "Could someone from sales reach out to me?", "I'd rather just speak to someone on the phone.",
    "Can somebody please get in touch?", "I'd like to talk to sales.",
])
def test_requests_for_a_person_are_recognised(text: str) -> None:
    assert "wants_human" in detect_signals(text)


@pytest.mark.parametrize("text", [
    "Ich habe mit Ihrem Vertrieb gesprochen.", "Unsere Kunden wollen, dass wir sie zurückrufen.",
    "Our customers want someone to call them back", "Sie sollen mich nicht anrufen.",
])
def test_no_request_for_a_person(text: str) -> None:
    assert "wants_human" not in detect_signals(text)


def test_a_request_after_a_need_question_is_not_the_need() -> None:
    assert facts(("bot", NEED_Q), ("lead", "Ich würde lieber direkt mit Ihrem Vertrieb sprechen."))[
        "need"] is None


# 2. Goodbyes
@pytest.mark.parametrize("text", [
    "Danke, ich melde mich später wieder. Tschüss!", "Thanks, I'll get back to you. Bye!",
    "Ok, auf Wiedersehen.", "Goodbye", "Alles klar, ciao",
])
def test_a_goodbye_is_a_stop(text: str) -> None:
    assert "stop" in detect_signals(text)


@pytest.mark.parametrize("text", [
    "Hallo, kurze Frage", "By the way, we have 3 locations.", "Byelaws are strict here.",
    "We want to say goodbye to spreadsheets.", "Wir wollen Excel endlich goodbye sagen.",
])
def test_no_goodbye(text: str) -> None:
    assert "stop" not in detect_signals(text)


# 3. Corrections
@pytest.mark.parametrize(("first", "second", "amount"), [
    ("Budget is 5k a month.", "Sorry, typo, I meant 500 a month, not 5k.", 500),
    ("Budget 800 im Monat.", "Nein, nicht 800, ich meinte 600 im Monat.", 600),
    ("Our budget is 2000 per month.", "Actually, make that 1500.", 1500),
    ("Budget 3000 im Monat.", "Korrektur: eher 2500 statt 3000.", 2500),
])
def test_a_budget_correction_keeps_the_new_figure_and_the_period(
        first: str, second: str, amount: int) -> None:
    budget = facts(("lead", first), ("lead", second))["budget"]
    assert (budget["min"], budget["max"], budget["period"]) == (amount, amount, "month")


def test_not_more_than_is_still_a_ceiling() -> None:
    assert lead("Budget nicht mehr als 800 Euro.")["budget"]["max"] == 800


@pytest.mark.parametrize("second", [
    "Also eigentlich entscheidet mein Vater, dem gehört der Betrieb, ich bin nur der Sohn.",
    "Correction: actually my dad decides, it's his shop.",
])
def test_a_later_authority_statement_supersedes(second: str) -> None:
    level = facts(("lead", "Ich entscheide das."), ("lead", second))["authority"]["level"]
    assert level in ("influencer", "no_authority")


# 4. Needs: not over-filled, not missed
@pytest.mark.parametrize("reply", [
    "Budget so 200 im Monat", "Ich bin Vertriebsleiter, entscheiden tut der Geschäftsführer.",
    "Antworten Sie einfach auf meine Frage.", "Das entscheidet bei uns die Partnerversammlung.",
    "yes", "Ja genau.", "Somewhere between 3 and 6 months from now.",
    "We're a property management company.",
    "Wir sind eine Kanzlei mit 15 Mitarbeitern und 3 Standorten.",
    "Just answer my question.", "Ich bin Steuerberaterin.",
])
def test_replies_to_a_need_question_that_state_no_need(reply: str) -> None:
    for question in (NEED_Q, NEED_Q_EN):
        assert facts(("bot", question), ("lead", reply))["need"] is None


def test_a_plain_answer_to_a_need_question_is_still_the_need() -> None:
    need = facts(("bot", NEED_Q), ("lead", "Die Terminvergabe in der Praxis."))["need"]
    assert need["has_need"] is True


@pytest.mark.parametrize("timing", [
    "Bis Ende März bräuchten wir das.", "Wir brauchen das bis Ende Juni.",
    "We need it by March.", "We'd need this before summer.",
])
def test_a_date_for_the_need_does_not_replace_it(timing: str) -> None:
    result = facts(("lead", "Unser Telefon klingelt ständig und wir verpassen Anrufe."),
                   ("lead", timing))
    assert result["need"]["summary"].startswith("Unser Telefon")
    assert result["timing"] is not None


def test_only_looked_is_no_need() -> None:
    need = facts(("bot", NEED_Q), ("lead", "Ich bin Immobilienmakler, hab mir das nur mal "
                                           "angeschaut."))["need"]
    assert need["has_need"] is False


@pytest.mark.parametrize("text", [
    "unser Vertrieb verliert Leads", "die Anmeldung läuft noch auf Papier",
    "wir möchten online Bestellungen annehmen",
    "our call center is overloaded with unqualified leads", "client onboarding takes forever",
    "Our sales team loses track of leads.", "Unsere Kanzlei braucht eine bessere Mandantenaufnahme.",
    "wir schaffen nur 50 zu beantworten", "Die Angebotserstellung dauert ewig.",
    "Our team is overloaded with support tickets.", "Das Lager verliert ständig Bestellungen.",
])
def test_real_needs_are_found(text: str) -> None:
    assert lead(text)["need"]["has_need"] is True


# 5. Out leads
@pytest.mark.parametrize("text", [
    "Ich habe kein Budget, ich will nichts kaufen, nur für die Thesis.",
    "I'm not buying anything, it's for my thesis",
    "Ich schreibe meine Masterarbeit über Lead-Qualifizierung.",
])
def test_research_only_is_no_need(text: str) -> None:
    assert lead(text)["need"]["has_need"] is False


@pytest.mark.parametrize("text", [
    "Ich habe kein Budget, ich will nichts kaufen, nur für die Thesis.",
    "I'm not buying anything, it's for my thesis", "Budget haben wir keins.", "Budget: 0 €",
    "Budget gibt es keins.", "budget: none",
])
def test_no_money_is_no_budget(text: str) -> None:
    assert lead(text)["budget"]["has_budget"] is False


def test_budget_is_no_problem_is_not_no_budget() -> None:
    assert lead("Budget ist kein Problem.")["budget"]["has_budget"] is True


# 6. Authority
@pytest.mark.parametrize("text", [
    "bin chef", "ich bin der Chef", "bin meine eigene chefin haha", "I'm my own boss.",
    "muss ich aber mit meinem Mann besprechen", "I'll discuss it with my wife first.",
])
def test_deciders_alone_or_jointly(text: str) -> None:
    assert lead(text)["authority"]["level"] == "decision_maker"


@pytest.mark.parametrize("text", [
    "Das entscheidet bei uns die Partnerversammlung",
    "My boss (the CEO) asked me to look into this",
    "Mein Chef hat mich gebeten, mir das anzuschauen.", "It's decided by the board.",
])
def test_someone_else_decides(text: str) -> None:
    assert lead(text)["authority"]["level"] == "influencer"


@pytest.mark.parametrize(("text", "role"), [
    ("Danke für die Infos.\n\nMit freundlichen Grüßen\nMax Muster\nGeschäftsführer\nMuster GmbH",
     "Geschäftsführer"),
    ("Thanks for the info.\n\nBest,\nJane Doe\nManaging Director", "Managing Director"),
    ("Passt so.\n\nViele Grüße\nAnna Beispiel\nInhaberin", "Inhaberin"),
])
def test_a_signature_title_is_the_lead_s_role(text: str, role: str) -> None:
    assert lead(text)["authority"] == {"level": "decision_maker", "role": role}


@pytest.mark.parametrize("text", [
    "Siehe unten.\n\n---------- Forwarded message ---------\nVon: Julia\nIch entscheide. Julia",
    "Kurz zur Info\n> Ich entscheide das.\n> Budget 5000 Euro",
    "Passt.\n\nAm 20.11.2026 schrieb Julia Weber:\nIch bin Geschäftsführerin, Budget 10k.",
    "See below.\n\nOn Mon, Nov 23, 2026 at 9:00 Tom wrote:\nI'm the CEO, budget is 10k.",
    "Zur Info.\n\n-----Ursprüngliche Nachricht-----\nIch bin Inhaber, Budget 8000 Euro.",
    "FYI\n\nVon: Julia Weber\nGesendet: Montag\nIch entscheide, Budget 3000 Euro.",
])
def test_quoted_or_forwarded_text_yields_no_facts(text: str) -> None:
    result = lead(text)
    assert result["authority"] is None and result["budget"] is None


def test_own_words_before_a_quote_still_count() -> None:
    result = lead("Ich bin der Inhaber, Budget 4000 Euro.\n\n> Was ist Ihr Budget?")
    assert result["authority"]["level"] == "decision_maker"
    assert result["budget"]["min"] == 4000


# 7. Timing
@pytest.mark.parametrize("text", [
    "zeitlich ist das kein Thema vor 2028", "Not before 2028, honestly.",
])
def test_not_before_a_far_year_is_later_without_deadline(text: str) -> None:
    assert lead(text)["timing"] == {"horizon": "later", "deadline": None}


@pytest.mark.parametrize("text", ["maybe next year", "vielleicht nächstes Jahr"])
def test_a_hedged_year_has_no_deadline(text: str) -> None:
    timing = lead(text)["timing"]
    assert timing["deadline"] is None and timing["horizon"] in ("soon", "later")
