"""Every example in the lexicons: matched by its family (near misses not), statements read as
their value, job titles at their level; and a third language plugs in as one file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from bot.extract import authority, extract_with, lexicon, resolve
from bot.extract.lexicon import Family, Role, families, pattern, roles, spell_variants
from bot.extract.scan import lower, prepare
from bot.types import Message

ROOT = Path(__file__).resolve().parents[2]
AT = datetime.fromisoformat("2026-05-14T09:12:00+02:00")
QUESTIONS = {"authority": "Wer entscheidet?", "budget": "Was ist Ihr Budget?",
             "timing": "Wann?", "need": "Worum geht es?"}


def read(text: str, asked: str) -> dict[str, object]:
    messages = [Message("bot", QUESTIONS[asked], AT)] if asked else []
    messages.append(Message("lead", text, AT))
    return {slot: (None if c is None else dict(c.value))
            for slot, c in resolve(extract_with(messages, AT, None)).items()}


def _low(text: str) -> str:
    """A text as the rules read it (Scan.low): same length, lower case, plain apostrophes."""
    return lower(prepare(text))


def _lang(family: Family) -> str:
    return next(lang.__name__.rsplit(".", 1)[1] for lang in lexicon.languages()
                if family in getattr(lang, "FAMILIES", ()))


def _id(family: Family | Role, text: str) -> str:
    name = family.name if isinstance(family, Family) else family.canonical
    return f"{name}:{text[:32]}"


EXAMPLES = [(f, e) for f in families() for e in f.examples]
NEGATIVES = [(f, e) for f in families() for e in f.negatives]
# A statement family names its slot and value in at least one language; the examples of every
# language are read as that value.
_STATED = {f.name: f for f in families() if f.slot is not None}
STATEMENTS = [(_STATED[f.name], e) for f in families() if f.name in _STATED for e in f.examples]
COUNTER = [(_STATED[f.name], e) for f in families() if f.name in _STATED for e in f.counter_examples]
TITLES = [(r, e) for r in roles() for e in r.examples]


@pytest.mark.parametrize(("family", "example"), EXAMPLES, ids=[_id(f, e) for f, e in EXAMPLES])
def test_every_example_is_matched_by_its_family(family: Family, example: str):
    assert pattern(family.name).search(_low(example)), f"{_lang(family)}: no phrasing matches"


@pytest.mark.parametrize(("family", "example"), NEGATIVES, ids=[_id(f, e) for f, e in NEGATIVES])
def test_near_misses_are_not_matched(family: Family, example: str):
    found = pattern(family.name).search(_low(example))
    assert found is None, f"{_lang(family)}: matched {found.group()!r}"


@pytest.mark.parametrize(("family", "example"), STATEMENTS, ids=[_id(f, e) for f, e in STATEMENTS])
def test_every_statement_reads_as_its_value(family: Family, example: str):
    assert family.slot is not None
    value = read(example, family.asked)[family.slot]
    assert value is not None, example
    for key, expected in family.value.items():
        assert value[key] == expected, (example, value)  # type: ignore[index]


@pytest.mark.parametrize(("family", "example"), COUNTER, ids=[_id(f, e) for f, e in COUNTER])
def test_counter_examples_do_not_read_as_the_value(family: Family, example: str):
    assert family.slot is not None
    value = read(example, family.asked)[family.slot]
    assert value is None or any(value[k] != v for k, v in family.value.items()), (example, value)  # type: ignore[index]


@pytest.mark.parametrize(("role", "example"), TITLES, ids=[_id(r, e) for r, e in TITLES])
def test_every_job_title_is_read_at_its_level(role: Role, example: str):
    found = authority._role_words(_low(example))
    assert found, example
    start, end, canonical, level = found[0]
    assert (canonical, level) == (role.canonical, role.level), found[0]


def test_a_family_is_one_thing_in_every_language():
    for name in lexicon.family_names():
        lexicon.shape(name)  # one shape, or a ValueError
    for slot in ("authority", "need", "budget", "timing"):
        lexicon.statements(slot)  # type: ignore[arg-type]  # one value, or a ValueError
    assert all(f.examples for f in families()), [f.name for f in families() if not f.examples]


def test_every_family_is_read_by_some_rule():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "bot").rglob("*.py")
                     if "lexicon" not in p.parts)
    unused = [f.name for f in families() if f.name not in _STATED
              and f'"{f.name}"' not in code and f"<<{f.name}>>" not in code]
    assert unused == []


def test_umlauts_are_written_once_and_match_both_spellings():
    rx = re.compile(spell_variants("gehört mir"))
    assert rx.search("gehört mir") and rx.search("gehoert mir")
    assert re.compile(spell_variants("[äöü]x")).fullmatch("äx")  # classes stay classes
    behind = re.compile(spell_variants("(?<!geschäfts)partner"))
    assert behind.search("partner") and not behind.search("geschäftspartner")
    assert not behind.search("geschaeftspartner")
    assert pattern("negation").search("das ist nicht so") is not None


STUB = '''
"""A stub third language: one family and its second spellings, nothing else."""
from bot.extract.lexicon import Family

SPELLINGS = {"é": "e"}
FAMILIES = (
    Family("authority.decides", (r"c'est\\s+moi\\s+qui\\s+décide",), ("c'est moi qui décide",)),
)
'''
PROBE = '''
from datetime import datetime
from bot.extract import extract_text, lexicon, resolve
at = datetime(2026, 5, 14, 9, 0)
print([lang.__name__.rsplit(".", 1)[1] for lang in lexicon.languages()])
fact = resolve(extract_text("Bonjour, c'est moi qui decide pour le salon.", at))["authority"]
print(fact.value["level"] if fact else None, fact.quote if fact else None)
'''


def test_a_third_language_is_one_more_file(tmp_path: Path):
    """A language module dropped into (a copy of) the lexicon package joins every pattern of
    its names: the extractor then reads the new phrasing, nothing else changed."""
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "bot" / "extract" / "lexicon" / "xx.py").write_text(textwrap.dedent(STUB),
                                                                     encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(tmp_path)},
                          timeout=120, check=True)
    languages, reading = done.stdout.strip().splitlines()
    assert languages == "['de', 'en', 'xx']"
    # The French phrasing, written with "é" and read without it, as umlauts are.
    assert reading.startswith("decision_maker c'est moi qui decide"), reading


def test_without_the_stub_the_phrase_is_not_read():
    fact = resolve(extract_with([Message("lead", "c'est moi qui decide", AT)], AT, None))["authority"]
    assert fact is None
