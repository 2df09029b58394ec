"""Numbers as people write them in German and English chat: digits and words.

`find_numbers` returns every number in a scan text with its span and value,
including scale suffixes (`20k`, `25 Tsd.`, `1,5 Mio.`, `two million`) and number
words (`zwanzigtausend`, `fifteen thousand`, `anderthalb`). Digit grouping is read
from the shape of the number, not the language: `5.000` and `5,000` are both five
thousand, `1,5` and `1.5` are both one and a half.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.extract import lexicon
from bot.extract.scan import matches

# Numbers read per message window and kind (digits, words): enough for any budget statement
# (budget.py looks at 12 figures at most), bounded work on a pasted table.
MAX_NUMBERS = 64
# A number longer than this is not something a person typed as an amount.
_MAX_DIGITS = 16

_DIGITS = re.compile(
    # Not inside a word or code ("COVID-19"), but "1k-1.2k" is a range of two amounts.
    r"(?<![\w.,:/#])(?<!(?<!\d)[A-Za-zÄÖÜäöüß]-)"
    r"(\d{1,3}(?: (?=\d{3}(?!\d))\d{3})+(?![\d.,]\d)|\d+(?:[.,']\d+)*)(,-{1,2})?"
)
_SCALE_AFTER_DIGITS = re.compile(
    r"\s?(?:(k€|k\s?eur|keur|tsd\.?\s?€|t€|teur|k|tsd\.?|tausend|tuusig|tausig|thousand|grand|mille|"
    r"lakhs?|lacs?|crores?|mio\.?|millionen|"
    r"million|millions|mrd\.?|milliarden|milliarde|billion|billions|bn)(?![a-zäöüß])"
    r"|(m|mn)(?![a-zäöüß]))",

)
_SCALES = {
    "k": 1e3, "tsd": 1e3, "tausend": 1e3, "thousand": 1e3, "grand": 1e3, "mille": 1e3, "teur": 1e3, "t€": 1e3,
    "k€": 1e3, "keur": 1e3, "tsd€": 1e3, "teuro": 1e3, "tuusig": 1e3, "tausig": 1e3,
    # Indian numbering: a lakh is 100,000, a crore 10 million.
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5, "crore": 1e7, "crores": 1e7,
    "mio": 1e6, "millionen": 1e6, "million": 1e6, "millions": 1e6, "m": 1e6, "mn": 1e6,
    "mrd": 1e9, "milliarden": 1e9, "milliarde": 1e9, "billion": 1e9, "billions": 1e9, "bn": 1e9,
}
# Scale tokens that also say the currency is euro.
EURO_SCALES = frozenset({"teur", "t€", "k€", "keur", "tsd€"})

_DE_UNITS = {
    "ein": 1, "eins": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eines": 1,
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
}
_DE_TEENS = {
    "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15,
    "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
}
_DE_TENS = {
    "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70,
    "achtzig": 80, "neunzig": 90,
}
_DE_SPELLING = (("fuenf", "fünf"), ("zwoelf", "zwölf"), ("dreissig", "dreißig"))

_U = r"(?:ein|zwei|drei|vier|fünf|fuenf|sechs|sieben|acht|neun)"
_T = r"(?:zwanzig|dreißig|dreissig|vierzig|fünfzig|fuenfzig|sechzig|siebzig|achtzig|neunzig)"
_TEEN = (r"(?:zehn|elf|zwölf|zwoelf|dreizehn|vierzehn|fünfzehn|fuenfzehn|sechzehn|siebzehn|"
         r"achtzehn|neunzehn)")
_B100 = rf"(?:(?:{_U}und)?{_T}|{_TEEN}|eine[mnrs]?|eins|{_U})"
_B1000 = rf"(?:{_U}?hundert(?:{_B100})?|{_B100})"
_HALF = rf"(?:{_U}einhalb|anderthalb)"
_DE_WORD = re.compile(
    rf"\b(?:(?:{_HALF}|{_B1000})?tausend(?:{_B1000})?|{_HALF}|{_B1000})\b"
)

_EN_VALUES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_EN_SCALE_WORDS = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}
_EN_WORD = (r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|eleven|twelve|thirteen|"
            r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|"
            r"seven|eight|nine|ten|hundred|thousand|million|billion)")
_EN_NUM = re.compile(
    rf"\b(?:an?\s+(?=hundred|thousand|million|billion))?{_EN_WORD}"
    # "and" joins only after a scale word: "two hundred and fifty", not "three and four thousand".
    rf"(?:(?:(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+(?!a\s+half)|[\s-]+){_EN_WORD})*"
    rf"(?:\s+and\s+a\s+half)?\b",

)
_ARTICLES = frozenset({"ein", "eine", "einen", "einem", "einer", "eines", "a", "an", "one"})
_HALF_A = re.compile(r"(?<!and\s)\b(?:half\s+a|a\s+half|eine\s+halbe|einer\s+halben|ne\s+halbe)\s+"
                     r"(million|milliarde|millionen|mio\.?|billion)\b")
# "a few hundred", "ein paar tausend", "a couple grand": the quantifiers are lexicon data.
_FEW = re.compile(
    rf"\b(?:{'|'.join(lexicon.spell_variants(w) for w in lexicon.words('FEW'))})\s+"
    r"(hundert|tausend|hundred|hundreds|thousand|thousands|grand|k)(?![a-zäöüß])")
_FEW_SCALE = {"hundert": 100.0, "hundred": 100.0, "hundreds": 100.0}
# "6m x 3m", "2.4 x 2.1m": a dimension, so the "m" is metres, not a million.
_DIMENSION_BEFORE = re.compile(r"\d\s*(?:m\s*)?[x×*]\s*$")
_DIMENSION_AFTER = re.compile(r"\s*[x×*]\s*\d")
# "1000ish", "3kish": an approximation suffix, not a unit.
_ISH = re.compile(r"-?ish\b")
_WORD_SCALE_AFTER = re.compile(
    r"\s(tausend|mio\.?|millionen|million|millions|mrd\.?|milliarden|milliarde|"
    r"thousand|billion|grand|k)(?![a-zäöüß])")
# "a grand", "a couple grand", "a couple of hundred": a count word and its scale.
_COUNTED = re.compile(
    r"\b(a|one|a\s+couple(?:\s+of)?|couple(?:\s+of)?)\s+(grand|hundred|thousand)(?![a-zäöüß])")


@dataclass(frozen=True)
class Num:
    """One number in a text: its value, span, and how it was written."""

    value: float
    start: int
    end: int
    scale: float = 1.0
    scale_word: str = ""
    word: bool = False
    # "a few hundred", "n paar tausend": an order of magnitude, not a figure.
    vague: bool = False

    @property
    def base(self) -> float:
        """The value before its scale suffix (40 for `40k`)."""
        return self.value / self.scale


def parse_digits(token: str) -> float | None:
    """Value of a digit token with `.`/`,`/`'`/space grouping, or None if malformed."""
    token = token.replace(" ", "").replace("'", ",").removesuffix(",--").removesuffix(",-")
    if sum(c.isdigit() for c in token) > _MAX_DIGITS:
        return None
    seps = [c for c in token if c in ".,"]
    if not seps:
        return float(token)
    last = max(token.rfind("."), token.rfind(","))
    tail = token[last + 1:]
    kinds = set(seps)
    if len(kinds) == 2:
        # "1.234,56" / "1,234.56": the last separator is the decimal point.
        if token[last] == seps[0] or len(tail) > 2:
            return None
        return _grouped(token[:last], seps[0], float("0." + tail))
    if len(seps) == 1 and len(tail) != 3:
        return float(token.replace(",", "."))
    return _grouped(token, seps[0], 0.0)


def _grouped(token: str, sep: str, fraction: float) -> float | None:
    groups = token.split(sep)
    if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
        return None
    return float("".join(groups)) + fraction


def de_word_value(word: str) -> float | None:
    """Value of a German number word (`zweitausendfünfhundert` → 2500)."""
    w = word.lower()
    for variant, canonical in _DE_SPELLING:
        w = w.replace(variant, canonical)
    return _de_value(w)


def _de_value(w: str) -> float | None:
    if not w:
        return 0.0
    if "tausend" in w:
        head, tail = w.split("tausend", 1)
        a, b = (_de_value(head) if head else 1.0), _de_value(tail)
        return None if a is None or b is None else a * 1000 + b
    if w == "anderthalb":
        return 1.5
    if w.endswith("einhalb"):
        unit = _DE_UNITS.get(w[:-7])
        return None if unit is None else unit + 0.5
    if "hundert" in w:
        head, tail = w.split("hundert", 1)
        a, b = (_DE_UNITS.get(head) if head else 1), _de_value(tail)
        return None if a is None or b is None else a * 100 + b
    for table in (_DE_UNITS, _DE_TEENS, _DE_TENS):
        if w in table:
            return float(table[w])
    if "und" in w:
        unit, tens = w.split("und", 1)
        if unit in _DE_UNITS and tens in _DE_TENS:
            return float(_DE_UNITS[unit] + _DE_TENS[tens])
    return None


def en_word_value(phrase: str) -> float | None:
    """Value of an English number phrase (`two hundred and fifty thousand` → 250000)."""
    total, current = 0.0, 0.0
    for tok in re.split(r"[\s-]+", phrase.lower()):
        if tok in ("a", "an", "and"):
            continue
        if tok == "half":
            current += 0.5
        elif tok in _EN_VALUES:
            current += _EN_VALUES[tok]
        elif tok == "hundred":
            current = max(current, 1.0) * 100
        elif tok in _EN_SCALE_WORDS:
            total += max(current, 1.0) * _EN_SCALE_WORDS[tok]
            current = 0.0
        else:
            return None
    return total + current


def scale_key(word: str) -> str:
    """Canonical spelling of a scale suffix (`Tsd. €` → `tsd€`)."""
    return re.sub(r"[\s.]", "", word.lower())


def scale_of(word: str) -> float:
    """Multiplier of a scale suffix (`k`, `Mio.`, `thousand`), 1.0 if unknown."""
    return _SCALES.get(scale_key(word), 1.0)


def find_numbers(s: str) -> list[Num]:
    """All numbers in a scan text, left to right, without overlaps."""
    found: list[Num] = []
    taken = bytearray(len(s))  # 1 where a number was already read
    for m in matches(_COUNTED, s):
        count = 1.0 if m.group(1) in ("a", "one") else 2.0
        scale = 100.0 if m.group(2) == "hundred" else 1000.0
        found.append(Num(count * scale, m.start(), m.end(), scale, m.group(2), word=True))
        taken[m.start():m.end()] = b"\1" * (m.end() - m.start())
    for m in matches(_FEW, s):
        if _overlaps(taken, m.start(), m.end()):
            continue
        value = _FEW_SCALE.get(m.group(1), 1000.0)
        found.append(Num(value, m.start(), m.end(), 1.0, word=True, vague=True))
        taken[m.start():m.end()] = b"\1" * (m.end() - m.start())
    for m in matches(_HALF_A, s):
        scale = scale_of(m.group(1))
        found.append(Num(0.5 * scale, m.start(), m.end(), scale, m.group(1), word=True))
        taken[m.start():m.end()] = b"\1" * (m.end() - m.start())
    for m in matches(_DIGITS, s, limit=MAX_NUMBERS):
        num = _digit_number(s, m)
        if num is not None and not _overlaps(taken, num.start, num.end):
            found.append(num)
            taken[num.start:num.end] = b"\1" * (num.end - num.start)
    for pattern, parse in ((_DE_WORD, de_word_value), (_EN_NUM, en_word_value)):
        for m in matches(pattern, s, limit=MAX_NUMBERS):
            if _overlaps(taken, m.start(), m.end()):
                continue
            value = parse(m.group())
            if value is None:
                continue
            num = _with_word_scale(s, Num(value, m.start(), m.end(), word=True))
            if num.scale == 1 and m.group() in _ARTICLES:
                continue  # "ein Problem", "a tool": an article, unless "eine Million"
            found.append(num)
            taken[num.start:num.end] = b"\1" * (num.end - num.start)
    return sorted(found, key=lambda n: n.start)


def _digit_number(s: str, m: re.Match[str]) -> Num | None:
    token, end = m.group(1), m.end()
    # "31.03." and "15.05.2026" are dates, "10:30" a time: the timing rules own those.
    if re.fullmatch(r"\d{1,2}\.\d{1,2}(?:\.\d{2,4})?", token) and (
        token.count(".") == 2 or s[end:end + 1] == "."
    ):
        return None
    if s[end:end + 1] == ":" and s[end + 1:end + 2].isdigit():
        return None
    value = parse_digits(token)
    if value is None:
        return None
    scale_m = _SCALE_AFTER_DIGITS.match(s, end)
    if scale_m:
        word = scale_m.group(1) or scale_m.group(2)
        if scale_m.group(2) and (scale_m.group()[0].isspace() or _dimension(s, m.start(), scale_m.end())):
            scale_m = None  # "5 m" and "6m x 3m" are metres; only an attached "5m" is a million
        else:
            scale = scale_of(word)
            return Num(value * scale, m.start(), scale_m.end(), scale, word)
    if end < len(s) and (s[end].isalpha()) and not _ISH.match(s, end):
        return None  # "3x", "2nd", "4th", "6m": not an amount
    return Num(value, m.start(), end)


def _dimension(s: str, start: int, end: int) -> bool:
    """True when a number is a side of a dimension ("6m x 3m", "2.4 x 2.1m")."""
    return bool(_DIMENSION_BEFORE.search(s, max(0, start - 12), start) or _DIMENSION_AFTER.match(s, end))


def _with_word_scale(s: str, num: Num) -> Num:
    m = _WORD_SCALE_AFTER.match(s, num.end)
    if not m or num.value >= 1000:
        return num
    scale = scale_of(m.group(1))
    return Num(num.value * scale, num.start, m.end(), scale, m.group(1), word=True)


def _overlaps(taken: bytearray, start: int, end: int) -> bool:
    return any(taken[start:end])
