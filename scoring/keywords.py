"""Keyword matching for profile values (industry, job title, source) in any casing."""

from __future__ import annotations

import re
from functools import lru_cache

from scoring.model import KeywordTable, Tier

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Split text into lower-case words ("IT-Dienstleister" → ("it", "dienstleister"))."""
    return tuple(_WORD.findall(text.casefold()))


def _word_matches(key: str, word: str) -> bool:
    # Long keywords also match German compounds: "leiter" in "Vertriebsleiter",
    # "software" in "Softwarehaus"; short ones ("it", "ceo") only match whole words.
    if key == word:
        return True
    return len(key) >= 4 and (word.startswith(key) or word.endswith(key))


@lru_cache(maxsize=4096)
def contains_keyword(text: str, keyword: str) -> bool:
    """True if the keyword's words appear in `text` in a row."""
    have, want = words(text), words(keyword)
    if not want:
        return False
    for start in range(len(have) - len(want) + 1):
        if all(_word_matches(k, have[start + i]) for i, k in enumerate(want)):
            return True
    return False


def first_keyword(text: str, keywords: tuple[str, ...]) -> str | None:
    """Return the first keyword found in `text`, or None."""
    return next((k for k in keywords if contains_keyword(text, k)), None)


def match_tier(text: str, table: KeywordTable) -> tuple[Tier | None, str | None]:
    """Return the first tier with a keyword in `text` and that keyword (or None, None)."""
    for tier in table.tiers:
        keyword = first_keyword(text, tier.keywords)
        if keyword is not None:
            return tier, keyword
    return None, None
