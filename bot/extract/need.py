"""Need facts: a stated problem, goal or concrete interest, or a clear "no need".

Wanting to *start* something is timing, not need ("Wir möchten ab Juni starten");
checking with the boss is authority ("Ich muss das erst abstimmen"). A need names a
problem or what should get better. An opt-out is a "no need" that the policy must
also honour, so it carries the `opt_out` flag.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import chain

from bot.extract import lexicon
from bot.extract.hits import Hit
from bot.extract.scan import Scan, matches

# Problems, complaints and pain in plain words; wishes, requests and goals; "no need"; opt-outs.
# Every phrasing starts with a letter at a word start, so the look-ahead in their shape
# rejects digits, symbols and emoji before any alternative is tried (fast on pasted junk).
# German compounds that end in a problem word ("Terminchaos") have their own family.
# The two long families (163 and 37 phrasings) are searched by the phrasings a message may hold.
_PROBLEM = lexicon.searcher("need.problem")
_PROBLEM_IN_COMPOUND = lexicon.pattern("need.problem_in_compound")
_GOAL = lexicon.searcher("need.goal")
# A wish given as a bare phrase at the start of a clause: "mehr Termine, weniger Telefon",
# "Angebot für 2 Standorte bitte". One pattern for the message start, one led by the clause
# break itself: a leading character class lets the regex engine skip ahead fast.
_WISH_BODY = (r"\s*(?:(?:<<need.wish_connective>>)\s+)?(?:(?:<<need.comparative>>)\s+"
              r"(?!<<need.not_after_comparative>>)[a-zäöüß-]{3,}|<<need.offer_for>>)")
_WISH_AT_START = lexicon.compose(_WISH_BODY)
_WISH = lexicon.compose(r"[,;:!?\n.]" + _WISH_BODY)
_NO_NEED = lexicon.pattern("need.none")
_OPT_OUT = lexicon.pattern("need.opt_out")
# "Bis Ende März bräuchten wir das", "we need it by June": wanting "it" by a date restates
# the need already given. Such a hit is vague, so it does not replace a stated need.
_PRONOUN_OBJECT = lexicon.compose(r"(?:\s*(?:<<need.restating_subject>>)\s+)?\s*(?:<<pronoun.object>>)\b"
                                  r"(?!\s+(?:\w+\s+)?(?:<<need.purpose_word>>)\b)")
_PRONOUN_AT_END = lexicon.compose(r"\b(?:<<pronoun.object>>)$")
_NEGATED = lexicon.compose(r"(?:<<negation>>|<<negation.no>>)\s+(?:\w+\s+)?$")


# Clauses shorter than this (chars) are quoted together with the rest of their sentence.
_SHORT_CLAUSE = 25


def find_need(scan: Scan) -> list[Hit]:
    """Need hits in one lead message, the opt-out ones flagged."""
    s = scan.low
    hits: list[Hit] = []
    for m in matches(_OPT_OUT, s):
        hits.append(_hit(scan, m, False, 0.95, frozenset({"opt_out"})))
    for m in matches(_NO_NEED, s):
        if not _NEGATED.search(s, max(0, m.start() - 16), m.start()):
            hits.append(_hit(scan, m, False, 0.8))
    for pattern, confidence in ((_GOAL, 0.8), (_WISH, 0.75), (_PROBLEM, 0.75),
                                (_PROBLEM_IN_COMPOUND, 0.75)):
        found = matches(pattern, s)
        if pattern is _WISH:
            found = chain(filter(None, [_WISH_AT_START.match(s)]), found)
        for m in found:
            if not _covered(hits, m) and not _NEGATED.search(s, max(0, m.start() - 16),
                                                             m.start()):
                hit = _hit(scan, m, True, confidence)
                if pattern is _GOAL and _restates(s, m):
                    hit = replace(hit, specific=False)
                hits.append(hit)
    return hits


def _restates(s: str, m: re.Match[str]) -> bool:
    """True when a need verb's object is only "das"/"it": a restated need, often with a date."""
    tail = _PRONOUN_AT_END.search(m.group())
    return tail is not None or _PRONOUN_OBJECT.match(s, m.end()) is not None


def opt_out(text: str) -> bool:
    """True when the text asks not to be contacted any more."""
    return _OPT_OUT.search(text) is not None


def _covered(hits: list[Hit], m: re.Match[str]) -> bool:
    return any(h.start <= m.start() and m.end() <= h.end and not h.value["has_need"]
               for h in hits)


def _hit(scan: Scan, m: re.Match[str], has_need: bool, confidence: float,
         flags: frozenset[str] = frozenset()) -> Hit:
    return need_hit(scan, *quote_span(scan, m.start(), m.end()), has_need, confidence, flags)


def quote_span(scan: Scan, start: int, end: int) -> tuple[int, int]:
    """The quote of a need phrase: its clause, or its sentence when the clause is short."""
    q_start, q_end = scan.evidence(start, end)
    if q_end - q_start < _SHORT_CLAUSE:
        # "Das Problem ist, dass ...": a clause this short needs the rest of its sentence.
        q_end = max(q_end, scan.evidence(start, end, sentence=True)[1])
    return q_start, q_end


def need_hit(scan: Scan, start: int, end: int, has_need: bool, confidence: float,
             flags: frozenset[str] = frozenset()) -> Hit:
    """A need hit quoting text[start:end], its summary that quote (shortened)."""
    summary = scan.text[start:end]
    if len(summary) > 160:
        summary = summary[:157].rstrip() + "…"
    return Hit("need", {"has_need": has_need, "summary": summary}, start, end, confidence,
               flags=flags)
