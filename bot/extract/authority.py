"""Authority facts: does the lead decide, prepare the decision, or neither?

Explicit statements about who decides outrank job titles: "Ich bin Geschäftsführer,
aber das entscheidet der Vorstand" makes an influencer. A title counts only when the
lead says it of themselves ("ich bin", "als", "I'm", a signature line); "talk to our
IT director" says the lead is not the one.
"""

from __future__ import annotations

import re

from bot.extract import lexicon
from bot.extract.hits import Hit
from bot.extract.literals import Alternation
from bot.extract.scan import Scan, matches, word_pattern

DM, INF, NONE = lexicon.DM, lexicon.INF, lexicon.NONE

# Job titles of every language, one named group per title: the first that matches wins.
_ROLES = lexicon.roles()
_ROLE_RE = word_pattern("|".join(f"(?P<r{i}>{lexicon.alternation([r.phrasing])})"
                                 for i, r in enumerate(_ROLES)))
# Words that end compound titles ("Vertriebsleiter", "Praxisinhaber", "Marketing Manager"):
# matched anywhere, then widened to the whole word. A compound that only ends in one
# ("Ansprechpartner") names no role.
_SUFFIX_ROLES = lexicon.table("ROLE_SUFFIXES")
_SUFFIX_LEVEL = {lexicon.fold(base): level for base, level in _SUFFIX_ROLES.items()}
_NOT_ROLE = lexicon.words("NOT_ROLE_COMPOUNDS")


def _suffix_source(base: str) -> str:
    """A title word, not where it ends a compound that names no role ("Ansprechpartner")."""
    heads = [c[:-len(base)] for c in _NOT_ROLE if c.endswith(base)]
    return lexicon.spell_variants("".join(f"(?<!{h})" for h in heads) + base)


_SUFFIX_RE = re.compile(
    r"(?P<base>" + "|".join(_suffix_source(b) for b in _SUFFIX_ROLES) + r")(?:in(?:nen)?|en|s)?(?![a-zäöüß])")
_DM_PREFIXES = tuple(lexicon.fold(p) for p in lexicon.words("DM_COMPOUND_PREFIXES"))
_QUALIFIED = tuple(lexicon.words("QUALIFIED_TITLES"))
_NOT_TITLE = frozenset(lexicon.words("NOT_TITLE_WORDS"))
_DEPARTMENT_HEAD = lexicon.by_language("DEPARTMENT_HEAD")
_PREV_WORD = re.compile(r"([\w-]+)\s+$")

# Families that cost a message 20-90 us as one alternation (a few phrasings hold words most
# messages have, so the others gain little): searched by the phrasings a message may hold.
_SEARCHED = frozenset({"authority.decides", "authority.others_decide", "authority.family_decides"})


def _searched(name: str) -> re.Pattern[str] | Alternation:
    """A family's pattern, searched by its phrasings when one alternation costs much."""
    return lexicon.searcher(name) if name in _SEARCHED else lexicon.pattern(name)


_SELF = lexicon.pattern("authority.self_intro")
_ONLY = lexicon.pattern("authority.only")
_OTHER_PERSON = lexicon.pattern("authority.possessive")
_DECIDE_SELF = _searched("authority.decides")
_LEADS_DEPARTMENT = lexicon.pattern("authority.leads_department")
_COMPANY_WORDS = lexicon.pattern("authority.company_word")
_OWNS = lexicon.pattern("authority.owner_words")
_NEGATION = lexicon.pattern("negation")
_INFLUENCE = _searched("authority.others_decide")
_NO_AUTHORITY = lexicon.pattern("authority.no_say")
_TRAINEE = lexicon.pattern("authority.trainee")
_SENTENCE_VERB = lexicon.pattern("authority.sentence_verb")
# Statements read directly from the lexicon: (pattern, level), one per family.
_STATEMENTS = tuple((_searched(name), value["level"]) for name, value in lexicon.statements("authority"))


def find_authority(scan: Scan, asked: bool = False) -> list[Hit]:
    """Authority hits in one lead message; asked=True after the bot's authority question."""
    s = scan.low
    hits: list[Hit] = []
    role = _self_role(scan)
    for m in matches(_DECIDE_SELF, s):
        if _negated(s, m.start(), m.end()):
            # "I don't make the decisions": someone else does, the lead is at most involved.
            hits.append(_hit(scan, m.start(), m.end(), INF, role[1] if role else None, 0.6))
            continue
        own = _OWNS.search(m.group())
        name = role[1] if role else ("owner" if own else None)
        hits.append(_hit(scan, m.start(), m.end(), DM, name, 0.9))
    trainee = role is not None and _TRAINEE.search(role[1].lower()) is not None
    for pattern, statement_level in _STATEMENTS:
        for m in matches(pattern, s):
            if not _negated(s, m.start(), m.end()) and not (trainee and statement_level == INF):
                # Owning the house, paying oneself, gathering quotes: a statement of one's
                # part in the decision, so it outranks a title like any other.
                hits.append(_hit(scan, m.start(), m.end(), statement_level,
                                 role[1] if role else None, 0.85))
    for pattern, level, confidence in ((_NO_AUTHORITY, NONE, 0.85), (_INFLUENCE, INF, 0.8)):
        for m in matches(pattern, s):
            hits.append(_hit(scan, m.start(), m.end(), level, role[1] if role else None,
                             confidence))
    if role is None:
        role = _department_role(scan)
    if role is not None:
        level = role[2]
        if hits and level != NONE:
            level = hits[0].value["level"]  # a statement of who decides outranks the title
        hits.append(_hit(scan, role[0][0], role[0][1], level, role[1],
                         0.75 if level == DM else 0.85 if level == NONE else 0.55))
    return hits


def _self_role(scan: Scan) -> tuple[tuple[int, int], str, str] | None:
    """The first job title the lead claims for themselves: (span, role, level)."""
    s = scan.low
    for start, end, canonical, level in _role_words(s):
        if s.startswith("'s ", end):
            continue  # "the founder's assistant": the founder is someone else
        before = s[max(0, start - 40):start]
        at_line_start = not s[:start].strip() or _signature_line(s, start, end)
        if _SELF.search(before) and not _OTHER_PERSON.search(before[-12:]) or at_line_start:
            if level == INF and _ONLY.search(before):
                level = NONE  # "ich bin nur Sachbearbeiterin": staff without a say
            return (start, end), _role_name(scan.text[start:end], canonical), level
    return None


def _signature_line(s: str, start: int, end: int) -> bool:
    """A title alone on its line after a line break: "Max Muster\\nGeschäftsführer\\nMuster GmbH"."""
    line_start = s.rfind("\n", 0, start) + 1
    if line_start == 0 or s[line_start:start].strip(" ,|-"):
        return False
    line_end = s.find("\n", end)
    rest = s[end:len(s) if line_end < 0 else line_end]
    return len(rest) <= 40 and not _SENTENCE_VERB.search(rest)


def _role_words(s: str) -> list[tuple[int, int, str, str]]:
    """Every job title in s as (start, end, canonical role, level), left to right."""
    found = []
    for m in matches(_ROLE_RE, s):
        index = int(m.lastgroup[1:]) if m.lastgroup else 0
        found.append((m.start(), m.end(), _ROLES[index].canonical, _ROLES[index].level))
    for m in matches(_SUFFIX_RE, s):
        if any(a <= m.start() < b for a, b, _, _ in found):
            continue
        start = m.start()
        while start > 0 and (s[start - 1].isalnum() or s[start - 1] == "-"):
            start -= 1
        word = s[start:m.end()]
        if word.startswith(_QUALIFIED):
            prev = _PREV_WORD.search(s, max(0, start - 30), start)
            if prev and prev.group(1) not in _NOT_TITLE:
                start -= len(prev.group(0))  # "marketing manager", "sales director"
        level = _SUFFIX_LEVEL[lexicon.fold(m.group("base"))]
        if lexicon.fold(word).startswith(_DM_PREFIXES) and level == INF:
            level = DM  # Geschäftsleiter, Geschäftsleitung
        found.append((start, m.end(), "staff", level))
    return sorted(found)


def _department_role(scan: Scan) -> tuple[tuple[int, int], str, str] | None:
    """Heading a department ("Ich leite das Marketing"): the group named after the language
    holds the department, named as that language names its head."""
    m = _LEADS_DEPARTMENT.search(scan.low)
    lang = next((name for name, value in m.groupdict().items() if value), None) if m else None
    if m is None or lang is None or _COMPANY_WORDS.fullmatch(m.group(lang)):
        return None
    department = scan.text[m.start(lang):m.end(lang)]
    return (m.start(), m.end()), _DEPARTMENT_HEAD[lang].format(department), INF


def _role_name(word: str, canonical: str) -> str:
    """The role as the lead wrote it, in base form ("Vorständen" → "Vorstand")."""
    if canonical in ("Vorstand", "C-level", "head", "staff", "partner", "owner", "freelancer"):
        return canonical if canonical in ("Vorstand",) else re.sub(r"\s+", " ", word.strip())
    return word.strip() if len(word) > 2 else canonical


def _negated(s: str, start: int, end: int) -> bool:
    """Negation before, inside or right after a decision phrase ("entscheide das nicht")."""
    return _NEGATION.search(s, max(0, start - 20), min(len(s), end + 10)) is not None


def _hit(scan: Scan, start: int, end: int, level: str, role: str | None,
         confidence: float) -> Hit:
    q_start, q_end = scan.evidence(start, end)
    return Hit("authority", {"level": level, "role": role}, q_start, q_end, confidence)
