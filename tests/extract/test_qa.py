"""Defects found by QA driving the chat as simulated leads: earliest starts, either-or answers."""

from datetime import datetime

import pytest

from bot.extract import extract, extract_text, resolve
from bot.types import Message

LATE_NOV = datetime.fromisoformat("2026-11-24T10:00:00+01:00")
MARCH = datetime.fromisoformat("2026-03-10T10:00:00+01:00")


def timing(text: str, at: datetime = LATE_NOV) -> dict | None:
    fact = resolve(extract_text(text, at))["timing"]
    return None if fact is None else dict(fact.value)


def facts(*turns: tuple[str, str], at: datetime = LATE_NOV) -> dict:
    messages = [Message(role=role, text=text, at=at) for role, text in turns]  # type: ignore[arg-type]
    return {slot: (None if c is None else dict(c.value))
            for slot, c in resolve(extract(messages, at)).items()}


@pytest.mark.parametrize(
    ("text", "at", "horizon"),
    [
        # An earliest start is a lower bound: horizon from its first day, no target date.
        ("frühestens im Herbst", LATE_NOV, "later"),  # said in late autumn: the next one
        ("Frühestens nächstes Jahr.", LATE_NOV, "soon"),  # 1 Jan is 38 days away
        ("Frühestens nächstes Jahr.", MARCH, "later"),
        ("not before 2028", LATE_NOV, "later"),
        ("Not before 2028, sorry.", MARCH, "later"),
        ("Nicht vor dem Sommer.", LATE_NOV, "later"),
        ("Not until spring.", LATE_NOV, "soon"),
        ("Not until spring.", MARCH, "now"),  # spring has begun: the start is open now
        ("Erst ab Herbst, vorher ist kein Personal da.", MARCH, "later"),
        ("Die Freigabe kommt erst nächstes Jahr.", MARCH, "later"),
        ("Next year at the earliest.", MARCH, "later"),
        ("2027 frühestens.", LATE_NOV, "soon"),
        ("No earlier than the second half of next year.", LATE_NOV, "later"),
        ("Frühestens im zweiten Halbjahr.", LATE_NOV, "later"),  # H2 is nearly over
    ],
)
def test_an_earliest_start_gives_a_horizon_but_no_deadline(text, at, horizon):
    assert timing(text, at) == {"horizon": horizon, "deadline": None}


@pytest.mark.parametrize(
    ("text", "at", "horizon", "deadline"),
    [
        # A month or date stays the start date, "at the earliest" or not.
        ("Starten könnten wir frühestens im Februar.", LATE_NOV, "soon", "2027-02-01"),
        ("No earlier than March.", LATE_NOV, "soon", "2027-03-01"),
        ("Not before 1 June.", MARCH, "soon", "2026-06-01"),
        # A season named as the start: the season's first day; one nearly over means the next.
        ("Ab Herbst.", LATE_NOV, "later", "2027-09-01"),
        ("From spring onwards.", LATE_NOV, "soon", "2027-03-01"),
        ("Ab Herbst.", MARCH, "later", "2026-09-01"),
        # A season with a year is a start date too.
        ("Wir planen den Start für Frühjahr 2027.", LATE_NOV, "soon", "2027-03-01"),
        ("Summer 2027 would be our target.", MARCH, "later", "2027-06-01"),
    ],
)
def test_start_dates_of_months_and_seasons(text, at, horizon, deadline):
    assert timing(text, at) == {"horizon": horizon, "deadline": deadline}


@pytest.mark.parametrize(
    "text",
    [
        "no rush, maybe next year",
        "Kein Zeitdruck, vielleicht im Frühjahr.",
        "Eilt nicht, eventuell nächstes Jahr.",
        "Perhaps in the summer, we're in no hurry.",
    ],
)
def test_no_rush_outweighs_a_hedged_date(text):
    assert timing(text) == {"horizon": "none", "deadline": None}


def test_no_rush_with_a_firm_earliest_start_keeps_the_start():
    assert timing("Hat keine Eile, frühestens nach den Sommerferien.", MARCH)["horizon"] == "later"
    assert timing("No rush, next year at the earliest.", MARCH) == {"horizon": "later",
                                                                   "deadline": None}


def test_a_hedged_date_without_no_rush_is_still_read():
    assert timing("Vielleicht im Juni.", MARCH) == {"horizon": "soon", "deadline": "2026-06-01"}


EITHER_OR_EN = "Do you make this decision yourself, or is someone else involved?"
EITHER_OR_DE = "Entscheiden Sie das selbst, oder ist noch jemand beteiligt?"


@pytest.mark.parametrize("question", [EITHER_OR_EN, EITHER_OR_DE,
                                      "Treffen Sie die Entscheidung selbst, oder wer noch?"])
@pytest.mark.parametrize("answer", ["no", "Nein.", "yes", "Ja!", "nope"])
def test_a_bare_yes_or_no_does_not_answer_an_either_or_question(question, answer):
    assert facts(("bot", question), ("lead", answer))["authority"] is None


def test_a_sentence_starting_with_no_is_not_a_no():
    got = facts(("bot", EITHER_OR_EN), ("lead", "No timeline either, just researching."))
    assert got["authority"] is None
    assert got["timing"] == {"horizon": "none", "deadline": None}
    got = facts(("bot", "Do you decide this yourself?"), ("lead", "No idea about timing."))
    assert got["authority"] is None


@pytest.mark.parametrize(
    ("question", "answer", "level"),
    [
        ("Entscheiden Sie das selbst?", "Ja", "decision_maker"),
        ("Are you the one who signs off?", "Yes.", "decision_maker"),
        ("Entscheiden Sie das allein?", "Nein, leider nicht.", "influencer"),
        ("Sie entscheiden das allein, oder?", "Ja", "decision_maker"),  # a tag question
        (EITHER_OR_EN, "Just me.", "decision_maker"),
        (EITHER_OR_DE, "Mein Chef.", "influencer"),
        ("Who decides on a purchase like this?", "me", "decision_maker"),
    ],
)
def test_answers_that_name_a_side_still_count(question, answer, level):
    assert facts(("bot", question), ("lead", answer))["authority"]["level"] == level


def test_a_bare_yes_does_not_answer_a_wh_question():
    assert facts(("bot", "Wer entscheidet bei Ihnen über so eine Anschaffung?"),
                 ("lead", "Ja"))["authority"] is None
    assert facts(("bot", "What budget range are you working with?"),
                 ("lead", "Yes"))["budget"] is None


@pytest.mark.parametrize(
    ("question", "answer", "has_budget"),
    [
        ("Haben Sie schon ein Budget eingeplant?", "Yes.", True),
        ("Is there a budget for this?", "Ja", True),
        ("Gibt es schon ein Budget oder nicht?", "Nein.", False),
        ("Wie hoch ist Ihr Budget?", "Keins.", False),  # "none" answers a wh-question
        ("What budget range are you working with?", "None yet.", False),
    ],
)
def test_yes_no_budget_answers(question, answer, has_budget):
    budget = facts(("bot", question), ("lead", answer))["budget"]
    assert budget is not None and budget["has_budget"] is has_budget
    assert budget["min"] is None and budget["max"] is None


def test_either_or_budget_question_takes_no_bare_no():
    got = facts(("bot", "Haben Sie ein Budget, oder müssen Sie das erst beantragen?"),
                ("lead", "Nein"))
    assert got["budget"] is None


def test_a_long_paste_is_read_at_its_start_and_end_with_exact_quotes():
    filler = "Wir haben ein Problem mit der Terminvergabe und suchen eine Lösung. " * 150
    text = "Ich bin der Inhaber. " + filler + "Unser Budget liegt bei 4.000 € im Monat."
    candidates = extract_text(text, MARCH)
    for c in candidates:
        assert text[c.span[0]:c.span[1]] == c.quote
    found = resolve(candidates)
    assert found["authority"].value["level"] == "decision_maker"
    assert found["budget"].value["min"] == 4000
    assert found["budget"].span[0] > len(text) - 100  # read from the end of the paste


def test_a_long_email_reply_is_read_whole_with_its_figures_in_the_middle():
    opening = ("Guten Tag Frau Berger,\n\nvielen Dank für Ihre Nachricht und die Unterlagen. "
               "Wir haben uns das im Team angeschaut und ein paar Gedanken gesammelt, "
               "bevor wir telefonieren. ") * 4
    middle = "Für das Projekt haben wir ein Budget von etwa 8.000 Euro freigegeben. "
    closing = ("Die Anfragen kommen über das Kontaktformular, per Telefon und zunehmend über Instagram, "
               "und wir verlieren einige, weil keiner rechtzeitig zurückruft. Ich bin die Inhaberin. "
               "Wichtig wäre, dass alles bis Ende März steht. Bitte melden Sie sich gern per E-Mail."
               "\n\nViele Grüße\nAnna Berger\nSteuerbüro Berger, Hauptstraße 5, 80331 München")
    text = opening + middle + closing
    assert 1000 < len(text) < 1400 and 650 < text.index("8.000") < len(text) - 350
    found = resolve(extract_text(text, MARCH))
    assert found["budget"].value["min"] == 8000
    assert found["authority"].value["level"] == "decision_maker"


def test_markup_cut_by_a_paste_window_stays_blank():
    text = "<script>var budget = 50000; var start = 'Ende Juni';</script>" * 160
    assert extract_text(text, MARCH) == []
