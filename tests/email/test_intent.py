"""Intents in German and English, with messages written for these tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.email.intent import classify

CASES = [
    ("interested", "de", "Klingt spannend! Schicken Sie mir gerne ein Angebot für unsere drei Standorte."),
    ("interested", "en", "Sounds good, let's set up a call next Tuesday afternoon."),
    ("question", "de", "Wie lange dauert die Einrichtung bei einer Praxis mit vier Behandlern?"),
    ("question", "en", "Does your tool integrate with HubSpot out of the box?"),
    ("not_now", "de", "Momentan passt es nicht, wir stecken mitten im Umzug. Melden Sie sich gerne im "
                      "nächsten Quartal wieder."),
    ("not_now", "en", "Not right now, we are in the middle of a merger. Check back in after the summer."),
    ("wrong_person", "de", "Dafür bin ich nicht zuständig. Wenden Sie sich bitte an Herrn Jonas Weber "
                           "(jonas.weber@beispiel-gmbh.de)."),
    ("wrong_person", "en", "I'm not the right person for this. Please contact Priya Shah, she runs our "
                           "operations."),
    ("objection", "de", "Ehrlich gesagt ist uns das zu teuer, und beim Datenschutz habe ich Bedenken."),
    ("objection", "en", "Honestly the price is too high for a team of our size."),
    ("not_interested", "de", "Vielen Dank, aber wir haben bereits einen Anbieter und sind zufrieden."),
    ("not_interested", "en", "Thanks, but we're not interested."),
    ("unsubscribe", "de", "Bitte tragen Sie mich aus Ihrem Verteiler aus und schreiben Sie mir nicht mehr."),
    ("unsubscribe", "en", "Please remove me from your list."),
    ("auto_reply", "de", "Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich 14.08.2026 im Urlaub "
                         "und habe keinen Zugriff auf meine E-Mails."),
    ("auto_reply", "en", "Thank you for your email. I am out of the office until August 14th with "
                         "limited access to email."),
]


@pytest.mark.parametrize(("intent", "lang", "text"), CASES, ids=[f"{i}-{lang}" for i, lang, _ in CASES])
def test_intent(intent: str, lang: str, text: str) -> None:
    assert classify(text, sent_at=datetime(2026, 8, 3, 9, tzinfo=UTC)).kind == intent


def test_auto_reply_return_date_and_headers() -> None:
    sent = datetime(2026, 8, 3, 9, tzinfo=UTC)
    de = classify("Ich bin bis einschließlich 14.08.2026 im Urlaub.", sent_at=sent)
    assert de.return_date == date(2026, 8, 15)
    en = classify("I'll be back on 17 August.", sent_at=sent)
    assert en.kind == "auto_reply" and en.return_date == date(2026, 8, 17)
    by_header = classify("Danke!", headers={"auto-submitted": "auto-replied"})
    assert by_header.kind == "auto_reply"
    assert classify("Danke!", headers={"auto-submitted": "no"}).kind == "interested"


def test_wrong_person_names_the_referral() -> None:
    de = classify(CASES[6][2])
    assert de.referral == {"email": "jonas.weber@beispiel-gmbh.de", "name": "Jonas Weber"}
    assert classify(CASES[7][2]).referral == {"name": "Priya Shah"}


def test_an_auto_reply_without_a_date_is_read_against_the_utc_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a sent time the reference day is today in UTC, not in the server's zone: a
    server 12 to 14 hours off UTC must read the same return day as one on UTC."""
    import time
    from datetime import timedelta

    now = datetime.now(UTC)
    # a zone whose calendar day differs from UTC's right now
    zone, back = ("Etc/GMT+12", now.date() + timedelta(days=400)) if now.hour < 12 \
        else ("Etc/GMT-14", now.date() - timedelta(days=1))
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert date.today() != now.date()  # the premise: the server's day is not UTC's
        text = f"I am out of the office. I will be back on {back:%d.%m.%Y}."
        assert classify(text).return_date == back
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
