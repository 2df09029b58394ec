"""Prepare a lead message for rule matching without losing character offsets.

Every transformation here keeps the text length unchanged, so a span found in the
scan copy indexes the original text exactly. Markup, URLs, e-mail addresses, phone
numbers and absurdly long tokens are blanked out: no fact may be read from them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache
from itertools import islice

from bot.extract import lexicon
from bot.extract.literals import Alternation

# Longest message part we scan; the rest is ignored (bounded time for pasted documents).
MAX_SCAN_CHARS = 20_000
# Longer "sentences" (pasted text without punctuation) are cut at a space: rules look
# within a sentence, so this bounds the work per figure.
MAX_SENTENCE_CHARS = 400
# Matches of one rule looked at per message: a fact stated 30 times is stated once.
MAX_MATCHES = 30
# A longer message is a paste (a forwarded e-mail thread, a document, a template repeated):
# the lead's own words sit at its start (the reply) and its end (a closing line), so only
# these two windows are read for facts. This bounds the time per message (issue 9: 30 ms per
# 10 KB on a loaded machine; every rule is linear in the text read) whatever the paste holds.
# A message up to their sum is read whole: no lead message of the chat corpora and evaluation
# sets is longer than 400 characters, but a lead's own e-mail reply (quotes stripped) often runs
# to 1,000-1,400 with its figures in the middle paragraph (600 + 200 lost them).
HEAD_CHARS = 1000
TAIL_CHARS = 400
# A window that repeats one stretch of text (a template pasted over and over, spam) is read for
# two of its repeats: what it says once it says 200 times. Repeats up to this long are looked for.
MAX_REPEAT_CHARS = 400
_REPEAT_PROBE = 24

# One-character replacements: typographic variants that rules should treat alike.
_CHAR_MAP = str.maketrans({
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\t": " ", "\r": "\n",
})
_MAPPED = re.compile("[" + re.escape("".join(map(chr, _CHAR_MAP))) + "]")

_BLANKERS = [
    # Whole script/style elements, including their content (code, not speech).
    re.compile(r"<(script|style)\b[^>]{0,500}>.*?(?:</\1\s*>|$)", re.I | re.S),
    re.compile(r"<!--.*?(?:-->|$)", re.S),
    re.compile(r"</?[a-zA-Z][^<>]{0,500}>"),  # any other tag's markup
    re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});"),
    _URL := re.compile(r"\b(?:https?://|www\.)\S+", re.I),
    # Each starts where a run of its characters starts: linear in the text, also for "1.1.1.1...".
    _EMAIL := re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+"),
    # Phone numbers: international prefix, or a leading 0 with grouped digits.
    _PHONE_INTERNATIONAL := re.compile(
        r"(?<![\w.,])(?:\+|00)[1-9]\d{0,3}(?:[ /().-]{0,2}\d{1,6}){2,6}(?![\w])"),
    _PHONE_LOCAL := re.compile(r"(?<![\w.,])0\d{2,5}(?:[ /-]{1,2}\d{2,8}){1,4}(?![\w.,]\d)"),
    # North American numbers: "(555) 123-4567", "555-123-4567"; any number after a phone word.
    re.compile(r"\(\d{3}\)\s?\d{3}[-. ]\d{4}(?!\d)"),
    _PHONE_DASHED := re.compile(r"(?<![\w.,/-])\d{3}[-.]\d{3}[-.]\d{4}(?![\w-])"),
    _PHONE_AFTER_WORD := re.compile(r"\b(?:" + lexicon.alternation(re.escape(w).replace("\\ ", r"\s+")
                                              for w in lexicon.words("PHONE_WORDS")) +
               r")\.?(?:\s+(?:is|ist|on|at|unter))?\s{0,3}:?\s{0,3}[+\d(][\d /().-]{5,24}\d", re.I),
    re.compile(r"(?<!\S)\S{64,}"),  # absurdly long tokens (base64, hashes, spam)
    # Quoted and forwarded text is someone else's words, not the lead's: "> ..." lines and
    # everything from a forward/reply header on ("Am ... schrieb ...:", "On ... wrote:").
    _QUOTED := re.compile(r"^[ \t]*>[^\n]*", re.M),
    _FORWARDED := re.compile(
        r"^[ \t]*(?:-{2,}\s*(?:forwarded\s+message|original\s+message|ursprüngliche\s+nachricht|"
        r"weitergeleitete\s+nachricht)|begin\s+forwarded\s+message|anfang\s+der\s+weitergeleiteten|"
        r"am\s+[^\n]{1,120}?\s+schrieb\b[^\n]{0,120}:|on\s+[^\n]{1,120}?\s+wrote:|"
        r"(?:von|from):[^\n]{0,200}\n[ \t]*(?:gesendet|sent|datum|date):)[\s\S]*",
        re.I | re.M),
]

# For the slow blankers, a quick test whether the text may hold a match at all: each looks for
# a part every match must contain (blanking only turns characters into spaces, so each test is
# made on the text as the blankers before left it). A text failing the test is left as it is.
_INTERNATIONAL = re.compile(r"(?:\+|00)[1-9]")
_ZERO_AND_DIGITS = re.compile(r"0\d\d")
_DIGITS_DASH = re.compile(r"\d{3}[-.]\d")
_PHONE_DIGITS = re.compile(r"[+\d(][\d /().-]{5,24}\d")  # case folding changes none of these
_MAY_MATCH: dict[re.Pattern[str], Callable[[str], bool]] = {
    _URL: lambda s: "://" in s or "www." in s.lower(),  # under re.I only "W" matches "w"
    _EMAIL: lambda s: "@" in s,
    _PHONE_INTERNATIONAL: lambda s: _INTERNATIONAL.search(s) is not None,
    _PHONE_LOCAL: lambda s: _ZERO_AND_DIGITS.search(s) is not None,
    _PHONE_DASHED: lambda s: _DIGITS_DASH.search(s) is not None,
    _PHONE_AFTER_WORD: lambda s: _PHONE_DIGITS.search(s) is not None,  # the number after the word
    _QUOTED: lambda s: ">" in s,
}
_BLANKING = [(pattern, _MAY_MATCH.get(pattern)) for pattern in _BLANKERS]

_SENTENCE_END = re.compile(
    r"[!?;]+|\n+|\.+(?=\s|$)(?!\s+(?:[a-zäöü0-9]|€|\$|Jan|Feb|Mär|Mar|Apr|Mai|Jun|Jul|Aug|"
    r"Sep|Okt|Oct|Nov|Dez|Dec|EUR|USD|Euro|Tsd|Mio|Mrd))"
)
# Abbreviations whose dot does not end a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:ca|bzw|evtl|ggf|inkl|zzgl|max|min|mind|tsd|mio|mrd|nr|no|approx|etc|usw|vs|dr|hr|fr|"
    r"st|abt|dt|mtl|jährl|jaehrl|p\.a|z\.b|u\.a|e\.g|i\.e|o\.ä|d\.h|u\.u|jan|feb|mär|apr|jun|jul|"
    r"aug|sep|sept|okt|oct|nov|dez|dec|geb|str|tel|std|ggü|vgl|bspw|ev|ehem|gem|lt|sog|allg|"
    r"mr|mrs|ms|jr|sr|prof|co|inc|ltd|corp|dept|est|vol|mt|ft|sq|ave|rd))$",
    re.I,
)
# Lower-case chat ends sentences without capitals: "dinner for 60. what's your minimum spend",
# "so 300-400. is there something smaller". After a word (not an abbreviation) a dot and a
# lower-case word start a sentence; after a figure only when a word that starts clauses follows
# ("der 100. kunde", "am 15. mai" stay ordinals).
_LOWER_AFTER_WORD = re.compile(r"(?<=[^\W\d_]{2})\.+\s+(?=[a-zäöü])")
_LOWER_AFTER_FIGURE = re.compile(
    r"(?<=\d)(?<!\d\.\d)(?<!\d\.\d\d)\.+\s+(?=(?:i|i'm|i'd|i'll|we|we're|it|it's|its|is|are|was|what|what's|how|can|could|"
    r"do|does|did|would|will|the|that|this|but|and|so|also|any|just|pls|please|thanks|ok|okay|yes|"
    r"no|my|our|ich|wir|es|ist|sind|war|was|wie|wo|wann|kann|können|könnt|das|aber|und|also|bitte|"
    r"danke|ok|ja|nein|mein|meine|unser|unsere|geht|gibt|hab|habe|haben|wäre|würde|passt|mehr|"
    r"sonst|dann|da|drüber|darüber|mir|uns)\b)")
_CLAUSE_SPLIT = re.compile(
    r"(?<!\d),|,(?!\d)|\s(?:aber|but|sondern|jedoch|however|though|although|obwohl|weil|because|"
    r"während|while|whereas)\s",
    re.I,
)


Spans = list[tuple[int, int]]
# A text, or a function that makes it when first asked for: a conversation's history is read
# only by some messages (rules-only reading, a figure without its period), not made for all.
LazyText = str | Callable[[], str]


def text_of(text: LazyText) -> str:
    """The text itself (made now if it was given as a function)."""
    return text() if callable(text) else text


@dataclass
class Scan:
    """A lead message prepared for matching: offsets identical to the original."""

    text: str
    at: datetime
    s: str = field(init=False)
    # Lower-cased s: rules match it without re.IGNORECASE, which is several times faster.
    low: str = field(init=False)
    # The prepared text when it was prepared as part of a longer message: a window of a
    # paste must not start inside a <script> or URL that only the whole text shows.
    prepared: str | None = field(default=None, repr=False)
    # Whether a pattern occurs in a span (a clause, a sentence), searched once per scan.
    _seen: dict[tuple[re.Pattern[str], int, int], bool] = field(
        default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.s = prepare(self.text) if self.prepared is None else self.prepared
        self.low = lower(self.s)

    def has(self, pattern: re.Pattern[str], start: int, end: int) -> bool:
        """Whether pattern occurs in the lower-cased text between start and end; rules that ask
        this for every figure or date of a clause search the clause once."""
        key = (pattern, start, end)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = pattern.search(self.low, start, end) is not None
        return found

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence ranges (start, end) over the scan text."""
        return _ranges(self.s, _capped(self.s, _sentence_breaks(self.s)))

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [a for a, _ in self.sentences]

    @cached_property
    def _clause_starts(self) -> list[int]:
        return [a for a, _ in self.clauses]

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
        return _containing(self.sentences, self._sentence_starts, pos, len(self.s))

    def sentence_before(self, pos: int) -> tuple[int, int] | None:
        """The sentence ending before the one containing pos, if any."""
        index = bisect_right(self._sentence_starts, pos) - 2
        return self.sentences[index] if index >= 0 else None

    def clause_of(self, pos: int) -> tuple[int, int]:
        """The clause range containing position pos."""
        return _containing(self.clauses, self._clause_starts, pos, len(self.s))

    def spans_with(self, trigger: re.Pattern[str]) -> Spans:
        """Sentence ranges of the lower-cased text in which trigger occurs."""
        return [(a, b) for a, b in self.sentences if trigger.search(self.low, a, b)]

    def evidence(self, start: int, end: int, cap: int = 90,
                 sentence: bool = False) -> tuple[int, int]:
        """A readable quote span around a core match: its clause (or sentence), capped."""
        c_start, c_end = self.sentence_of(start) if sentence else self.clause_of(start)
        c_start, c_end = min(c_start, start), max(c_end, end)
        c_start = max(c_start, start - cap)
        c_end = min(c_end, end + cap)
        if c_start < start:
            c_start = _word_start(self.text, c_start, start)
        if c_end > end:
            c_end = _word_end(self.text, c_end, end)
        return trim(self.text, c_start, c_end)


def read_windows(text: str) -> list[tuple[int, int]]:
    """The ranges of a message read for facts: all of it, or its head and tail if long; a
    window that only repeats one stretch of text is cut to two repeats."""
    if len(text) <= HEAD_CHARS + TAIL_CHARS:
        return [_unrepeated(text, 0, len(text))]
    head = _unrepeated(text, 0, _cut(text, HEAD_CHARS))
    if head[1] - head[0] < HEAD_CHARS // 2 and _repeat(text, 0, len(text)) is not None:
        return [head]  # the whole message is one stretch repeated: its tail says it again
    return [head, _unrepeated(text, _cut(text, len(text) - TAIL_CHARS), len(text))]


def prepare_windows(text: str, windows: list[tuple[int, int]]) -> list[str]:
    """The prepared text of each window of a message (see `read_windows`).

    Markup, quoted lines and a forwarded part can reach across a window's edge, so a long
    message with any of them is prepared whole; else each window is prepared alone (windows
    end at spaces, and the rest of a paste is never read)."""
    if windows == [(0, len(text))]:
        return [prepare(text)]
    if len(text) > MAX_SCAN_CHARS or "<" in text or ">" in text or _FORWARDED.search(text):
        whole = prepare(text)
        return [whole[start:end] for start, end in windows]
    return [prepare(text[start:end]) for start, end in windows]


def _unrepeated(text: str, start: int, end: int) -> tuple[int, int]:
    """The window, cut after two repeats when it repeats one stretch of text throughout."""
    period = _repeat(text, start, end)
    if period is None or 2 * period >= end - start:
        return start, end
    return start, min(end, _cut_after(text, start + 2 * period, period))


def _repeat(text: str, start: int, end: int) -> int | None:
    """The length of the stretch that text[start:end] repeats throughout, if it does."""
    if end - start < 4 * _REPEAT_PROBE:
        return None
    probe = text[start:start + _REPEAT_PROBE]
    limit = min(end, start + MAX_REPEAT_CHARS + _REPEAT_PROBE)
    found = text.find(probe, start + 1, limit)
    for _ in range(8):  # a few candidates: a probe recurring often is itself a repeat
        if found < 0:
            return None
        period = found - start
        if text[start + period:end] == text[start:end - period]:
            return period
        found = text.find(probe, found + 1, limit)
    return None


def _cut_after(text: str, pos: int, reach: int) -> int:
    """A cut at a space at or after pos (within reach), else pos."""
    found = text.find(" ", pos, pos + reach)
    return found + 1 if found >= 0 else pos


def _cut(text: str, pos: int) -> int:
    """A cut near pos at a sentence end, else at a space (never inside a word)."""
    for sep in (". ", "\n", " "):
        found = text.rfind(sep, pos - 300, pos)
        if found >= 0:
            return found + len(sep)
    return pos


def word_pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a rule that starts at a word boundary (several times faster to scan)."""
    return re.compile(rf"\b(?:{source})", flags)


def matches(pattern: re.Pattern[str] | Alternation, s: str, pos: int = 0, endpos: int | None = None,
            limit: int = MAX_MATCHES) -> Iterator[re.Match[str]]:
    """pattern.finditer, stopping after `limit` matches (bounded work on pasted text)."""
    found = pattern.finditer(s, pos, len(s) if endpos is None else endpos)
    return islice(found, limit)


def matches_in(pattern: re.Pattern[str], s: str, spans: Spans,
               limit: int = MAX_MATCHES) -> Iterator[re.Match[str]]:
    """Matches of pattern inside each span, in order, at most `limit` in all."""
    found = (m for a, b in spans for m in pattern.finditer(s, a, b))
    return islice(found, limit)


def prepare(text: str) -> str:
    """Return a same-length copy of text with markup and non-speech blanked."""
    if len(text) > _REMEMBERED_CHARS:
        return _prepare(text)
    return _prepare_remembered(text)


def _prepare(text: str) -> str:
    s = text[:MAX_SCAN_CHARS]
    if _MAPPED.search(s):  # str.translate with a dict is slow on non-ASCII text: only if needed
        s = s.translate(_CHAR_MAP)
    for pattern, may_match in _BLANKING:
        if may_match is None or may_match(s):
            s = pattern.sub(_blank, s)
    return s + " " * (len(text) - len(s))


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


# A turn prepares the lead's newest message several times (extraction, signals, questions,
# urgency): the last few texts up to this long are remembered (prepare is a pure function).
_REMEMBERED_CHARS = 4000
_prepare_remembered = lru_cache(maxsize=256)(_prepare)


def lower(text: str) -> str:
    """Lower-case text without changing its length (a few letters lower to two chars)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


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
    lower_breaks = [m.end() for pattern in (_LOWER_AFTER_WORD, _LOWER_AFTER_FIGURE)
                    for m in pattern.finditer(s)
                    if not _ABBREV.search(s[max(0, m.start() - 6):m.start()])]
    return sorted({*breaks, *lower_breaks}) if lower_breaks else breaks


def _ranges(s: str, cuts: list[int], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(s) if end is None else end
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if s[a:b].strip()]


def _capped(s: str, breaks: list[int]) -> list[int]:
    """Add breaks so that no sentence is longer than MAX_SENTENCE_CHARS."""
    out: list[int] = []
    last = 0
    for cut in [*breaks, len(s)]:
        while cut - last > MAX_SENTENCE_CHARS:
            space = s.rfind(" ", last + MAX_SENTENCE_CHARS // 2, last + MAX_SENTENCE_CHARS)
            last = space + 1 if space > 0 else last + MAX_SENTENCE_CHARS
            out.append(last)
        if cut < len(s):
            out.append(cut)
        last = cut
    return out


def _containing(ranges: list[tuple[int, int]], starts: list[int], pos: int,
                length: int) -> tuple[int, int]:
    index = bisect_right(starts, pos) - 1
    if index >= 0 and ranges[index][0] <= pos < ranges[index][1]:
        return ranges[index]
    return 0, length


def _word_start(text: str, pos: int, limit: int) -> int:
    """Move a cut that falls inside a word forward to the word's end."""
    while pos < limit and pos > 0 and text[pos - 1].isalnum() and text[pos].isalnum():
        pos += 1
    return pos


def _word_end(text: str, pos: int, limit: int) -> int:
    """Move a cut that falls inside a word back to the word's start."""
    while pos > limit and pos < len(text) and text[pos - 1].isalnum() and text[pos].isalnum():
        pos -= 1
    return pos
