"""Everyday phrasings the rules must read (sentences unlike the benchmark lines)."""

from datetime import datetime

import pytest

from bot.extract import extract_text, resolve

AT = datetime.fromisoformat("2026-03-10T10:00:00+01:00")
DM, INF, NONE = "decision_maker", "influencer", "no_authority"


def fact(text: str, slot: str, asked: str | None = None) -> dict | None:
    found = resolve(extract_text(text, AT, asked))[slot]  # type: ignore[index,arg-type]
    return None if found is None else dict(found.value)


@pytest.mark.parametrize(
    "text",
    ["Unser Empfang erstickt in Anrufen.", "Die Leads aus dem Formular sind leider Schrott.",
     "Die Hotline ist dauernd besetzt.", "Die Dienstpläne machen wir immer noch per Excel.",
     "Unser Lieferant stellt den Dienst im Mai ein.", "Wir bräuchten eine bessere Übersicht.",
     "Schicken Sie uns bitte ein Angebot.", "Wir wollen die Terminvergabe vorqualifizieren lassen.",
     "Our support queue is out of control.", "We keep missing a lot of weekend calls.",
     "Response times are terrible.", "Could you send us a quote?",
     "We're evaluating two vendors right now.", "We want to double our booked demos."],
)
def test_complaints_requests_and_goals_are_needs(text):
    found = fact(text, "need")
    assert found is not None and found["has_need"] is True, text


@pytest.mark.parametrize(
    "text",
    ["Das haben wir inzwischen intern gelöst.", "Our current setup works fine for us.",
     "Please remove my email address from your list."],
)
def test_solved_or_opted_out_is_no_need(text):
    found = fact(text, "need")
    assert found is not None and found["has_need"] is False, text


@pytest.mark.parametrize(
    ("text", "low", "high", "currency", "period"),
    [
        ("We can't spend more than 400 euros a month.", None, 400, "EUR", "month"),
        ("Mehr als 80 € im Monat wollen wir nicht bezahlen.", None, 80, "EUR", "month"),
        ("Budget 900 €/Monat max.", None, 900, "EUR", "month"),
        ("Max budget would be 7k.", None, 7000, None, None),
        ("We could do 2k-2.5k a month.", 2000, 2500, None, "month"),
        ("Around 4k for the whole project.", 4000, 4000, None, "one_off"),
        ("Wir haben 20 T€ IT-Budget im Jahr, davon wären 5.000 für das Projekt.", 5000, 5000,
         "EUR", None),
    ],
)
def test_bounds_ranges_periods_and_shares(text, low, high, currency, period):
    found = fact(text, "budget")
    assert found is not None, text
    assert (found["min"], found["max"]) == (low, high), text
    assert found["currency"] == currency and found["period"] == period, text


@pytest.mark.parametrize(
    "text",
    ["Letztes Mal haben wir 3.000 € für eine Agenturlösung ausgegeben.",
     "We spent $6,000 on a chatbot in 2024 that nobody used.",
     "We help clients who can't afford a full-time assistant.",
     "Das kostet bei Tarif A 15 Euro, völlig fine für uns."],
)
def test_spent_money_and_other_peoples_money_are_no_budget(text):
    found = fact(text, "budget")
    assert found is None or found["has_budget"] is not False, text
    assert found is None or found["min"] not in (3000, 6000), text


@pytest.mark.parametrize(
    "text",
    ["Das Budget wurde gestrichen, da ist nichts mehr drin.", "Our budget was slashed this year.",
     "Budget gibt es erst nach der Messe."],
)
def test_budget_gone_or_only_later_is_no_budget(text):
    found = fact(text, "budget")
    assert found is not None and found["has_budget"] is False, text


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("I'm the owner's personal assistant.", NONE),
        ("Entscheiden wird am Ende unser Einkauf.", INF),
        ("The final sign-off is with our board.", INF),
        ("I'll make the case to our MD.", INF),
        ("Ich leite das nur weiter.", NONE),
        ("I'd just be using it, I don't make purchasing decisions.", NONE),
        ("I handle all software decisions here.", DM),
        ("Ich bin Gesellschafter der GmbH.", DM),
        ("Ich entscheide das gemeinsam mit meiner Partnerin.", DM),
    ],
)
def test_who_decides(text, level):
    found = fact(text, "authority")
    assert found is not None and found["level"] == level, text


def test_hedged_self_answer_to_the_authority_question():
    found = fact("wohl eher ich", "authority", asked="authority")
    assert found is not None and found["level"] == DM


@pytest.mark.parametrize(
    ("text", "horizon", "deadline"),
    [
        ("Bis Pfingsten wäre toll.", "soon", "2026-05-24"),
        ("Ideally before Black Friday.", "later", "2026-11-27"),
        ("Wird wohl eher Juli.", "soon", "2026-07-01"),
        ("Let's push it to October.", "later", "2026-10-01"),
        ("Vielleicht 2028.", "later", "2028-01-01"),
        ("Ich bin bis 25.03. im Urlaub, starten wollen wir Ende Mai.", "soon", "2026-05-31"),
    ],
)
def test_holidays_revisions_and_absences(text, horizon, deadline):
    found = fact(text, "timing")
    assert found is not None, text
    assert (found["horizon"], found["deadline"]) == (horizon, deadline), text


def test_absence_alone_is_no_timeline():
    assert fact("Ich bin diese Woche im Urlaub.", "timing") is None


def test_holidays_late_in_the_year_mean_christmas():
    at = datetime.fromisoformat("2026-11-20T10:00:00+01:00")
    found = resolve(extract_text("after the holidays works for us", at))["timing"]
    assert found is not None and found.value["horizon"] == "soon"


@pytest.mark.parametrize("text", ["Nichts konkret geplant bisher.", "Ich schau mich nur um."])
def test_no_plans_is_no_timeline(text):
    found = fact(text, "timing")
    assert found is not None and found["horizon"] == "none", text
