"""Policy signals: a request for a person is not the same as a problem with call-backs."""

from __future__ import annotations

import pytest

from bot.extract import detect_signals


@pytest.mark.parametrize("text", [
    "Unsere Kunden warten ewig auf einen Rückruf.",
    "Wir verlieren Anfragen, weil keiner zurückruft.",
    "We get too few demo bookings.",
    "We can't schedule meetings efficiently, it's chaos.",
    "Patienten sagen ständig: rufen Sie mich an, aber wir schaffen das nicht.",
])
def test_a_problem_with_calls_or_meetings_is_not_a_request_for_a_person(text: str) -> None:
    assert "wants_human" not in detect_signals(text)


@pytest.mark.parametrize("text", [
    "Bitte um Rückruf.", "Ich hätte gerne einen Rückruf.", "Rufen Sie mich bitte morgen an.",
    "Kann ich mit einem Menschen sprechen?", "Können wir einen Termin vereinbaren?",
    "Can someone call me?", "I want to talk to a human", "Let's book a demo.",
])
def test_requests_for_a_person(text: str) -> None:
    assert "wants_human" in detect_signals(text)


def test_do_not_call_me_is_no_phone_not_a_call_request() -> None:
    assert detect_signals("Ruf mich nicht an, ich lese lieber.") == {"no_phone"}
