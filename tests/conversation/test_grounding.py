"""The grounding check finds a quote whatever its case and spacing, and anchors it on the
exact characters of the lead's message."""

from __future__ import annotations

import pytest

from bot.conversation.grounding import find_quote


@pytest.mark.parametrize(("text", "quote", "exact"), [
    ("Wir planen so 500 Euro im Monat.", "500 euro im monat", "500 Euro im Monat"),
    ("Budget:   500\n\nEuro, ok?", "500 Euro", "500\n\nEuro"),  # a run of spaces is one
    ("Ich bin der Inhaber.\tWIR brauchen das", "wir brauchen", "WIR brauchen"),
    ("Budget 500 €, nochmal: 500 € im Monat", "500 €", "500 €"),  # the last match
    ("İstanbul, 500 EUR", "500 eur", "500 EUR"),  # "İ" lowers to two characters
    ("ΟΔΟΣ 5, budget 300", "budget 300", "budget 300"),  # a final "Σ" lowers by context
    ("ΟΔΟΣ ΑΘΗΝΑΣ", "οδοσ", "ΟΔΟΣ"),
])
def test_a_quote_is_found_whatever_its_case_and_spacing(text: str, quote: str, exact: str) -> None:
    span = find_quote(text, quote)
    assert span is not None and text[span[0]:span[1]] == exact
    assert text.rfind(exact) == span[0]


def test_a_quote_that_is_not_there_is_not_found() -> None:
    assert find_quote("Wir planen so 500 Euro im Monat.", "5000 Euro") is None
    assert find_quote("ΟΔΟΣ", "οδος") is None  # each letter on its own: "σ", not "ς"
