"""Language knowledge as data: one module per language, read by the slot modules.

What a language module holds (see `de.py` and `en.py`):

- `FAMILIES`: phrase families. A `Family` is a set of phrasings (regex sources over
  lower-cased text) that mean one thing, with `examples` that each must match and, where
  useful, `negatives` (near misses) that must not. A family with a `slot` and `value` is a
  statement the extractor reads directly ("the house is mine" -> decision maker); its
  examples must then also read as that value, and its `counter_examples` must not.
- `ROLES`: job titles with their canonical name and level (decision maker, influencer,
  no authority), and `ROLE_SUFFIXES`, the words that end compound titles.
- Word lists (plain words, e.g. `FUNCTION_WORDS` for the language guess).

The slot modules (authority.py, need.py, ...) take their patterns from here with
`pattern(name)`, compiled once at import, and keep only precedence and guards. The phrasings
of one family in every language are joined into one alternation, languages in file-name order
and each language's phrasings in its own order. A family's `shape` (how the alternation is
anchored, "{}" standing for it) is the same in every language; only one language needs to
say it.

Umlauts are written once: a language's `SPELLINGS` (German: ä/ae, ö/oe, ü/ue, ß/ss) are
added to every phrasing when the patterns are compiled, so "gehört" also matches "gehoert".
The text itself is never rewritten, so every span indexes the original message exactly. Code
that looks a matched word up in a table uses `fold()` on both sides.

Adding a phrasing is adding a line to a family. Adding a language is adding one module to
this package (say `fr.py`) with the same names: every module here that does not start with
an underscore is a language, and its families join the patterns of the same name.
A language module may leave out any family or list it has nothing for.
tests/extract/test_lexicon.py runs every example, and shows a stub language plugging in.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Any

from bot.extract.literals import Alternation
from bot.types import Slot

DEFAULT_SHAPE = r"\b(?:{})"
DM, INF, NONE = "decision_maker", "influencer", "no_authority"


@dataclass(frozen=True)
class Family:
    """Phrasings (regex sources over lower-cased text) that say one thing."""

    name: str
    phrasings: tuple[str, ...]
    examples: tuple[str, ...] = ()
    # Near misses: texts that look alike but must not match the family's pattern.
    negatives: tuple[str, ...] = ()
    # How the alternation is anchored, "{}" standing for it (None: DEFAULT_SHAPE).
    shape: str | None = None
    # A statement the extractor reads directly: the slot and the value it gives.
    slot: Slot | None = None
    value: Mapping[str, Any] = field(default_factory=dict)
    # The slot the bot asked about before the examples ("" when they stand alone).
    asked: str = ""
    # Texts that contain a phrasing but must not read as the value (the guards' cases).
    counter_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Role:
    """A job title (a regex source) with its canonical name and its level."""

    phrasing: str
    canonical: str
    level: str
    examples: tuple[str, ...] = ()


@cache
def languages() -> tuple[ModuleType, ...]:
    """Every language module of this package, in file-name order."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return tuple(importlib.import_module(f"{__name__}.{name}") for name in names)


@cache
def _spellings() -> dict[str, str]:
    """Letters with another spelling (ä -> ae), from every language's SPELLINGS."""
    return {k: v for lang in languages() for k, v in getattr(lang, "SPELLINGS", {}).items()}


def fold(word: str) -> str:
    """The other spelling of every such letter ("gründer" -> "gruender"), for table look-ups."""
    spellings = _spellings()
    return "".join(spellings.get(c, c) for c in word)


def spell_variants(source: str) -> str:
    """A regex source that also matches the other spellings of its letters (ä/ae, ö/oe, ...).

    Character classes are left alone (they list letters, not spellings). A look-behind must
    have a fixed width, so one that holds an umlaut becomes one look-behind per spelling.
    """
    spellings = _spellings()
    out: list[str] = []
    i = 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            out.append(source[i:i + 2])
            i += 2
        elif c == "[":
            end = _class_end(source, i)
            out.append(source[i:end])
            i = end
        elif source.startswith(("(?<=", "(?<!"), i):
            end = _group_end(source, i)
            out.append(_lookbehind(source[i:end]))
            i = end
        elif c in spellings:
            out.append(f"(?:{c}|{spellings[c]})")
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _class_end(source: str, start: int) -> int:
    """The index after the `]` closing the character class that opens at start."""
    i = start + 1
    if i < len(source) and source[i] == "^":
        i += 1
    if i < len(source) and source[i] == "]":
        i += 1
    while i < len(source) and source[i] != "]":
        i += 2 if source[i] == "\\" else 1
    return i + 1


def _group_end(source: str, start: int) -> int:
    """The index after the `)` closing the group that opens at start."""
    depth, i = 0, start
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(source, i)
            continue
        depth += c == "("
        depth -= c == ")"
        i += 1
        if depth == 0:
            break
    return i


def _lookbehind(group: str) -> str:
    """(?<!geschäfts) -> (?<!geschäfts)(?<!geschaefts); (?<=ä) -> (?:(?<=ä)|(?<=ae))."""
    head, body = group[:4], group[4:-1]
    spellings = _spellings()
    if not any(c in spellings for c in body):
        return group
    bodies = [body]
    for umlaut, plain in spellings.items():
        bodies += [b.replace(umlaut, plain) for b in bodies if umlaut in b]
    if head == "(?<!":
        return "".join(f"(?<!{b})" for b in bodies)
    return "(?:" + "|".join(f"(?<={b})" for b in bodies) + ")"


def families(slot: Slot | None = None) -> tuple[Family, ...]:
    """Every family of every language (optionally only the statements about one slot)."""
    found = (f for lang in languages() for f in getattr(lang, "FAMILIES", ()))
    return tuple(f for f in found if slot is None or f.slot == slot)


def family_names(prefix: str = "") -> tuple[str, ...]:
    """The names of the families (over all languages) that start with prefix, in order."""
    return tuple(dict.fromkeys(f.name for f in families() if f.name.startswith(prefix)))


def source(name: str) -> str:
    """The alternation of a family's phrasings over all languages, umlaut spellings added."""
    return "|".join(phrasings(name))


def phrasings(name: str) -> tuple[str, ...]:
    """A family's phrasings over all languages, each once, in order, umlaut spellings added
    (the alternatives of `source`)."""
    found = [f for f in families() if f.name == name]
    if not found:
        raise KeyError(name)
    return tuple(spell_variants(p) for p in dict.fromkeys(p for f in found for p in f.phrasings))


def shape(name: str) -> str:
    """How a family's alternation is anchored (the same in every language that says it)."""
    shapes = {f.shape for f in families() if f.name == name and f.shape is not None}
    if len(shapes) > 1:
        raise ValueError(f"family {name} has different shapes: {sorted(shapes)}")
    return shapes.pop() if shapes else DEFAULT_SHAPE


@cache
def pattern(name: str) -> re.Pattern[str]:
    """The compiled pattern of a family: its shape around its alternation."""
    return re.compile(shape(name).replace("{}", source(name)))


@cache
def searcher(name: str) -> Alternation | re.Pattern[str]:
    """A family's pattern for `search` and `finditer` with the same matches as `pattern`'s,
    trying only the phrasings whose words a text holds (several times faster on a message for
    a long family); `pattern` itself when its shape or phrasings do not allow that."""
    try:
        return Alternation(shape(name), phrasings(name))
    except ValueError:
        return pattern(name)


def compose(shape_: str) -> re.Pattern[str]:
    """A pattern built from families: each "<<name>>" in shape_ stands for that family's
    alternation ("(?:<<negation>>)\\s+$"), compiled once by the caller at import."""
    return re.compile(_REFERENCE.sub(lambda m: f"(?:{source(m.group(1))})", shape_))


_REFERENCE = re.compile(r"<<([\w.]+)>>")


def words(name: str) -> tuple[str, ...]:
    """A word list over every language, each word once, in order."""
    return tuple(dict.fromkeys(w for lang in languages() for w in getattr(lang, name, ())))


def table(name: str) -> dict[str, Any]:
    """A table (dict) over every language, in order; for a key in two, the first language wins."""
    out: dict[str, Any] = {}
    for lang in languages():
        for key, value in getattr(lang, name, {}).items():
            out.setdefault(key, value)
    return out


def by_language(name: str) -> dict[str, Any]:
    """One setting per language that has it, by language code (the module's name)."""
    return {lang.__name__.rsplit(".", 1)[1]: getattr(lang, name) for lang in languages()
            if hasattr(lang, name)}


def statements(slot: Slot) -> tuple[tuple[str, Mapping[str, Any]], ...]:
    """The families the extractor reads directly for a slot: (name, value), each name once."""
    out: dict[str, Mapping[str, Any]] = {}
    for f in families(slot):
        if out.setdefault(f.name, f.value) != f.value:
            raise ValueError(f"family {f.name} has different values in different languages")
    return tuple(out.items())


def roles() -> tuple[Role, ...]:
    """The job titles of every language, in order: the first that matches wins."""
    return tuple(r for lang in languages() for r in getattr(lang, "ROLES", ()))


def alternation(items: Iterable[str]) -> str:
    """Regex sources joined into one alternation, umlaut spellings added."""
    return "|".join(spell_variants(i) for i in items)
