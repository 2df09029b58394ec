"""Policy signals (opt-out, stop, human, e-mail only, no phone) and language guess."""

import pytest

from bot.extract import detect_lang, detect_signals


@pytest.mark.parametrize(
    ("text", "signals"),
    [("Bitte nicht mehr kontaktieren.", {"opt_out"}), ("unsubscribe", {"opt_out"}),
     ("Stop emailing me", {"opt_out"}), ("Bitte keine Werbung mehr!", {"opt_out"}),
     ("Stop", {"stop"}), ("lass mich in Ruhe", {"stop"}), ("no more questions", {"stop"}),
     ("Kann ich mit einem Menschen sprechen?", {"wants_human"}),
     ("Rufen Sie mich bitte an.", {"wants_human"}),
     ("Can I talk to a real person?", {"wants_human"}),
     ("Bitte nur per E-Mail.", {"email_only"}),
     ("No calls please, email only.", {"email_only", "no_phone"}),
     ("Keine Anrufe bitte", {"no_phone"}),
     ("Wir haben 12 Mitarbeiter und suchen eine Lösung.", set()),
     ("Budget: 20k, Start im Mai.", set())],
)
def test_signals(text, signals):
    assert detect_signals(text) == frozenset(signals)


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Ich bin der Geschäftsführer und wir suchen eine Lösung.", "de"),
     ("I'm the founder and we are looking for a tool.", "en"),
     ("Budget: 20k", None), ("Grüße", "de"), ("", None)],
)
def test_detect_lang(text, lang):
    assert detect_lang(text) == lang
