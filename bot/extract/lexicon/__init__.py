"""Language knowledge as data: one module per language, phrase families with examples.

A `Family` is a set of phrasings that mean one thing for one slot ("the lead owns the
object", "paying out of one's own pocket"), with examples that must read that way. Slot
modules keep precedence and guards and take the phrasings from here; adding a phrasing is
adding a line, adding a language is adding a module to LANGUAGES. Umlauts are written
once: `pattern()` also accepts the ae/oe/ue/ss spellings. tests/extract/test_lexicon.py
runs every example through the extractor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from bot.types import Slot


@dataclass(frozen=True)
class Family:
    """Phrasings (regex sources, lower case) that state one value of one slot."""

    name: str
    slot: Slot
    value: dict[str, Any]
    phrasings: tuple[str, ...]
    examples: tuple[str, ...]
    # The slot the bot asked about before the examples ("" when they stand alone).
    asked: str = ""
    # Texts that contain a phrasing but must not read as the value (the guards' cases).
    counter_examples: tuple[str, ...] = field(default=())


_UMLAUTS = {"ä": "(?:ä|ae)", "ö": "(?:ö|oe)", "ü": "(?:ü|ue)", "ß": "(?:ß|ss)"}


def spell_variants(source: str) -> str:
    """A regex source that also matches the umlaut-free spellings (ä/ae, ö/oe, ü/ue, ß/ss)."""
    return re.sub("[äöüß]", lambda m: _UMLAUTS[m.group()], source)


def _languages() -> tuple[Any, ...]:
    from bot.extract.lexicon import de, en

    return (de, en)


def families(slot: Slot | None = None) -> tuple[Family, ...]:
    """Every family of every language, optionally of one slot."""
    found = (f for lang in _languages() for f in lang.FAMILIES)
    return tuple(f for f in found if slot is None or f.slot == slot)


def words(name: str) -> tuple[str, ...]:
    """A word list (e.g. NEGATIONS, HEDGES, PAST_MARKERS) over every language."""
    return tuple(w for lang in _languages() for w in getattr(lang, name, ()))


@cache
def pattern(family_name: str) -> re.Pattern[str]:
    """The compiled phrasings of a family (all languages), word-bounded at the start."""
    sources = [p for f in families() if f.name == family_name for p in f.phrasings]
    if not sources:
        raise KeyError(family_name)
    return re.compile(r"\b(?:" + "|".join(spell_variants(s) for s in sources) + ")")


@cache
def word_pattern(list_name: str) -> re.Pattern[str]:
    """A word list compiled as whole words, longest first."""
    items = sorted(words(list_name), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(spell_variants(re.escape(w)) for w in items) + r")\b")
