"""Every example of every lexicon family reads as its family's value (the rules alone)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from bot.extract import extract_with, resolve
from bot.extract.lexicon import Family, families, pattern, spell_variants, word_pattern
from bot.types import Message

AT = datetime.fromisoformat("2026-05-14T09:12:00+02:00")
QUESTIONS = {"authority": "Wer entscheidet?", "budget": "Was ist Ihr Budget?",
             "timing": "Wann?", "need": "Worum geht es?"}


def read(text: str, asked: str) -> dict[str, object]:
    messages = [Message("bot", QUESTIONS[asked], AT)] if asked else []
    messages.append(Message("lead", text, AT))
    return {slot: (None if c is None else dict(c.value))
            for slot, c in resolve(extract_with(messages, AT, None)).items()}


CASES = [(f, e) for f in families() for e in f.examples]
COUNTER = [(f, e) for f in families() for e in f.counter_examples]


@pytest.mark.parametrize(("family", "example"), CASES, ids=[f"{f.name}:{e[:30]}" for f, e in CASES])
def test_every_example_reads_as_its_family(family: Family, example: str):
    assert pattern(family.name).search(example.lower()), "no phrasing of the family matches"
    value = read(example, family.asked)[family.slot]
    assert value is not None, example
    for key, expected in family.value.items():
        assert value[key] == expected, (example, value)


@pytest.mark.parametrize(("family", "example"), COUNTER, ids=[f"{f.name}:{e[:30]}" for f, e in COUNTER])
def test_counter_examples_do_not(family: Family, example: str):
    value = read(example, family.asked)[family.slot]
    assert value is None or any(value[k] != v for k, v in family.value.items()), (example, value)


def test_every_family_has_examples_and_a_unique_name_per_language():
    for f in families():
        assert f.examples, f.name
    assert len(families()) >= 6


def test_umlauts_are_written_once_and_match_both_spellings():
    rx = re.compile(spell_variants("gehört mir"))
    assert rx.search("gehört mir") and rx.search("gehoert mir")
    assert word_pattern("NEGATIONS").search("das ist nicht so") is not None
