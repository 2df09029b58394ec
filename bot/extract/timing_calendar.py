"""Calendar expressions: dates, months, quarters, half-years, years, seasons, holidays.

Each finder yields `TimeRef`s whose deadline follows the benchmark's rules: a bare
period means its first day ("ab Juni" → 1 June, "next quarter" → its first day),
"Ende"/"end of" its last day, "Mitte"/"mid" its middle. Expressions without a year
mean their next occurrence after the message's own date.

"At the earliest X" ("frühestens", "nicht vor", "erst", "not before/until") names when the
start may begin, not a target: for a period coarser than a month (a year, half-year or
season) it gives a horizon from the period's first day and no deadline; for a month,
quarter or date the first day stays the deadline ("frühestens im Februar" → 1 Feb).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from bot.extract import dates as cal
from bot.extract.scan import Spans, matches_in, word_pattern

MONTH_WORDS = cal.MONTH_RE
_POS = (r"(?:(?P<pos>ende|ändi|änd|end|anfang|beginn|start|beginning|early|mitte|mid|middle|late|"
        r"spätestens\s+ende|frühestens\s+ende)\s*(?:-\s*|of\s+(?:the\s+)?|des\s+|der\s+|vom\s+|"
        r"von\s+)?)?")
_PREP = (r"(?:im|in|ab|bis|by|until|till|before|after|from|vor|nach|zum|per|for|für|during|"
         r"through|around|um|gegen|circa|starting|beginning|spätestens|frühestens|"
         r"no\s+later\s+than|(?:no|not)\s+(?:earlier|sooner)\s+than|nicht\s+früher\s+als|"
         r"not\s+before|nicht\s+vor|this|next|nächsten|kommenden|diesen|"
         r"coming|des|of|"
         # A revised or hedged target: "wird eher Juni", "push that to September"
         r"eher|rather|lieber|wohl|vermutlich|probably|vielleicht|maybe|perhaps|eventuell|"
         r"richtung|towards|so|also|like|sometime\s+in|irgendwann\s+im|"
         r"(?:push(?:ed)?|move[ds]?|moving|shift(?:ed)?|postpone[ds]?|delay(?:ed)?|verschieben|"
         r"verschoben|schieben)\s+(?:\w+\s+)?(?:to|auf|into|until|bis|in\s+den|in\s+die))")
_PAST = re.compile(r"(?:seit|since|letzten|last|vergangenen|past|ago|zuletzt)\s*$")

_NUM_DATE = word_pattern(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2}(?!\d))?(?![\d])")
_VERSION = re.compile(r"(?:version|vers\.|release|update|ios|android|build|v)\s*$")
_ISO_DATE = word_pattern(r"(?<!\d)(20\d\d)-(\d{1,2})-(\d{1,2})(?!\d)")
_SLASH_DATE = word_pattern(r"(?:(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})|(?<=am |by |on )"
                         r"(\d{1,2})/(\d{1,2}))(?![\d/])")
_DAY_MONTH = word_pattern(
    rf"{_POS}(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\.?\s*(?:of\s+)?({cal.MONTH_RE})(?![a-zäöü])"
    rf"(?:,?\s+(\d{{4}}))?")
_MONTH_DAY = word_pattern(
    rf"(?<![a-zäöü])({cal.MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?![\d.,]\d|\d)"
    rf"(?:,?\s+(\d{{4}}))?")
# A day of the month without its month: "the 21st", "sat 21st", "on the 30th", "am 12.",
# "bis zum 20.". Not a rank ("the 2nd week", "der 3. Stock", "1st full week").
_DAY_ONLY = word_pattern(
    r"(?:(?<![\d.,/])(?P<en>\d{1,2})(?:st|nd|rd|th)(?![a-z])|(?:am|zum|bis\s+zum|ab\s+dem|vor\s+dem|"
    r"bis\s+spätestens\s+zum|spätestens\s+am|spätestens\s+zum)\s+(?P<de>\d{1,2})\.(?![\d]))"
    r"(?!\s*(?:of\s+)?(?:full\s+|whole\s+|ganze\s+)?(?:week|woche|floor|stock|etage|grade|klasse|time|"
    r"mal|year|jahr|month|monat|birthday|geburtstag|anniversary|quarter|quartal|half|place|platz|round|"
    r"runde|try|attempt|versuch|day|tag|child|kid|kind|baby|gen|generation|century|jahrhundert|"
    r"lebensjahr|semester|date|appointment|termin|session|stunde|lesson|class|person|one|"
    r"%|\d|" + MONTH_WORDS + r"))")
_MONTH = word_pattern(
    rf"(?:(?P<prep>{_PREP})\s+(?:the\s+)?)?{_POS}"
    rf"(?<![a-zäöü])(?P<month>{cal.MONTH_RE})(?![a-zäöü])(?:\s+(?P<year>20\d\d)|\s+(?P<nextyear>"
    rf"(?:im\s+)?nächste[ns]?\s+jahr(?:es)?|(?:im\s+)?kommende[ns]?\s+jahr(?:es)?|next\s+year))?")
_QUARTER = word_pattern(
    rf"{_POS}(?:q(?P<q>[1-4])|(?P<qn>[1-4])\.\s*quartal|(?P<qw>ersten|erste|erstes|zweiten|"
    rf"zweite|zweites|dritten|dritte|drittes|vierten|vierte|viertes|letzten|first|second|third|"
    rf"fourth|last)\s+(?:quartal|quarter)|quarter\s+(?P<qe>[1-4]))"
    rf"(?:\s*(?:/|')?\s*(?:of\s+)?(?P<year>20\d\d|\d\d(?!\d))|\s+(?P<qnext>(?:of\s+)?next\s+year|"
    rf"(?:des\s+)?nächsten\s+jahres|im\s+nächsten\s+jahr))?(?![\w])")
_REL_QUARTER = word_pattern(
    rf"{_POS}(?:(?P<next>nächste[nms]?|kommende[nms]?|folgende[nms]?|next|coming|following)\s+|"
    rf"(?P<this>diese[nms]?|this|current|laufende[nms]?|aktuelle[nms]?|the|des)\s+)?"
    rf"(?:quartal|quarter)s?(?![a-z])|"
    # Compounds: "zum Quartalsende", "Quartalsanfang".
    rf"quartals(?P<qpos>ende|anfang|beginn|mitte)(?![a-z])")
_HALF = word_pattern(
    rf"{_POS}(?:h(?P<h>[12])|(?P<hw>ersten|zweiten|erste|zweite|first|second)\s+(?:halbjahr|"
    rf"jahreshälfte|half)|(?P<hx>1\.|2\.)\s*(?:halbjahr|hj))"
    rf"(?:\s+(?:of\s+)?(?P<rel>next\s+year|this\s+year|nächsten\s+jahres|des\s+nächsten\s+jahres|"
    rf"dieses\s+jahres)|\s+(?P<year>20\d\d))?(?![\w])")
_REL_YEAR = word_pattern(
    rf"{_POS}(?:(?P<next>nächste[nms]?|kommende[nms]?|next|coming|following)\s+(?:jahr|year)"
    rf"(?:es|s)?(?![a-zäöü])|(?P<this>diese[nms]?|this|laufende[nms]?|current|des|the)\s+(?:jahr|year)"
    rf"(?:es|s)?(?![a-z])|(?P<heuer>heuer)(?![a-z])|"
    rf"(?P<end>jahresende|year[-\s]end|end\s+of\s+(?:the\s+)?year|ende\s+des\s+jahres|ende\s+jahr|"
    rf"jahresmitte|jahresanfang|jahresbeginn))")
# A bare year counts only with a preposition or a following "at the earliest" ("2027 frühestens").
_YEAR = word_pattern(rf"(?:{_POS}(?P<prep>im\s+jahr(?:e)?|in|ab|bis|by|für|for|from|until|"
                   rf"starting|sometime\s+in|anfang|ende|end\s+of|mitte|frühestens|not\s+before|"
                   rf"vielleicht|eventuell|maybe|perhaps|probably|wohl|eher|erst)\s+)?"
                   rf"(?P<year>20\d\d)(?![\d.,]\d)"
                   rf"(?(prep)|(?=\s*,?\s*(?:at\s+the\s+earliest|frühestens)\b))")
_SEASON = word_pattern(
    rf"(?:\b(?P<prep>nach|after|vor|before|bis|by|until|ab|from|im|in|über|over|during|diesen|dieses|this|"
    rf"nächsten|nächstes|nächste|next|kommenden|kommendes|coming|richtung|towards|gegen|around|eher|"
    rf"rather|lieber|nöchschts|nächschts|nächsts|für|for|vllt|vielleicht|evtl|eventuell|maybe|perhaps|"
    rf"probably|wohl)\s+)?"
    rf"(?:(?:the|dem|den|de|em|die)\s+)?(?:(?P<next2>nächsten|nächste|next|kommenden|coming)\s+)?{_POS}"
    rf"(?P<season>frühjahr|frühling|früelig|früehlig|frühlig|spring|sommer|summer|herbst|autumn|fall|"
    rf"winter)(?P<holiday>ferien|ferie|pause|urlaub|holidays?|break|vacation)?(?![a-zäöü])"
    rf"(?:\s+(?P<year>20\d\d)(?![\d.,]\d))?")
_HOLIDAY = word_pattern(
    r"(?:\b(?P<prep>nach|after|vor|before|bis|by|until|ab|from|zu|zum|an|at|über|over|um|around)"
    r"\s+)?(?:(?:the|dem|den)\s+)?\b(?P<day>ostern|osterferien|easter|weihnachten|christmas|xmas|"
    r"jahreswechsel|new\s+year|neujahr|turn\s+of\s+the\s+year|silvester|pfingsten|pentecost|"
    r"whitsun|black\s+friday|thanksgiving|(?:christmas\s+|winter\s+)?holidays|holiday\s+season|"
    r"feiertage[n]?|festtage[n]?|labou?r\s+day|memorial\s+day|halloween|valentine'?s?(?:\s+day)?|"
    r"valentinstag|(?:st\.?\s+)?patrick'?s\s+day|paddy'?s\s+day|diwali)(?![a-zäöü])"
    r"(?P<break>\s+(?:holidays|holiday|break))?")
# A holiday named without a preposition counts when the sentence refers back to it ("by then").
_BY_THEN = re.compile(r"\b(?:by\s+then|before\s+then|bis\s+dahin|vorher|davor|until\s+then)\b")
# Diwali moves with the lunar calendar.
_DIWALI = {2025: date(2025, 10, 20), 2026: date(2026, 11, 8), 2027: date(2027, 10, 29),
           2028: date(2028, 10, 17), 2029: date(2029, 11, 5), 2030: date(2030, 10, 26)}
_FIXED_HOLIDAYS = {"halloween": (10, 31), "valentine": (2, 14), "valentinstag": (2, 14),
                   "patrick": (3, 17), "paddy": (3, 17)}
_WEEK_NO = word_pattern(r"(?:kw|kalenderwoche|calendar\s+week|cw|week)\s*(\d{1,2})(?!\d)")

# "At the earliest" wording, then connective words up to the period ("frühestens im nächsten").
_CONNECT = (r"(?:(?:im|in|ab|nach|zum|zur|dem|den|der|die|das|des|the|von|vom|from|after|"
            r"a|an|ins|into)\s+)*")
_EARLIEST = re.compile(
    r"(?:\bfrühestens|\bnicht\s+(?:vor|früher\s+als|bevor)|\bnot\s+(?:before|until|till|"
    r"earlier\s+than|prior\s+to)|\bno\s+(?:earlier|sooner)\s+than|\bat\s+the\s+earliest|"
    r"\bearliest|\berst(?!\s+(?:mal|einmal|noch)\b))\s+" + _CONNECT)
_EARLIEST_AFTER = re.compile(r"\s*,?\s*(?:at\s+the\s+earliest|frühestens)\b")
# A start word before a season: "ab Herbst", "from spring", or any "at the earliest" word.
_START = re.compile(r"(?:\bab|\bfrom|\bstarting(?:\s+in)?|\bbeginning(?:\s+in)?|\bas\s+of|"
                    r"\bsobald)\s+" + _CONNECT)

_SEASONS = {"frühjahr": 3, "frühling": 3, "früelig": 3, "früehlig": 3, "frühlig": 3, "spring": 3,
            "sommer": 6, "summer": 6, "herbst": 9,
            "autumn": 9, "fall": 9, "winter": 12}


@dataclass(frozen=True)
class TimeRef:
    """A timing statement: where it is, the deadline it implies, or just a horizon."""

    start: int
    end: int
    deadline: date | None
    horizon: str | None = None
    confidence: float = 0.85
    specific: bool = True
    # First day of a named period coarser than a month ("nächstes Jahr", "Herbst"), if any.
    period_start: date | None = None
    # A day of the month named without its month ("the 21st"): the conversation may know it.
    day_only: bool = False


def find_calendar(s: str, text: str, ref: date, lang: str | None,
                  spans: Spans) -> Iterator[TimeRef]:
    """All calendar expressions of a scan text (text is the original, for letter case)."""
    finders = (_numeric_dates, _named_dates, _days_only, _months, _quarters, _halves, _years,
               _seasons, _holidays, _week_numbers)
    taken: list[tuple[int, int]] = []
    for finder in finders:
        for tref in finder(s, text, ref, lang, spans):
            if tref.deadline is None or tref.deadline < ref:
                continue
            if any(a < tref.end and tref.start < b for a, b in taken):
                continue
            if _PAST.search(s, max(0, tref.start - 12), tref.start):
                continue
            taken.append((tref.start, tref.end))
            if tref.period_start is not None and earliest_start(s, tref.start, tref.end):
                # "Frühestens nächstes Jahr": the start is not before then, no target date.
                start = max(tref.period_start, ref)
                tref = replace(tref, deadline=None, horizon=cal.horizon_for(start, ref))
            yield tref


def leads_into(pattern: re.Pattern[str], s: str, start: int, end: int) -> bool:
    """Whether a match of pattern runs (through connective words) into the span start:end."""
    return any(m.end() >= start for m in pattern.finditer(s, max(0, start - 40), end))


def earliest_start(s: str, start: int, end: int) -> bool:
    """Whether the time expression at start:end is said to be the earliest possible start."""
    return leads_into(_EARLIEST, s, start, end) or _EARLIEST_AFTER.match(s, end) is not None


def _pos_day(pos: str | None, first: date, last: date) -> date:
    """The day a position word picks inside a period (first day by default)."""
    words = set((pos or "").lower().replace("-", " ").split())
    if words & {"ende", "end", "late", "ändi", "änd"}:
        return last
    if words & {"mitte", "mid", "middle"}:
        return first + (last - first) / 2
    return first


def _numeric_dates(s: str, text: str, ref: date, lang: str | None,
                   spans: Spans) -> Iterator[TimeRef]:
    for m in matches_in(_NUM_DATE, s, spans):
        if _VERSION.search(s, max(0, m.start() - 12), m.start()):
            continue  # "Version 8.4."
        day = _make(ref, int(m.group(2)), int(m.group(1)), m.group(3))
        yield TimeRef(m.start(), m.end(), day, confidence=0.9)
    for m in matches_in(_ISO_DATE, s, spans):
        yield TimeRef(m.start(), m.end(), _make(ref, int(m.group(2)), int(m.group(3)),
                                                m.group(1)), confidence=0.9)
    for m in matches_in(_SLASH_DATE, s, spans):
        a, b = int(m.group(1) or m.group(4)), int(m.group(2) or m.group(5))
        month, day = (a, b) if lang == "en" and a <= 12 else (b, a)
        yield TimeRef(m.start(), m.end(), _make(ref, month, day, m.group(3)), confidence=0.7)


def _make(ref: date, month: int, day: int, year: str | None) -> date | None:
    if not 1 <= month <= 12:
        return None
    y = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
    return cal.upcoming_day(ref, month, day, y)


def _named_dates(s: str, text: str, ref: date, lang: str | None,
                 spans: Spans) -> Iterator[TimeRef]:
    for m in matches_in(_DAY_MONTH, s, spans):
        month = cal.month_number(m.group(3))
        if month and (_month_word_ok(text, m.start(3), m.group(3)) or _day_before_may(m)):
            yield TimeRef(m.start(), m.end(), _make(ref, month, int(m.group(2)), m.group(4)),
                          confidence=0.9)
    for m in matches_in(_MONTH_DAY, s, spans):
        month = cal.month_number(m.group(1))
        if month and _month_word_ok(text, m.start(1), m.group(1), strict=False):
            yield TimeRef(m.start(), m.end(), _make(ref, month, int(m.group(2)), m.group(3)),
                          confidence=0.9)


def _day_before_may(m: re.Match[str]) -> bool:
    """"16th may", "16. may", "16 of may": an ordinal day makes "may" the month ("16 may come"
    stays a verb)."""
    between = m.string[m.end(2):m.start(3)].strip()
    return m.group(3).lower() == "may" and between[:2] in ("st", "nd", "rd", "th", ".", "of")


def _days_only(s: str, text: str, ref: date, lang: str | None,
               spans: Spans) -> Iterator[TimeRef]:
    """"the 21st", "am 12.": the next such day of a month, this month's if still ahead."""
    for m in matches_in(_DAY_ONLY, s, spans):
        day = int(m.group("en") or m.group("de"))
        found = next((d for k in range(3) if (d := _day_in_month(cal.add_months(ref.replace(day=1), k), day))
                      and d >= ref), None)
        if found is not None:
            yield TimeRef(m.start(), m.end(), found, confidence=0.8, day_only=True)


def _day_in_month(first: date, day: int) -> date | None:
    try:
        return first.replace(day=day)
    except ValueError:
        return None


# Before "may", these make it the month ("by end of may", "in may"), not the verb.
_MAY_GATE = re.compile(r"(?:\b(?:in|by|until|till|before|after|from|since|of|early|mid|late|end|start|"
                       r"beginning|next|this|during|through)\s+)$")


def _month_word_ok(text: str, pos: int, word: str, strict: bool = False) -> bool:
    """"may" is a month as "May" or after "in/by/end of"; abbreviations need their dot or a
    day number."""
    if word.lower() == "may" and text[pos] != "M" and \
            not _MAY_GATE.search(text.lower(), max(0, pos - 20), pos):
        return False
    return not (strict and word.lower() in ("jan", "mar", "aug", "may"))


def _months(s: str, text: str, ref: date, lang: str | None,
            spans: Spans) -> Iterator[TimeRef]:
    for m in matches_in(_MONTH, s, spans):
        word = m.group("month")
        month = cal.month_number(word)
        gated = m.group("prep") or m.group("pos") or m.group("year")
        if not month or not _month_word_ok(text, m.start("month"), word):
            continue
        if not gated and (word.lower() in ("may", "august", "jan", "mar", "aug") or
                          not _opens_sentence(s, m.start(), m.end())):
            continue  # a bare month name counts only as the answer ("Juni.", "January, like ...")
        year = cal.upcoming_month(ref, month, int(m.group("year")) if m.group("year") else None)
        if m.group("nextyear"):
            year = ref.year + 1  # "ende august nächstes jahr"
        first, last = date(year, month, 1), cal.end_of_month(year, month)
        day = _pos_day(m.group("pos"), first, last)
        if _WITHIN.search(s, max(0, m.start() - 12), m.start("month")):
            day = last  # "noch im Juni", "still in june": by the end of it
        if day < ref <= last:
            day = last if not m.group("pos") else day
        yield TimeRef(m.start(), m.end(), day, confidence=0.85)


_WITHIN = re.compile(r"\b(?:noch|still)\s+(?:im|in)\s+$")
_SENTENCE_START = re.compile(r"(?:^|[.!?\n:;])[\s\W]*$")


def _opens_sentence(s: str, start: int, end: int) -> bool:
    """Whether a bare month opens a sentence and stands alone ("Juni.", "January, like ...")."""
    if not s[:start].strip(" ,.!-"):
        return True
    return _SENTENCE_START.search(s, max(0, start - 40), start) is not None and \
        re.match(r"\s*(?:$|[,.!?\n;:)-]|or\b|oder\b|/)", s[end:end + 6]) is not None


def _quarters(s: str, text: str, ref: date, lang: str | None,
              spans: Spans) -> Iterator[TimeRef]:
    for m in matches_in(_QUARTER, s, spans):
        q = m.group("q") or m.group("qn") or m.group("qe")
        quarter = int(q) if q else cal.ORDINAL_WORDS[m.group("qw").lower()]
        year = _year(m.group("year"))
        if m.group("qnext"):
            year = ref.year + 1
        elif year is None:
            year = ref.year if cal.quarter_end(ref.year, quarter) >= ref else ref.year + 1
        day = _pos_day(m.group("pos"), cal.quarter_start(year, quarter),
                       cal.quarter_end(year, quarter))
        yield TimeRef(m.start(), m.end(), max(day, ref), confidence=0.85)
    for m in matches_in(_REL_QUARTER, s, spans):
        current = cal.quarter_of(ref)
        year, quarter = ref.year, current
        if m.group("qpos"):
            first, last = cal.quarter_start(year, quarter), cal.quarter_end(year, quarter)
            yield TimeRef(m.start(), m.end(), max(_pos_day(m.group("qpos"), first, last), ref),
                          confidence=0.85)
            continue
        if m.group("next"):
            year, quarter = (ref.year + 1, 1) if current == 4 else (ref.year, current + 1)
        elif not m.group("pos") and (m.group("this") or "the").lower() in ("the", "des"):
            continue
        first, last = cal.quarter_start(year, quarter), cal.quarter_end(year, quarter)
        pos = m.group("pos") or ("" if m.group("next") else "end")
        yield TimeRef(m.start(), m.end(), max(_pos_day(pos, first, last), ref), confidence=0.85)


def _year(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) + (2000 if len(text) == 2 else 0)


def _halves(s: str, text: str, ref: date, lang: str | None,
            spans: Spans) -> Iterator[TimeRef]:
    for m in matches_in(_HALF, s, spans):
        raw = (m.group("h") or m.group("hw") or m.group("hx") or "").lower()
        half = 1 if raw in ("1", "1.", "ersten", "erste", "first") else 2
        year = _year(m.group("year")) or ref.year
        if m.group("rel") and "n" in m.group("rel").lower().split()[0][:2]:
            year = ref.year + 1
        first = date(year, 1 if half == 1 else 7, 1)
        last = date(year, 6, 30) if half == 1 else date(year, 12, 31)
        rolls = not (m.group("pos") or m.group("year") or m.group("rel")) and \
            first + timedelta(days=31) <= ref and _says_start(s, m.start(), m.end())
        if last < ref or rolls:  # "frühestens im zweiten Halbjahr" said in November: next one
            first, last = first.replace(year=year + 1), last.replace(year=year + 1)
        yield TimeRef(m.start(), m.end(), max(_pos_day(m.group("pos"), first, last), ref),
                      confidence=0.8, period_start=None if m.group("pos") else first)


def _years(s: str, text: str, ref: date, lang: str | None,
           spans: Spans) -> Iterator[TimeRef]:
    for m in matches_in(_REL_YEAR, s, spans):
        pos = m.group("pos")
        if m.group("next"):
            first, last = date(ref.year + 1, 1, 1), date(ref.year + 1, 12, 31)
        else:
            if (m.group("this") or "").lower() in ("des", "the") and not pos:
                continue
            first, last = date(ref.year, 1, 1), date(ref.year, 12, 31)
            end_word = (m.group("end") or "").lower()
            pos = pos or ("mitte" if "mitte" in end_word else "end")
            if end_word in ("jahresanfang", "jahresbeginn"):
                first, last, pos = date(ref.year + 1, 1, 1), date(ref.year + 1, 12, 31), ""
        yield TimeRef(m.start(), m.end(), max(_pos_day(pos, first, last), ref), confidence=0.8,
                      period_start=None if pos else first)
    for m in matches_in(_YEAR, s, spans):
        year, prep = int(m.group("year")), (m.group("prep") or "").lower()
        pos = m.group("pos") or (prep if prep in ("anfang", "ende", "end of", "mitte") else "")
        pos = pos or ("" if year > ref.year else "end")
        first, last = date(year, 1, 1), date(year, 12, 31)
        yield TimeRef(m.start(), m.end(), _pos_day(pos, first, last), confidence=0.75,
                      period_start=None if pos else first)


def _seasons(s: str, text: str, ref: date, lang: str | None,
             spans: Spans) -> Iterator[TimeRef]:
    for m in matches_in(_SEASON, s, spans):
        prep = (m.group("prep") or "").lower()
        if not (prep or m.group("pos") or m.group("holiday") or m.group("year")):
            continue
        start_month = _SEASONS[m.group("season").lower()]
        next_year = prep in ("nächsten", "nächstes", "nächste", "next", "kommenden", "kommendes", "coming",
                             "nöchschts", "nächschts", "nächsts") or m.group("next2") is not None

        def make(year: int, start_month: int = start_month) -> date:
            return cal.end_of_month(*_month_shift(year, start_month, 2))

        last = cal.upcoming(ref, make)
        if m.group("year"):
            last = make(int(m.group("year")))
            if last < ref:
                continue
        starts = not (m.group("pos") or m.group("year")) and _says_start(s, m.start(), m.end())
        if (next_year and last.year == ref.year) or (starts and _past_first_month(last, ref)):
            # "ab Herbst" said in late autumn: a start cannot lie in a season nearly over.
            last = make(last.year + 1)
        first = date(*_month_shift(last.year, last.month, -2), 1)
        whole = not (m.group("pos") or m.group("holiday"))
        if prep in ("nach", "after"):
            day, whole = last + timedelta(days=1), False
            if m.group("holiday") and start_month == 9:
                day = date(last.year, 11, 1)  # the autumn school break is in October
        elif prep in ("vor", "before", "bis", "by", "until") and not starts:
            day = first
        else:
            day = max(_pos_day(m.group("pos"), first, last), ref)
        yield TimeRef(m.start(), m.end(), day, confidence=0.7,
                      period_start=first if whole else None)


def _says_start(s: str, start: int, end: int) -> bool:
    """Whether a period is named as the start ("ab Herbst") or earliest start."""
    return leads_into(_START, s, start, end) or earliest_start(s, start, end)


def _past_first_month(last: date, ref: date) -> bool:
    """Whether ref lies in the season ending on `last`, after its first month."""
    return date(*_month_shift(last.year, last.month, -1), 1) <= ref <= last


def _month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _holidays(s: str, text: str, ref: date, lang: str | None,
              spans: Spans) -> Iterator[TimeRef]:
    for m in matches_in(_HOLIDAY, s, spans):
        name, prep = m.group("day").lower(), (m.group("prep") or "").lower()
        after = prep in ("nach", "after")
        fixed = next((v for k, v in _FIXED_HOLIDAYS.items() if name.startswith(k) or k in name), None)
        if name.startswith(("oster", "easter")):
            weeks = 1 if after and (name == "osterferien" or m.group("break")) else 0
            offset = timedelta(days=(2 if after else 0) + 7 * weeks)
            day = cal.upcoming(ref, lambda y, o=offset: cal.easter(y) + o)
        elif fixed is not None:
            day = cal.upcoming(ref, lambda y, f=fixed, a=after: date(y, *f) + timedelta(days=int(a)))
        elif name.startswith(("labor", "labour")):
            day = cal.upcoming(ref, lambda y, a=after: _first_monday(y, 9) + timedelta(days=int(a)))
        elif name == "memorial day":
            day = cal.upcoming(ref, lambda y: _first_monday(y, 6) - timedelta(days=7))
        elif name == "diwali":
            found = [d for d in _DIWALI.values() if d >= ref]
            if not found:
                continue
            day = found[0]
        elif name in ("pfingsten", "pentecost", "whitsun"):
            day = cal.upcoming(ref, lambda y: cal.easter(y) + timedelta(days=49))
        elif name in ("black friday", "thanksgiving"):
            offset = 1 if name == "black friday" else 0
            day = cal.upcoming(ref, lambda y, o=offset: cal.thanksgiving(y) + timedelta(days=o))
        elif name in ("weihnachten", "christmas", "xmas"):
            day = cal.upcoming(ref, lambda y, after=after: date(y, 12, 27 if after else 24))
        elif name in ("jahreswechsel", "new year", "neujahr", "turn of the year", "silvester"):
            day = date(ref.year + 1, 1, 1)
        elif ref.month >= 10:
            # "the holidays" / "die Feiertage" late in the year: Christmas to New Year.
            day = date(ref.year + 1, 1, 7) if after else date(ref.year, 12, 24)
        else:
            continue  # in spring or summer "the holidays" may be any vacation
        if not prep and name not in ("jahreswechsel", "turn of the year") and \
                not _BY_THEN.search(s, m.end(), m.end() + 80) and not _opens_sentence(s, m.start(), m.end()):
            continue
        # A named holiday with a preposition is as firm as a date ("before Black Friday").
        yield TimeRef(m.start(), m.end(), day, confidence=0.85)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _week_numbers(s: str, text: str, ref: date, lang: str | None,
                  spans: Spans) -> Iterator[TimeRef]:
    for m in matches_in(_WEEK_NO, s, spans):
        week = int(m.group(1))
        if not 1 <= week <= 53:
            continue
        try:
            day = date.fromisocalendar(ref.year, week, 1)
            if day < ref - timedelta(days=6):
                day = date.fromisocalendar(ref.year + 1, week, 1)
        except ValueError:
            continue
        yield TimeRef(m.start(), m.end(), max(day, ref), confidence=0.8)
