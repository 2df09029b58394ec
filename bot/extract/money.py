"""Money amounts: numbers with their currency, ranges and bounds.

An `Amount` groups one or two numbers (a range) with the currency written next to
them and the bound words around them (`bis zu`, `not more than`, `ab`, `from`). It
says nothing yet about whether the amount is a budget: `budget.py` decides that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.extract import lexicon
from bot.extract.numbers import EURO_SCALES, Num, find_numbers, scale_key

_CUR_AFTER = re.compile(
    r"\s?(?:(€|\$|£|¥)|(eur|euro|euros|usd|us-?dollars?|dollars?|bucks|gbp|pfund|pounds?|quid|chf|"
    r"franken|franke|stutz|francs?|sfr|fr|yen|jpy|cad|aud|aed|inr)(?![a-zäöüß]))\.?",

)
_CUR_BEFORE = re.compile(r"(?:(€|\$|£|¥|us\$)|\b(eur|usd|gbp|chf|sfr|cad|aud))\.?\s?$")
_CURRENCIES = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "bucks": "USD",
    "usdollar": "USD", "usdollars": "USD", "us-dollar": "USD", "us-dollars": "USD",
    "£": "GBP", "gbp": "GBP", "pfund": "GBP", "pound": "GBP", "pounds": "GBP",
    "quid": "GBP", "fr": "CHF", "franke": "CHF", "stutz": "CHF", "aed": "AED", "inr": "INR",
    "chf": "CHF", "franken": "CHF", "franc": "CHF", "francs": "CHF", "sfr": "CHF",
    "¥": "JPY", "yen": "JPY", "jpy": "JPY", "cad": "CAD", "aud": "AUD",
}
_RANGE_GAP = re.compile(
    r"\s*(?:€|\$|£|eur|euro|usd|dollars?)?\s*(-|bis|to|till|und|and|oder|or|/)\s*"
    r"(?:€|\$|£|eur|usd)?\s*",

)
_RANGE_OPENER = re.compile(r"(?:zwischen|zwüsche|zwüschä|between|von|from|im\s+bereich\s+(?:von\s+)?|"
                           r"in\s+the\s+range\s+of|range\s+of)\s+(?:ca\.?\s+|etwa\s+|about\s+)?$")
_CHAT_APPROX = lexicon.source("approximation.chat")  # "like 5k", "vielleicht 500"
_CHAT_NOT = lexicon.source("negation.chat")  # "nich", "ned", "dont"
_STRETCH = lexicon.source("budget.stretch_to")  # "we can go to 450", "could push to 9"
_APPROX = f"(?:{lexicon.source('approximation')}|{_CHAT_APPROX})"
_MAX_BEFORE = re.compile(
    rf"(?:\b(?:bis\s+zu|bis\s+max(?:imal|\.)?|bis\s+höchstens|bis|maximal|max\.?|höchstens|"
    rf"hoechstens|nicht\s+mehr\s+als|nicht\s+über|unter|weniger\s+als|up\s+to|upto|"
    rf"maximum(?:\s+of)?|at\s+most|no\s+more\s+than|not\s+more\s+than|not\s+over|not\s+above|"
    rf"no\s+higher\s+than|under|below|less\s+than|capped\s+at|a\s+cap\s+of|cap\s+of|"
    rf"a\s+ceiling\s+of|ceiling\s+of|limit\s+of|top\s+of|"
    # Stretching a budget names its ceiling: "could stretch to 1000", "notfalls bis 1.500".
    rf"stretch(?:\s+(?:it|that|this))?\s+to|go\s+up\s+to|strecken\s+auf|{_STRETCH}|"
    # "Max spend would be 3k", "Maximal wären 500 drin"
    rf"(?:max(?:imum|imal)?\.?|höchstens)\s+(?:\w+\s+){{0,2}}(?:would\s+be|will\s+be|is|are|ist|"
    rf"wäre|wären|sind|liegt\s+bei)|"
    # A negated lower bound is a ceiling: "can't spend more than", "nicht mehr als"
    rf"(?:can'?t|cannot|won'?t|wouldn'?t|don'?t|dont|cant|wont|rather\s+not|not|nicht|kein\w*|{_CHAT_NOT})\s+"
    rf"(?:\w+\s+){{0,4}}(?:more\s+than|over|above|mehr\s+(?:als|ois|wie)|meh\s+(?:als|wie)|über|"
    rf"teurer\s+als))|<)\s*(?:{_APPROX}\s*)?"
    rf"(?:€|\$|£|eur|usd)?\s*$",

)
_MIN_BEFORE = re.compile(
    rf"(?:\b(?:ab|mindestens|mind\.|wenigstens|über|mehr\s+(?:als|ois|wie)|meh\s+(?:als|wie)|from|at\s+least|"
    rf"starting\s+at|"
    rf"starting\s+from|more\s+than|over|above|minimum(?:\s+of)?|min\.)|>)\s*(?:{_APPROX}\s*)?"
    rf"(?:€|\$|£|eur|usd)?\s*$",

)
_MAX_AFTER = re.compile(
    r"^\s*(?:€|\$|eur|euro|usd)?\s*(?:(?:/|per|a|im|pro)\s*(?:month|mo|monat|year|yr|jahr)\s*|(?:"
    + lexicon.source("budget.one_off_words") + r")\s+)?"
    r"(?:max(?:imal|imum|\.)?|höchstens|tops|at\s+most|"
    r"oder\s+weniger|or\s+less|or\s+below|at\s+the\s+most|als\s+obergrenze|as\s+a\s+cap)\b",

)
_MIN_AFTER = re.compile(
    r"^(?:\+|\s*(?:€|\$|eur|euro|usd)?\s*(?:und\s+mehr|oder\s+mehr|or\s+more|and\s+up|"
    r"und\s+aufwärts|plus\b|upwards|minimum|mindestens|at\s+least))",

)
# "Mehr als 500 Euro ist nicht drin": a lower-bound word whose clause rules the amount out.
_CEILING_AFTER = re.compile(
    r"^[^.!?;]{0,70}?\b(?:nicht|nich\b|ned|nöd|net|nix|nichts|auf\s+keinen\s+fall|keinesfalls|never|no\s+way|"
    r"nicht\s+drin|nicht\s+möglich|nicht\s+machbar|nicht\s+leisten|"
    r"geht\s+nicht|zu\s+viel|zu\s+teuer|können\s+wir\s+nicht|sprengt|not\s+possible|"
    r"out\s+of\s+the\s+question|too\s+much|too\s+expensive|not\s+an\s+option|won'?t\s+work|"
    r"can'?t|cannot|no\s+way|not\s+feasible|not\s+doable|over\s+our\s+budget|"
    r"über\s+unserem\s+budget|nicht\s+(?:\w+\s+)?(?:zahlen|zahln|bezahlen|ausgeben|investieren)|"
    r"(?:echt\s+|wirklich\s+|eher\s+)?schwierig|difficult|a\s+stretch|kann\s+ich\s+nicht|"
    r"können\s+wir\s+uns\s+nicht|geht\s+(?:\w+\s+)?nicht|(?:" + _CHAT_NOT + r")\b)",

)


@dataclass(frozen=True)
class Amount:
    """A single figure or a range, with currency and bound as written."""

    low: float | None
    high: float | None
    start: int
    end: int
    currency: str | None
    nums: tuple[Num, ...]
    scaled: bool

    @property
    def value(self) -> float:
        """The largest figure of the amount (for sanity limits)."""
        return max(v for v in (self.low, self.high) if v is not None)

    @property
    def vague(self) -> bool:
        """"a few hundred": an order of magnitude, no figure to note."""
        return any(n.vague for n in self.nums)

    @property
    def bounded(self) -> bool:
        """A ceiling or a floor ("bis 500", "ab 10k"), not a point or a range."""
        return (self.low is None) != (self.high is None)

    def times(self, factor: float) -> Amount:
        """The amount in a larger unit: "eher 200" beside "bis 250.000" is 200 thousand."""
        return Amount(None if self.low is None else self.low * factor,
                      None if self.high is None else self.high * factor,
                      self.start, self.end, self.currency, self.nums, True)


# "600 wär ok, mehr nöd", "3.000, mehr nicht", "$500 and no more": a figure then its ceiling.
CEILING_TAIL = re.compile(
    r"^[^!?;\d]{0,40}?\b(?:mehr\s+(?:(?:will|möchte|kann|können|wollen|darf|soll)\s+(?:ich|wir|es)\s+"
    r"(?:\w+\s+)?nicht|(?:\w+\s+){0,3}(?:nicht|nöd|net|ned)\b|nicht|nöd|net|ned|geht\s+nicht|ist\s+(?:\w+\s+){0,2}nicht\s+drin|"
    r"kann\s+ich\s+nicht|können\s+wir\s+nicht|wird\s+schwierig|ist\s+(?:echt\s+)?schwierig|auf\s+keinen\s+fall)|"
    r"(?:and|but)\s+no(?:t)?\s+more|no\s+more\b|not\s+more|not\s+a\s+(?:penny|cent|dollar)\s+more|"
    r"nothing\s+(?:more|above|over)|that'?s\s+(?:the|my|our)\s+(?:max|limit|ceiling|cap)|"
    r"das\s+ist\s+(?:die\s+|unsere\s+|meine\s+)?(?:obergrenze|schmerzgrenze|grenze|limit|max)|"
    r"(?:ist|isch)\s+(?:s'|das\s+|d'|die\s+)?(?:max|maximum|limit)\b|"
    r"(?:is|'s)\s+(?:really\s+|absolutely\s+|definitely\s+)?(?:my|our|the)\s+(?:absolute\s+)?"
    r"(?:limit|max|maximum|ceiling|cap)|(?:ist|isch)\s+(?:\w+\s+)?(?:die\s+|meine\s+|unsere\s+)?"
    r"(?:schmerzgrenze|obergrenze|grenze)|drüber\s+wird'?s\s+(?:eng|schwierig|knapp)|"
    r"(?:over|above|more\s+than)\s+that\s+(?:is|gets|would\s+be)\s+(?:\w+\s+)?(?:hard|tough|difficult|tricky)|"
    + lexicon.source("budget.ceiling_said") + ")")


def find_amounts(s: str) -> list[Amount]:
    """All candidate money amounts in a scan text, ranges merged, bounds applied."""
    return list(iter_amounts(s))


def iter_amounts(s: str) -> Iterator[Amount]:
    """The candidate money amounts of a scan text, left to right, each read when asked for
    (a caller that needs the first few does not pay for a pasted price list)."""
    nums = find_numbers(s)
    i = 0
    while i < len(nums):
        first = nums[i]
        second = nums[i + 1] if i + 1 < len(nums) else None
        if second is not None and _is_range(s, first, second):
            yield _range_amount(s, first, second)
            i += 2
        else:
            yield _single_amount(s, first)
            i += 1


def currency_word(token: str) -> str | None:
    """ISO code for a currency symbol, code or word."""
    return _CURRENCIES.get(token.lower().replace(" ", ""))


def _is_range(s: str, first: Num, second: Num) -> bool:
    gap = _RANGE_GAP.fullmatch(s, first.end, second.start)
    if not gap or first.value <= 0:
        return False
    joiner = gap.group(1).lower()
    if joiner in ("und", "and", "oder", "or"):
        opener = _RANGE_OPENER.search(s, max(0, first.start - 40), first.start)
        return joiner in ("oder", "or") or opener is not None
    return True


def _range_amount(s: str, first: Num, second: Num) -> Amount:
    low, high = first.value, second.value
    if first.scale == 1 and second.scale > 1 and first.value < second.base:
        low = first.value * second.scale  # "40-50k", "10 und 15 Tsd."
    elif first.scale == 1 == second.scale and high >= 1000 and low < 100 and low * 1000 <= high:
        low = low * 1000  # "5- bis 10.000 €"
    currency, start, end = _currency_around(s, first.start, second.end, (first, second))
    low, high = min(low, high), max(low, high)
    return Amount(low, high, start, end, currency, (first, second), second.scale > 1)


def _single_amount(s: str, num: Num) -> Amount:
    currency, start, end = _currency_around(s, num.start, num.end, (num,))
    low: float | None = num.value
    high: float | None = num.value
    before = s[max(0, start - 40):start]
    after = s[end:end + 60]
    if _MAX_BEFORE.search(before) or _MAX_AFTER.match(after) or CEILING_TAIL.match(after):
        low = None
    elif _MIN_BEFORE.search(before) or _MIN_AFTER.match(after):
        high = None
        if _CEILING_AFTER.match(after):
            low, high = None, num.value
    return Amount(low, high, start, end, currency, (num,), num.scale > 1)


def _currency_around(s: str, start: int, end: int, nums: tuple[Num, ...]) -> tuple[str | None,
                                                                                   int, int]:
    if any(scale_key(n.scale_word) in EURO_SCALES for n in nums):
        return "EUR", start, end
    after = _CUR_AFTER.match(s, end)
    if after:
        return currency_word(after.group(1) or after.group(2)), start, after.end()
    before = _CUR_BEFORE.search(s, max(0, start - 6), start)
    if before:
        return currency_word(before.group(1) or before.group(2)), before.start(), end
    return None, start, end
