"""Timing facts: when the lead wants to start or have it, as horizon and deadline.

Relative expressions resolve against the message's own timestamp. Horizons follow
the benchmark: now ≤ 30 days, soon 31–120, later > 120, none = explicitly no timeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from bot.extract import dates as cal
from bot.extract import lexicon
from bot.extract.hits import Hit
from bot.extract.numbers import de_word_value, en_word_value, parse_digits
from bot.extract.scan import Scan, Spans, matches, matches_in, word_pattern
from bot.extract.timing_calendar import TimeRef, find_calendar, leads_into
from bot.types import Candidate

_QTY = (r"(?P<qty>\d{1,3}(?:[.,]\d)?|ein(?:e[mnrs]?)?|a|an|one|zwei|two|drei|three|vier|four|"
        r"fünf|five|sechs|six|sieben|seven|acht|eight|neun|nine|zehn|ten|elf|eleven|zwölf|twelve|"
        r"vierzehn|fourteen|achtzehn|eighteen|zwanzig|twenty|dreißig|thirty|anderthalb|"
        r"eineinhalb|(?:ein\s+)?paar|a\s+couple(?:\s+of)?|couple\s+of|a\s+few|few|einigen|"
        r"einige|several|mehreren|mehrere|wenigen|wenige|halben|halbes|half\s+a|a\s+half)")
_UNIT = (r"(?P<unit>tage?n?|tages|days?|wochen?|weeks?|fortnights?|monate?n?|monats|months?|jahre?n?|"
         r"jahres|years?|quartale?n?|quarters?)(?![a-zäöü])")
_APPROX = lexicon.compose(r"(?:(?:<<approximation>>|<<hedge>>|<<timing.at_most>>)\s+)?").pattern
_RELATIVE = word_pattern(
    rf"(?:(?P<lead>in(?:nerhalb)?(?:\s+von|\s+der|\s+den|\s+des)?|within(?:\s+the)?|binnen|"
    rf"over\s+the|in\s+the|im\s+laufe\s+der|during\s+the|bis\s+in|in\s+about)\s+"
    rf"(?:(?:nächsten|next|kommenden|coming|folgenden|following)\s+)?{_APPROX}"
    rf"(?:(?:einem|einer|eines|a)\s+(?=halb|half))?{_QTY}\s+{_UNIT})",

)
_FROM_NOW = word_pattern(rf"{_QTY}\s+{_UNIT}\s+(?:from\s+now|out|von\s+jetzt\s+an|ab\s+jetzt|"
                       rf"ab\s+heute)")
_BARE_DURATION = re.compile(rf"^\W*{_APPROX}{_QTY}\s+{_UNIT}")
_VAGUE_PLURAL = word_pattern(
    r"(?:in\s+den|in\s+the|within\s+the|over\s+the|innerhalb\s+der)\s+(?:nächsten|next|"
    r"kommenden|coming)\s+(?P<unit>tagen|days|wochen|weeks|monaten|months)")
_NEXT_UNIT = word_pattern(
    r"(?P<pos>(?:ende|end|anfang|beginning|start|mitte|mid)\s+(?:of\s+)?)?(?P<rel>übernächste[nmrs]?|"
    r"nächste[nmrs]?|kommende[nmrs]?|next|coming|diese[nmrs]?|this|in\s+dieser)\s+"
    r"(?P<unit>woche|week|monat|month)(?:s|es)?(?![a-zäöü])|(?P<month_end>monatsende|"
    r"ende\s+des\s+monats|end\s+of\s+(?:the\s+)?month|wochenende|end\s+of\s+(?:the\s+)?week)",

)
_DAY_WORD = word_pattern(
    # Dialect: "hüt oder morn" (Swiss), "geht des heid no?" (Austrian).
    r"(?P<d5>hüt|hüüt|heid|heit|heut)\s+(?:no|noch|oder|od|am|z'?|bitte)\b|(?:spötestens|spätestens|oder)\s+"
    r"(?P<d6>morn|moarn)\b|"
    r"(?:bis|by|until|ab|from|starting|noch|as\s+of|für|for)\s+(?P<d>heute|today|morgen|tomorrow|"
    r"übermorgen)|(?P<d2>heute|morgen|today|tomorrow)\s+(?:noch|schon|already)|"
    # A day word with a visit or a request: "can someone come today", "morgen früh reicht".
    r"(?:come|see|seen|visit|fix|there|here|kommen|vorbei\w*|schauen|reparier\w*|help|hilfe|slot|"
    r"termin|appointment|please|bitte|need|brauche\w*|start|begin|drop|bring)\s+(?:\w+\s+){0,3}?"
    r"(?P<d3>heute|today|tomorrow|"
    r"tmrw|morgen)(?![a-zäöü])|(?P<d4>heute|today|tomorrow|tmrw|morgen)\s+(?:früh|vormittag|"
    r"nachmittag|morning|afternoon|evening|reicht|passt|works|is\s+fine|geht|wäre|would|or|oder|"
    r"anfangen|starten|beginnen|los)\b")
_WEEKDAY = word_pattern(
    rf"(?:bis|by|until|ab|from|am|on|starting|nächsten|nächster|nächste|next|kommenden|diesen|this)\s+"
    rf"(?P<day>{cal.WEEKDAY_RE})(?![a-zäöü])|"
    # A weekday offered or taken as a slot: "Dienstag 7:30 wäre frei", "thursday at 9", "dienstag passt".
    rf"(?<!black\s)(?<!good\s)(?<!holy\s)(?P<slot>{cal.WEEKDAY_RE})(?=\s+(?:um\s+|at\s+|ab\s+|,\s*)?\d{{1,2}}(?:[:.]\d\d)?\s*(?:uhr|h|am|pm)?\b|"
    rf"\s+(?:wäre|wär|ist|is|would|works|passt|geht|klappt|is\s+fine|sounds)\b)")
_NONE = lexicon.pattern("timing.none")
# Someone's life event ("wir heiraten im juli", "baby's due 3rd june"): its date is context for
# the request, not the lead's timeline, unless the lead answers the timing question with it.
_LIFE_EVENT = lexicon.pattern("timing.life_event")
# "schönes Wochenende!", "have a great weekend": a wish, no date.
_GREETING = lexicon.pattern("timing.greeting")
_ASAP = lexicon.pattern("timing.asap")
_SAME_DAY = lexicon.pattern("timing.same_day")
_CONCLUSION = lexicon.pattern("timing.conclusion")
_OPENING = lexicon.pattern("timing.conclusion_opening")
_SLOT = lexicon.pattern("timing.slot")
_REPLY = lexicon.pattern("timing.reply")
_MONEY = lexicon.pattern("timing.money_context")
# A weekday or a day word: the refs a time slot can name ("monday 4.40 pls").
_DAY_NAME = re.compile(rf"{cal.WEEKDAY_RE}|\b(?:heute|heut|morgen|today|tomorrow|tmrw|tonight)\b")
# "budget ... für nächstes Jahr": the year is the budget's period, not a target.
_FOR = re.compile(r"\b(?:für|for)\s+(?:das\s+|the\s+)?$")
_NOW = lexicon.searcher("timing.now")  # 50 phrasings: by those a message may hold
_SOON = lexicon.pattern("timing.soon")
_LATER = lexicon.pattern("timing.later")
# Sentences without any of these cannot hold a date or duration: calendar rules skip them.
_TRIGGER = re.compile(
    r"\d|jan|feb|mär|maer|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec|quart|halb|half|"
    r"\bh[12]\b|woche|week|fortnight|monat|month|jahr|year|tag|day|\bkw|\bcw|heute|morgen|today|"
    r"tomorrow|tmrw|sommer|summer|herbst|autumn|fall|winter|frühjahr|frühling|spring|ostern|easter|"
    r"hüt|hüüt|heid|heit|heut|morn|moarn|früelig|früehlig|frühlig|"
    r"weihnacht|christmas|xmas|neujahr|new\s+year|silvester|jahreswechsel|paar|couple|few|"
    r"pfingst|pentecost|whitsun|black\s+friday|thanksgiving|holiday|feiertag|festtag|heuer|"
    r"labou?r\s+day|patrick|paddy|valentin|halloween|memorial\s+day|diwali|ferien|"
    r"einige|several|mehrere|wenige")
# A clause about the past ("We started in January") names no target date.
PAST = lexicon.compose(r"\b(?:<<past>>|<<timing.past_event>>)\b")
# Done already: "hab am montag die kündigung bekommen", "im sommer eine gmbh gegründet",
# "haven't been to a dentist in 9 years", "grew from 20 to 90 people in 18 months".
_DONE = re.compile(
    r"\b(?:(?:hab|habe|haben|hat|hatte|hatten|ist|sind|bin)\b[^.!?]{0,50}?\b(?:bekommen|gekriegt|"
    r"erhalten|gegründet|eröffnet|geheiratet|umgezogen|gekündigt|geschickt|gemacht|gehabt)|"
    r"founded|graduated|haven'?t\s+been|hasn'?t\s+been|grew|dropped|fell)\b")
# A clause about someone being away names their availability, not a target date.
_ABSENCE = lexicon.pattern("timing.absence")
# "ich flieg am 25. juli in urlaub und will das vorher angefangen haben": done before leaving.
# "gerne direkt nach unserem urlaub, wir sind bis 5. juli weg": started when back.
_BEFORE_AWAY = re.compile(r"\b(?:vorher|davor|bevor|beforehand|before\s+(?:that|then|i\s+go|we\s+go|"
                          r"i\s+leave|we\s+leave)|danach|afterwards|when\s+(?:i'?m|we'?re)\s+back|"
                          r"(?:nach|after)\s+(?:dem|unserem|meinem|my|our|the)\s+(?:urlaub|holiday|vacation|trip|"
                          r"reise))\b")
# A date for a meeting ("können wir nächste woche telefonieren?", "demo next tuesday?") is
# when to talk, not when the lead wants the thing; it does not replace a timeline (resolve).
MEETING = "meeting"
DAY_OF_MONTH = "day_of_month"
_MEETING = lexicon.pattern("timing.meeting")
# Only a proposal or a question sets a meeting: "können wir nächste woche telefonieren?".
_PROPOSAL = re.compile(r"\?|\b(?:können|könnten|wollen|sollen)\s+(?:wir|sie)\b|\b(?:can|could|shall)\s+"
                       r"(?:we|you)\b|\blet'?s\b|how\s+about|wie\s+wäre|are\s+you\s+free|hätten\s+sie\s+zeit")
# A hedge before a date ("maybe next year"): a guess, not a plan.
_HEDGE = lexicon.compose(r"\b(?:<<hedge>>)\s+(?:(?:<<timing.date_lead_in>>)\s+)*")
# "zeitlich ist das kein Thema vor 2028", "not before 2028": a year before which nothing happens.
_NOT_BEFORE_YEAR = word_pattern(
    r"(?:nicht|kein\s+thema|keine\s+option|not|no\s+earlier|never|nothing|irrelevant|"
    r"not\s+relevant|not\s+a\s+(?:topic|priority))\s+(?:\w+\s+){0,2}?(?:vor|before|until|till|than)\s+"
    r"(?:dem\s+jahr\s+|the\s+year\s+)?(?P<year>20\d\d)\b")
_YEAR_ONLY = re.compile(r"year|jahr")  # "next year"; a named year ("vielleicht 2028") stays a date
_FEW = {"paar": 3, "ein paar": 3, "a couple of": 2, "a couple": 2, "couple of": 2, "a few": 3,
        "few": 3, "einigen": 3, "einige": 3, "several": 3, "mehreren": 3, "mehrere": 3,
        "wenigen": 2, "wenige": 2, "halben": 0.5, "halbes": 0.5, "half a": 0.5, "a half": 0.5,
        "a": 1, "an": 1}


def offered(bot_text: str, at: datetime) -> Hit | None:
    """The date a bot message offers ("Morgen 17 Uhr wäre frei", "Next block starts 3 March"),
    if it names one: what a lead who takes the offer wants. Bot messages are templated and a
    date is read relative to the day only, so each (message, day) is read once per process;
    the hit is shared: its value must not be changed."""
    return _offered_on(bot_text[:1000], datetime.combine(at.date(), time(), at.tzinfo))


@lru_cache(maxsize=1024)
def _offered_on(bot_text: str, day: datetime) -> Hit | None:
    dated = [h for h in find_timing(Scan(bot_text, day), None) if h.value.get("deadline")]
    return dated[0] if dated else None


def find_timing(scan: Scan, lang: str | None, asked: bool = False) -> list[Hit]:
    """Timing hits in one lead message; asked=True after the bot's timing question."""
    ref = scan.at.date()
    hits = []
    taken: list[tuple[int, int]] = []
    away: dict[tuple[int, int], bool] = {}  # per clause, searched once
    no_timeline = False
    for tref in _all_refs(scan, lang, ref, asked):
        if any(a < tref.end and tref.start < b for a, b in taken):
            continue
        no_timeline = no_timeline or tref.horizon == "none"  # "none" refs come first
        if no_timeline and tref.horizon != "none" and leads_into(_HEDGE, scan.low, tref.start,
                                                                 tref.end):
            continue  # "no rush, maybe next year": the explicit "no rush" outweighs a maybe
        clause = scan.clause_of(tref.start)
        if clause not in away:
            away[clause] = _ABSENCE.search(scan.low, *clause) is not None
        if away[clause] and not _BEFORE_AWAY.search(scan.low, *scan.sentence_of(tref.start)):
            continue  # "Bin im Urlaub bis 20.04.": when the lead is away, not the target
        if tref.deadline is not None and leads_into(_HEDGE, scan.low, tref.start, tref.end) \
                and _YEAR_ONLY.search(scan.low, tref.start, tref.end):
            # "maybe next year": a hedged year is a horizon, not a target date.
            tref = replace(tref, horizon=cal.horizon_for(tref.deadline, ref), deadline=None,
                           specific=False)
        if _budget_period(scan, tref, clause) or _reply_time(scan, tref, clause) or \
                _GREETING.search(scan.low, max(0, tref.start - 24), tref.end) or \
                (not asked and tref.horizon != "none" and scan.has(_LIFE_EVENT, *clause)):
            continue  # a budget's year, when the lead replies, a greeting, someone's life event
        taken.append((tref.start, tref.end))
        if _concludes(scan, tref.start):
            tref = replace(tref, confidence=0.95)  # "Q3, so july": the date the lead settles on
        hit = _hit(scan, tref, ref)
        sentence = scan.sentence_of(tref.start)
        proposed = scan.has(_MEETING, *sentence) and \
            _PROPOSAL.search(scan.low, sentence[0], sentence[1] + 1)
        if proposed or _slot(scan, tref, sentence):
            hit = replace(hit, flags=hit.flags | {MEETING})
        hits.append(hit)
    return _asap_first(scan, hits)


_FIRST_WORD = re.compile(r"\S+\s+")


def _concludes(scan: Scan, start: int) -> bool:
    """Whether a conclusion word ("so", "also", "ideally") leads into the ref at start (also as
    the ref's own first word, "so july"), or opens its sentence ("Also nicht so eilig, bis Ende
    Juni wäre schön")."""
    s = scan.low
    first = _FIRST_WORD.match(s, start)
    ends = (start, first.end()) if first else (start,)
    if any(_CONCLUSION.search(s, max(0, start - 16), end) for end in ends):
        return True
    opening = _OPENING.match(s, scan.sentence_of(start)[0])
    return opening is not None and opening.end() <= start


def _budget_period(scan: Scan, tref: TimeRef, clause: tuple[int, int]) -> bool:
    """"budget ... eingeplant für dieses Jahr", "45.000 umsatz heuer": a year that is the period
    of a budget or a figure, not a target."""
    if not _YEAR_ONLY.search(scan.low, tref.start, tref.end) and "heuer" not in scan.low[tref.start:tref.end]:
        return False
    if _FOR.search(scan.low, max(0, tref.start - 12), tref.start):
        return _MONEY.search(scan.low, *scan.sentence_of(tref.start)) is not None
    return _MONEY.search(scan.low, *clause) is not None


def _reply_time(scan: Scan, tref: TimeRef, clause: tuple[int, int]) -> bool:
    """"will let u know tonight", "mach ich heute noch": when the lead answers, not the target."""
    return (tref.deadline is None or (tref.deadline - scan.at.date()).days <= 2) and \
        _REPLY.search(scan.low, *clause) is not None


def _slot(scan: Scan, tref: TimeRef, sentence: tuple[int, int]) -> bool:
    """A weekday or day word with a time of day is an appointment slot ("monday 4.40 pls",
    "heut abend um 18 uhr"): when to meet, not when the lead wants the thing."""
    return tref.deadline is not None and (tref.deadline - scan.at.date()).days <= 7 and \
        _DAY_NAME.search(scan.low, tref.start, tref.end) is not None and \
        _SLOT.search(scan.low, *sentence) is not None


def _asap_first(scan: Scan, hits: list[Hit]) -> list[Hit]:
    """"so bald wie möglich ... aber X ist erst im august": the wish to start at once outweighs
    a later date of the same message (a limit, or someone else's date), unless the lead
    settles on it ("asap, so realistically june")."""
    wish = min((h.start for h in hits if h.value["horizon"] == "now" and h.value["deadline"] is None
                and _ASAP.search(scan.low, h.start, h.end)), default=None)
    if wish is None:
        return hits
    return [h for h in hits if h.value["horizon"] in ("now", "none") or h.confidence >= 0.95 or
            h.start < wish]


def _all_refs(scan: Scan, lang: str | None, ref: date, asked: bool) -> Iterator[TimeRef]:
    s = scan.low
    # "no rush" first: "eilt nicht" must not be read as the urgency word "eilt".
    for m in matches(_NONE, s):
        yield TimeRef(m.start(), m.end(), None, "none", 0.75, specific=False)
    for m in matches(_NOT_BEFORE_YEAR, s):
        # "kein Thema vor 2028": nothing happens before that year; it is no target date.
        start = date(int(m.group("year")), 1, 1)
        yield TimeRef(m.start(), m.end(), None, cal.horizon_for(start, ref), 0.8)
    spans = scan.spans_with(_TRIGGER)
    for tref in _relative(s, ref, asked, spans):
        if not scan.has(_DONE, *scan.clause_of(tref.start)):
            yield tref  # "haven't been to a dentist in 9 years" names no target
    for tref in find_calendar(s, scan.text, ref, lang, spans):
        clause = scan.clause_of(tref.start)
        if not scan.has(PAST, *clause) and not scan.has(_DONE, *clause):
            yield tref
    for pattern, horizon, confidence in ((_NOW, "now", 0.7), (_SOON, "soon", 0.5),
                                         (_LATER, "later", 0.55)):
        for m in matches(pattern, s):
            if horizon == "now" and _SAME_DAY.search(s, m.start(), m.end()):
                # "today ideally", "tonight if u can": today is the deadline
                yield TimeRef(m.start(), m.end(), ref, confidence=confidence, specific=False)
                continue
            yield TimeRef(m.start(), m.end(), None, horizon, confidence, specific=False)


def _relative(s: str, ref: date, asked: bool, spans: Spans) -> Iterator[TimeRef]:
    for pattern in (_RELATIVE, _FROM_NOW):
        for m in matches_in(pattern, s, spans):
            day = _shift(ref, m.group("qty"), m.group("unit"))
            if day is not None:
                yield TimeRef(m.start(), m.end(), day, confidence=0.85)
    if asked:
        m = _BARE_DURATION.match(s)
        if m and (day := _shift(ref, m.group("qty"), m.group("unit"))) is not None:
            yield TimeRef(m.start("qty"), m.end(), day, confidence=0.65)
    for m in matches_in(_VAGUE_PLURAL, s, spans):
        unit = m.group("unit").lower()
        days = 7 if unit.startswith(("tag", "day")) else 28 if unit.startswith("w") else 90
        yield TimeRef(m.start(), m.end(), ref + timedelta(days=days), confidence=0.6)
    for m in matches_in(_NEXT_UNIT, s, spans):
        yield TimeRef(m.start(), m.end(), _next_unit(m, ref), confidence=0.8)
    for m in matches_in(_DAY_WORD, s, spans):
        word = next(m.group(g) for g in ("d", "d2", "d3", "d4", "d5", "d6") if m.group(g)).lower()
        offset = {"heute": 0, "today": 0, "morgen": 1, "tomorrow": 1, "tmrw": 1, "übermorgen": 2,
                  "hüt": 0, "hüüt": 0, "heid": 0, "heit": 0, "heut": 0, "morn": 1, "moarn": 1}[word]
        yield TimeRef(m.start(), m.end(), ref + timedelta(days=offset), confidence=0.75)
    for m in matches_in(_WEEKDAY, s, spans):
        day = cal.next_weekday(ref, cal.WEEKDAYS[(m.group("day") or m.group("slot")).lower()])
        yield TimeRef(m.start(), m.end(), day, confidence=0.75)


def _shift(ref: date, qty: str, unit: str) -> date | None:
    """ref moved by qty units (calendar months for months, quarters and years)."""
    amount = _quantity(qty)
    if amount is None or amount <= 0 or amount > 1000:
        return None
    unit = unit.lower()
    if unit.startswith(("tag", "day")):
        return ref + timedelta(days=round(amount))
    if unit.startswith(("woche", "week", "fortnight")):
        return ref + timedelta(days=round((14 if unit.startswith("fortnight") else 7) * amount))
    months = amount * (12 if unit.startswith(("jahr", "year")) else
                       3 if unit.startswith(("quartal", "quarter")) else 1)
    if months == int(months):
        return cal.add_months(ref, int(months))
    return ref + timedelta(days=round(months * 30.44))


def _quantity(qty: str) -> float | None:
    q = re.sub(r"\s+", " ", qty.lower())
    if q in _FEW:
        return _FEW[q]
    if q[0].isdigit():
        return parse_digits(q)
    return de_word_value(q) or en_word_value(q)


def _next_unit(m: re.Match[str], ref: date) -> date:
    pos = (m.group("pos") or "").lower().split()
    if m.group("month_end"):
        word = m.group("month_end").lower()
        if "woche" in word or "week" in word:
            return ref + timedelta(days=max(0, 4 - ref.weekday()))
        return cal.end_of_month(ref.year, ref.month)
    rel, unit = m.group("rel").lower(), m.group("unit").lower()
    ahead = 2 if rel.startswith("über") else 0 if rel.startswith(("dies", "this", "in")) else 1
    if unit in ("woche", "week"):
        monday = ref - timedelta(days=ref.weekday()) + timedelta(days=7 * ahead)
        if ahead == 0:
            return ref + timedelta(days=max(0, 4 - ref.weekday()))
        return monday + timedelta(days=4) if pos and pos[0] in ("ende", "end") else \
            monday if pos else ref + timedelta(days=7 * ahead)
    first = cal.add_months(ref.replace(day=1), ahead)
    last = cal.end_of_month(first.year, first.month)
    if ahead == 0 or (pos and pos[0] in ("ende", "end")):
        return last
    return first + timedelta(days=14) if pos and pos[0] in ("mitte", "mid") else first


def _hit(scan: Scan, tref: TimeRef, ref: date) -> Hit:
    horizon = tref.horizon
    if tref.deadline is not None:
        horizon = cal.horizon_for(tref.deadline, ref)
    value = {"horizon": horizon,
             "deadline": tref.deadline.isoformat() if tref.deadline else None}
    start, end = scan.evidence(tref.start, tref.end)
    flags = frozenset({DAY_OF_MONTH}) if tref.day_only else frozenset()
    return Hit("timing", value, start, end, tref.confidence, specific=tref.specific, flags=flags)


def in_month_of(candidate: Candidate, known: date | None, at: datetime) -> Candidate:
    """A day named without its month ("completion now the 21st", "make it thurs 10th") in the
    month of the date the conversation already has, when that month lies later."""
    if known is None or DAY_OF_MONTH not in candidate.flags or not candidate.value.get("deadline"):
        return candidate
    day = date.fromisoformat(candidate.value["deadline"])
    if (known.year, known.month) <= (day.year, day.month):
        return candidate
    try:
        moved = known.replace(day=day.day)
    except ValueError:
        return candidate
    value = {"horizon": cal.horizon_for(moved, at.date()), "deadline": moved.isoformat()}
    return replace(candidate, value=value, flags=candidate.flags | {"from_context"})
