"""Which phrasings of a family can match a text at all, told by the words they must contain.

A family's pattern is one alternation of a hundred phrasings or more; Python's regex engine
tries every phrasing at every word start, so one search of a short message costs 50-300 us.
Most phrasings hold a literal part every match of theirs contains ("bereits", "rechnung"):
a phrasing whose literal part is missing from the text cannot match it, and the few that
remain are searched one by one. The leftmost match of `\\b(?:A|B|...)` is the leftmost of the
phrasings' own leftmost matches, ties going to the earlier phrasing (the engine tries them
in order at each position, and `\\b` gives it one way to start), so the answer is the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

Needed = frozenset[str]  # every match contains at least one of these strings

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_GRAM = 4


def required(source: str) -> Needed | None:
    """A set of strings one of which every match of the regex source contains (the most
    telling such set found), or None when none is found; made for sources without flags."""
    return _best(_needed(sre_parse.parse(source, 0)))


def _needed(items: Sequence[tuple[Any, Any]]) -> list[Needed]:
    """Sets that a match of the sequence each holds a member of: its runs of plain
    characters, and what its groups, alternations and repeats of at least one need."""
    out: list[Needed] = []
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            out.append(frozenset({"".join(run)}))
            run = []
        if op is sre.SUBPATTERN:
            _, add_flags, _, body = av
            if not add_flags & sre.SRE_FLAG_IGNORECASE:
                out.extend(_needed(body))
        elif op is sre.BRANCH:
            out.extend(_either(av[1]))
        elif op in _REPEATS and av[0] >= 1:
            out.extend(_needed(av[2]))
        elif op is sre.ATOMIC_GROUP:
            out.extend(_needed(av))
        # Anything else (classes, look-arounds, anchors, optional parts) needs nothing.
    if run:
        out.append(frozenset({"".join(run)}))
    return out


def _either(alternatives: Sequence[Sequence[tuple[Any, Any]]]) -> list[Needed]:
    """What an alternation needs: one needed set of each alternative, together."""
    union: set[str] = set()
    for alternative in alternatives:
        best = _best(_needed(alternative))
        if best is None:
            return []
        union |= best
    return [frozenset(union)]


def _best(found: list[Needed]) -> Needed | None:
    """The set whose shortest member is longest (rarest in text), then the smallest set."""
    return max(found, key=lambda s: (min(map(len, s)), -len(s))) if found else None


class FirstOf:
    """The leftmost match of several alternations `<assertions>(?:...)<tail>`, given as their
    phrasings (regex sources), ties going to the earlier alternation and then the earlier
    phrasing: `search` answers what searching each alternation and taking the smallest
    (start, alternation) would, searching only the phrasings the text may hold.

    The assertions before the alternation (`\\b`, a look-ahead) give the engine one way to
    start at a position, so there it tries the phrasings in order and the first that matches
    (with the tail) is the alternation's match, as when each is searched alone."""

    def __init__(self, alternations: Sequence[tuple[str, Sequence[str]]]) -> None:
        """`alternations`: per alternation its shape ("{}" for the alternation) and phrasings."""
        self.patterns: list[tuple[int, re.Pattern[str]]] = []
        self._always: list[int] = []  # phrasings that need no literal part: always searched
        self._by_literal: dict[str, list[int]] = {}
        for number, (shape, phrasings) in enumerate(alternations):
            _check_shape(shape)
            for phrasing in phrasings:
                index = len(self.patterns)
                self.patterns.append((number, re.compile(shape.replace("{}", phrasing))))
                needed = required(phrasing)
                if needed is None:
                    self._always.append(index)
                for literal in needed or ():
                    self._by_literal.setdefault(literal, []).append(index)
        # Hundreds of `literal in s` cost more than the text's 4-grams: a literal is looked for
        # only when its first four characters are in the text (shorter ones always).
        self._short = tuple(literal for literal in self._by_literal if len(literal) < _GRAM)
        self._by_gram: dict[str, list[str]] = {}
        for literal in self._by_literal:
            if len(literal) >= _GRAM:
                self._by_gram.setdefault(literal[:_GRAM], []).append(literal)
        self._grams = frozenset(self._by_gram)

    def candidates(self, s: str) -> list[int]:
        """The phrasings (indexes into `patterns`, in order) whose literal parts s holds."""
        by_literal = self._by_literal
        found = set(self._always)
        for literal in self._short:
            if literal in s:
                found.update(by_literal[literal])
        grams = _remembered_grams(s) if len(s) <= _REMEMBERED_CHARS else _grams(s)
        for gram in self._grams.intersection(grams):
            for literal in self._by_gram[gram]:
                if literal in s:
                    found.update(by_literal[literal])
        return sorted(found)

    def search(self, s: str, pos: int = 0, endpos: int | None = None,
               ) -> tuple[int, re.Match[str]] | None:
        """(alternation number, match) of the leftmost match in s[pos:endpos], or None."""
        end = len(s) if endpos is None else endpos
        best: tuple[int, int, re.Match[str]] | None = None
        for index in self.candidates(s):
            number, pattern = self.patterns[index]
            m = pattern.search(s, pos, end)
            if m is not None and (best is None or (m.start(), number) < best[:2]):
                best = (m.start(), number, m)
        return None if best is None else (best[1], best[2])


def _grams(s: str) -> frozenset[str]:
    """The 4-grams of a text."""
    return frozenset([s[i:i + _GRAM] for i in range(len(s) - _GRAM + 1)])


# Some twenty families are searched in each message: its 4-grams are made once (a pure
# function of the text; the last few texts up to this long are remembered, a few MB at most).
_REMEMBERED_CHARS = 4000
_remembered_grams = lru_cache(maxsize=16)(_grams)


def _check_shape(shape: str) -> None:
    """Raise unless shape is assertions, then the alternation as a group, then any tail."""
    head, found, tail = shape.partition("(?:{})")
    if not found or "{}" in tail or any(op not in (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
                                   for op, _av in sre_parse.parse(head, 0)):
        raise ValueError(f"not assertions before an alternation: {shape}")


class Alternation:
    """One family's pattern for `search` and `finditer` (as `re.Pattern`'s, with the same
    matches), searching only the phrasings the text may hold (see FirstOf)."""

    def __init__(self, shape: str, phrasings: Sequence[str]) -> None:
        """Raises ValueError for a family whose matches this could not give alike: groups
        (numbered by phrasing here), or a phrasing that matches empty text (finditer)."""
        self._first = FirstOf([(shape, phrasings)])
        self.pattern = shape.replace("{}", "|".join(phrasings))
        for _, pattern in self._first.patterns:
            if pattern.groups or sre_parse.parse(pattern.pattern, 0).getwidth()[0] == 0:
                raise ValueError(f"a phrasing with groups or an empty match: {pattern.pattern}")

    def search(self, s: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """The leftmost match in s[pos:endpos], or None."""
        found = self._first.search(s, pos, endpos)
        return None if found is None else found[1]

    def finditer(self, s: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """The matches in s[pos:endpos], left to right, each search going on at the end of the
        last match (no phrasing matches empty text). A phrasing's next match found before
        stays its next until the search passes its start."""
        end = len(s) if endpos is None else endpos
        patterns = [pattern for _, pattern in (self._first.patterns[i] for i in self._first.candidates(s))]
        ahead: list[re.Match[str] | None] = [pattern.search(s, pos, end) for pattern in patterns]
        while True:
            best: re.Match[str] | None = None
            for i, m in enumerate(ahead):
                if m is not None and m.start() < pos:
                    m = ahead[i] = patterns[i].search(s, pos, end)
                if m is not None and (best is None or m.start() < best.start()):
                    best = m
            if best is None:
                return
            yield best
            pos = best.end()
