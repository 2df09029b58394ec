"""Authority rules: roles and phrases in German and English."""

from datetime import datetime

import pytest

from bot.extract import extract_text, resolve

AT = datetime.fromisoformat("2026-03-10T10:00:00+01:00")
DM, INF, NONE = "decision_maker", "influencer", "no_authority"


def authority(text: str, asked: str | None = None) -> dict | None:
    fact = resolve(extract_text(text, AT, asked))["authority"]  # type: ignore[arg-type]
    return None if fact is None else dict(fact.value)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Ich bin Inhaber einer kleinen Agentur.", DM),
        ("Ich bin der Geschäftsführer und entscheide das.", DM),
        ("Als Prokuristin kann ich das unterschreiben.", DM),
        ("Ich entscheide das zusammen mit meinem Mitgründer.", DM),
        ("Wir sind zwei Gründer und entscheiden gemeinsam.", DM),
        ("Ich bin selbstständig, also entscheide ich.", DM),
        ("I'm the CEO.", DM),
        ("I'm the owner, so it's my call.", DM),
        ("I run a small bakery.", DM),
        ("Co-founder here, I make the decisions.", DM),
        ("We decide as a team, I'm one of the partners.", DM),
        ("I'm the Head of Marketing and I'll make the call together with our CEO.", DM),
        ("Ich bin Teamleiter im Vertrieb und bereite die Entscheidung vor.", INF),
        ("Das entscheidet am Ende unser Geschäftsführer.", INF),
        ("Mein Chef hat das letzte Wort.", INF),
        ("Der Einkauf muss das am Ende freigeben, ich gebe nur eine Empfehlung ab.", INF),
        ("Ich entscheide das nicht allein, mein Chef muss zustimmen.", INF),
        ("Ich bin Vertriebsleiterin.", INF),
        ("My boss makes the final decision, I just gather information.", INF),
        ("Procurement signs off on everything, I recommend.", INF),
        ("I'm a sales manager.", INF),
        ("I don't make decisions about software.", INF),
        ("Ich bin Werkstudentin und soll Angebote sammeln.", NONE),
        ("Ich bin nur die Assistentin, der Chef ist gerade nicht da.", NONE),
        ("Da bin ich leider nicht der richtige Ansprechpartner.", NONE),
        ("I'm an intern researching tools for my manager.", NONE),
        ("I'm just an end user.", NONE),
        ("Sorry, wrong person - please contact our IT department.", NONE),
    ],
)
def test_levels(text, level):
    value = authority(text)
    assert value is not None, text
    assert value["level"] == level


@pytest.mark.parametrize(
    ("text", "role"),
    [("Als Geschäftsführerin entscheide ich das allein.", "Geschäftsführerin"),
     ("Ich bin Praktikant und soll recherchieren.", "Praktikant"),
     ("I'm a marketing manager.", "marketing manager"),
     ("Ich bin einer von drei Vorständen.", "Vorstand")],
)
def test_role_is_named_as_written(text, role):
    value = authority(text)
    assert value is not None and value["role"] == role


@pytest.mark.parametrize(
    "text",
    ["Wir haben 12 Mitarbeiter.", "Unsere Geschäftsführerin sucht eine Lösung.",
     "Please talk to our CEO about pricing, she asked me to.", "Hi, just downloaded your whitepaper."],
)
def test_titles_of_other_people_are_not_the_leads(text):
    value = authority(text)
    assert value is None or value["level"] != DM


@pytest.mark.parametrize(
    ("text", "level"),
    [("Das mache ich.", DM), ("Ich.", DM), ("me", DM), ("My business partner and I.", DM),
     ("Mein Chef.", INF), ("Nein, das macht der Vorstand.", INF), ("the owner, not me", INF)],
)
def test_short_answers_after_an_authority_question(text, level):
    assert authority(text) is None or text.startswith("Nein")
    value = authority(text, "authority")
    assert value is not None and value["level"] == level
