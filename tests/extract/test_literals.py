"""Searching a family by the phrasings a text may hold gives the family pattern's matches."""

from __future__ import annotations

import re

import pytest

from bot.extract import lexicon
from bot.extract.literals import Alternation, FirstOf, required
from bot.extract.nonbuyer import _KINDS, _RULES


def test_required_literals() -> None:
    assert required(r"\b(?:bin|sind)\s+(?:schon|bereits)\s+kunde") == {"kunde"}
    assert required(r"r(?:ü|ue)ckerstattung") == {"ckerstattung"}
    assert required(r"(?:meine|unsere)\s+rechnung") == {"rechnung"}
    assert required(r"(?:foo|\w+)bar") == {"bar"}
    assert required(r"(?:foo|\w+)") is None  # one alternative needs no literal part
    assert required(r"(?:ab)?c+") == {"c"}  # an optional part needs nothing
    assert required(r"(?i:kunde)") is None  # case-blind parts are left alone


def _texts() -> list[str]:
    texts = [t.lower() for f in lexicon.families() for t in (*f.examples, *f.negatives)]
    return texts + [" ".join(texts[i:i + 3]) for i in range(0, len(texts), 3)]


@pytest.mark.parametrize("name", sorted({f.name for f in lexicon.families()}))
def test_alternation_matches_the_family_pattern(name: str) -> None:
    try:
        alternation = Alternation(lexicon.shape(name), lexicon.phrasings(name))
    except ValueError:
        return  # a shape or phrasings it does not take: `lexicon.searcher` gives the pattern
    pattern = lexicon.pattern(name)
    for text in _texts():
        assert [m.span() for m in alternation.finditer(text)] == [m.span() for m in pattern.finditer(text)]
        middle = len(text) // 2
        assert _span(alternation.search(text, 3, middle)) == _span(pattern.search(text, 3, middle))


def _span(m: re.Match[str] | None) -> tuple[int, int] | None:
    return m.span() if m else None


def test_first_of_ties_go_to_the_earlier_alternation_and_phrasing() -> None:
    first = FirstOf([(r"\b(?:{})", ["wir sind", "wir"]), (r"\b(?:{})", ["wir sind kunde"])])
    number, m = first.search("ja, wir sind kunde")  # type: ignore[misc]
    assert (number, m.group()) == (0, "wir sind")
    assert first.search("nichts davon") is None


def test_non_buyer_rules_match_the_family_patterns() -> None:
    for text in _texts():
        found = [(m.start(), kind, m.end()) for kind, name in _KINDS
                 if (m := lexicon.pattern(name).search(text))]
        got = _RULES.search(text)
        assert (None if got is None else (got[1].start(), _KINDS[got[0]][0], got[1].end())) == (
            min(found) if found else None)
