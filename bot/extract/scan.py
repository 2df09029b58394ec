"""Prepare a lead message for rule matching without losing character offsets.

Every transformation here keeps the text length unchanged, so a span found in the
scan copy indexes the original text exactly. Markup, URLs, e-mail addresses, phone
numbers and absurdly long tokens are blanked out: no fact may be read from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

# Longest message part we scan; the rest is ignored (bounded time for pasted documents).
MAX_SCAN_CHARS = 20_000

# One-character replacements: typographic variants that rules should treat alike.
_CHAR_MAP = str.maketrans({
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\t": " ", "\r": "\n",
})

_BLANKERS = [
    # Whole script/style elements, including their content (code, not speech).
    re.compile(r"<(script|style)\b[^>]{0,500}>.*?(?:</\1\s*>|$)", re.I | re.S),
    re.compile(r"<!--.*?(?:-->|$)", re.S),
    re.compile(r"</?[a-zA-Z][^<>]{0,500}>"),  # any other tag's markup
    re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});"),
    re.compile(r"\b(?:https?://|www\.)\S+", re.I),
    re.compile(r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+"),
    # Phone numbers: international prefix, or a leading 0 with grouped digits.
    re.compile(r"(?<![\w.,])(?:\+|00)[1-9]\d{0,3}(?:[ /().-]{0,2}\d{1,6}){2,6}(?![\w])"),
    re.compile(r"(?<![\w.,])0\d{2,5}(?:[ /-]{1,2}\d{2,8}){1,4}(?![\w.,]\d)"),
    re.compile(r"(?:tel|fon|phone|telefon|handy|mobil|mobile|fax)\.?:?\s{0,3}[+\d][\d /().-]{5,24}\d",
               re.I),
    re.compile(r"\S{64,}"),  # absurdly long tokens (base64, hashes, spam)
]

_SENTENCE_END = re.compile(
    r"[!?;]+|\n+|\.+(?=\s|$)(?!\s+(?:[a-zäöü0-9]|€|\$|Jan|Feb|Mär|Mar|Apr|Mai|Jun|Jul|Aug|"
    r"Sep|Okt|Oct|Nov|Dez|Dec|EUR|USD|Euro|Tsd|Mio|Mrd))"
)
# Abbreviations whose dot does not end a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:ca|bzw|evtl|ggf|inkl|zzgl|max|min|mind|tsd|mio|mrd|nr|no|approx|etc|usw|vs|dr|hr|fr|"
    r"st|abt|dt|mtl|jährl|jaehrl|p\.a|z\.b|u\.a|e\.g|i\.e|o\.ä|d\.h|u\.u))$",
    re.I,
)
_CLAUSE_SPLIT = re.compile(
    r"(?<!\d),|,(?!\d)|\s(?:aber|but|sondern|jedoch|however|though|although|obwohl|weil|because|"
    r"während|while|whereas)\s",
    re.I,
)


@dataclass
class Scan:
    """A lead message prepared for matching: offsets identical to the original."""

    text: str
    at: datetime
    s: str = field(init=False)

    def __post_init__(self) -> None:
        self.s = prepare(self.text)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence ranges (start, end) over the scan text."""
        return _ranges(self.s, _sentence_breaks(self.s))

    @cached_property
    def clauses(self) -> list[tuple[int, int]]:
        """Clause ranges: sentences split further at commas and contrastive conjunctions."""
        out: list[tuple[int, int]] = []
        for start, end in self.sentences:
            cuts = [start + m.start() for m in _CLAUSE_SPLIT.finditer(self.s[start:end])]
            out.extend(_ranges(self.s, cuts, start, end))
        return out

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The sentence range containing position pos."""
        return _containing(self.sentences, pos, len(self.s))

    def clause_of(self, pos: int) -> tuple[int, int]:
        """The clause range containing position pos."""
        return _containing(self.clauses, pos, len(self.s))

    def evidence(self, start: int, end: int, cap: int = 90) -> tuple[int, int]:
        """A readable quote span around a core match: its clause, capped and trimmed."""
        c_start, c_end = self.clause_of(start)
        c_start, c_end = min(c_start, start), max(c_end, end)
        c_start = max(c_start, start - cap)
        c_end = min(c_end, end + cap)
        if c_start < start:
            c_start = _word_start(self.text, c_start, start)
        if c_end > end:
            c_end = _word_end(self.text, c_end, end)
        return trim(self.text, c_start, c_end)


def prepare(text: str) -> str:
    """Return a same-length copy of text with markup and non-speech blanked."""
    s = text[:MAX_SCAN_CHARS].translate(_CHAR_MAP)
    for pattern in _BLANKERS:
        s = pattern.sub(lambda m: " " * len(m.group()), s)
    return s + " " * (len(text) - len(s))


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so it neither starts nor ends with whitespace or separators."""
    while start < end and (text[start].isspace() or text[start] in ",;:-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-"):
        end -= 1
    return start, end


def _sentence_breaks(s: str) -> list[int]:
    breaks = []
    for m in _SENTENCE_END.finditer(s):
        if m.group().startswith(".") and _ABBREV.search(s[max(0, m.start() - 6):m.start()]):
            continue
        breaks.append(m.end())
    return breaks


def _ranges(s: str, cuts: list[int], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(s) if end is None else end
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if s[a:b].strip()]


def _containing(ranges: list[tuple[int, int]], pos: int, length: int) -> tuple[int, int]:
    for a, b in ranges:
        if a <= pos < b:
            return a, b
    return 0, length


def _word_start(text: str, pos: int, limit: int) -> int:
    while pos < limit and pos > 0 and not text[pos - 1].isspace():
        pos += 1
    return pos


def _word_end(text: str, pos: int, limit: int) -> int:
    while pos > limit and pos < len(text) and not text[pos].isspace():
        pos -= 1
    return pos
