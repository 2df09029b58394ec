"""Features of a lead message for the learned layer, shared by training and inference.

Words and word pairs, character n-grams inside words (typos, compounds, inflections), the
slot the bot's question asked about, and that slot paired with the words of a short answer
("both of us really" after "who decides?"). Digits fold to one class: the model learns
"a number here", the rules read which.
"""

from __future__ import annotations

import re

# The model reads this much of a message: the lead's own words are at its start.
MAX_CHARS = 1500
_WORD = re.compile(r"[a-zäöüß0-9€$£]+(?:'[a-z]+)?")
_DIGITS = re.compile(r"\d+(?:[.,']\d+)*")
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "s"})
# Answers up to this many words are read together with the question's slot.
_SHORT_ANSWER = 6


def words(text: str) -> list[str]:
    """Lower-cased, umlaut-folded words with digit runs folded to '0'."""
    low = _DIGITS.sub("0", text[:MAX_CHARS].lower()).translate(_FOLD)
    return _WORD.findall(low)


def features(text: str, asked: str | None = None) -> list[str]:
    """The feature names of one lead message, given the slot the bot asked about."""
    ws = words(text)
    out = [f"w:{w}" for w in ws]
    out.extend(f"b:{a}_{b}" for a, b in zip(ws, ws[1:], strict=False))
    for w in ws:
        padded = f"<{w}>"
        for n in (3, 4, 5):
            out.extend(f"c:{padded[i:i + n]}" for i in range(len(padded) - n + 1))
    slot = asked or "open"
    out.append(f"q:{slot}")
    if len(ws) <= _SHORT_ANSWER:
        out.append(f"q:{slot}:short")
        out.extend(f"qw:{slot}:{w}" for w in ws)
    if "?" in text:
        out.append("has:question")
    if _DIGITS.search(text):
        out.append("has:digit")
    return out
