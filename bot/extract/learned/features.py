"""Features of a lead message for the learned layer, shared by training and inference.

Words and word pairs, character n-grams inside words (typos, compounds, inflections), the
slot the bot's question asked about, and that slot paired with the words of a short answer
("both of us really" after "who decides?"). A short answer also carries the words of the
bot's question ("ja, praxisinhaberin" after "Sind Sie die Inhaberin der Praxis?"). Digits
fold to one class: the model learns "a number here", the rules read which.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The model reads this much of a message: the lead's own words are at its start.
MAX_CHARS = 1500
_WORD = re.compile(r"[a-zäöüß0-9€$£]+(?:'[a-z]+)?")
_DIGITS = re.compile(r"\d+(?:[.,']\d+)*")
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "s"})
# Answers up to this many words are read together with the question's slot.
_SHORT_ANSWER = 6
# Words of the bot's last question read with a short answer (its last sentence, bounded).
_QUESTION_WORDS = 16
_SENTENCE = re.compile(r"[^.!?\n]*\?")


def question_words(bot: str) -> list[str]:
    """The words of the bot's last question (none when it asked nothing)."""
    questions = _SENTENCE.findall(bot[-600:])
    return words(questions[-1])[:_QUESTION_WORDS] if questions else []


def words(text: str) -> list[str]:
    """Lower-cased, umlaut-folded words with digit runs folded to '0'."""
    low = _DIGITS.sub("0", text[:MAX_CHARS].lower())
    # = low.translate(_FOLD), several times faster (str.translate with a dict is slow on
    # non-ASCII text); no replacement makes a character another one replaces.
    low = low.replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "s")
    return _WORD.findall(low)


def features(text: str, asked: str | None = None, bot: str = "") -> list[str]:
    """The feature names of one lead message, given the slot the bot asked about and the
    bot's message before it."""
    ws = words(text)
    out = [f"w:{w}" for w in ws]
    out.extend(pairs(ws))
    for w in ws:
        out.extend(grams(w))
    out.extend(context_features(ws, text, asked, bot))
    return out


def pairs(ws: list[str]) -> list[str]:
    """The word-pair features of a message's words."""
    return [f"b:{a}_{b}" for a, b in zip(ws, ws[1:], strict=False)]


@lru_cache(maxsize=50_000)
def grams(w: str) -> tuple[str, ...]:
    """The character 3-, 4- and 5-gram features of one word (remembered: words recur)."""
    padded = f"<{w}>"
    return tuple(f"c:{padded[i:i + n]}" for n in (3, 4, 5) for i in range(len(padded) - n + 1))


def context_features(ws: list[str], text: str, asked: str | None, bot: str) -> list[str]:
    """The features of a message beyond its words: the slot asked about (with the words of a
    short answer and of the bot's question), a question mark, a digit."""
    slot = asked or "open"
    out = [f"q:{slot}"]
    if len(ws) <= _SHORT_ANSWER:
        out.append(f"q:{slot}:short")
        out.extend(f"qw:{slot}:{w}" for w in ws)
        out.extend(f"bq:{w}" for w in question_words(bot))
    if "?" in text:
        out.append("has:question")
    if _DIGITS.search(text):
        out.append("has:digit")
    return out
