"""A deployment's knowledge file (TOML) as entries, and the answer to a lead's question.

The file lists the business (name, phone, email) and entries, each with questions and an answer
per language and optional keywords (places, synonyms). A German answer that addresses the lead
("Sie") may come with `de.answer_du` for deployments that say "du" (SETTER_GERMAN_ADDRESS=du).
`Knowledge.answer` retrieves the best entry with BM25 (`bot.knowledge.search`) or says there is
none, so the bot never guesses.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.knowledge.search import Index

LANGS = ("de", "en")
_NUMBER = re.compile(r"\d[\d.,]*")
# German words that address the reader formally (in an answer, "Sie" is the reader, not "they").
_FORMAL = re.compile(r"\b(?:Sie|Ihnen|Ihr\w*)\b")


class KnowledgeError(ValueError):
    """A knowledge file that cannot be used; the message names the file, the entry and the fix."""


@dataclass(frozen=True)
class Entry:
    """One topic the business answers: questions and an answer per language."""

    id: str
    topic: str
    questions: dict[str, tuple[str, ...]]
    answers: dict[str, str]
    keywords: tuple[str, ...] = ()
    informal: dict[str, str] = field(default_factory=dict)  # per language, the "du" answer


@dataclass(frozen=True)
class Answer:
    """The entry that answers a question, phrased in the reply language."""

    entry_id: str
    topic: str
    text: str
    lang: str
    score: float

    @property
    def amounts(self) -> frozenset[float]:
        """The figures the answer names (a price the bot names is never the lead's budget)."""
        return amounts_in(self.text)


def amounts_in(text: str) -> frozenset[float]:
    """Numbers written in a text, read the German or English way ("1.500", "1,500", "89")."""
    found = set()
    for raw in _NUMBER.findall(text):
        digits = raw.rstrip(".,")
        for candidate in (digits.replace(".", "").replace(",", "."), digits.replace(",", "")):
            try:
                found.add(float(candidate))
            except ValueError:
                continue
    return frozenset(found)


@dataclass
class Knowledge:
    """A business's questions and answers, searchable per language."""

    business: dict[str, str]
    entries: list[Entry]
    source: str = "<memory>"
    _indexes: dict[str, Index] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for lang in LANGS:
            docs = [" ".join((*entry.questions.get(lang, ()), *entry.keywords)) for entry in self.entries]
            self._indexes[lang] = Index(docs, lang, [" ".join(entry.keywords) for entry in self.entries])

    def answer(self, question: str, lang: str, address: str = "sie") -> Answer | None:
        """The entry that answers the question, in `lang` when it has that language (its "du"
        answer when `address` is "du" and the entry has one); None when no entry covers the
        question's words well enough."""
        order = [lang, *(other for other in LANGS if other != lang)] if lang in LANGS else list(LANGS)
        for search_lang in order:
            hit = self._indexes[search_lang].best(question)
            if hit is not None:
                entry = self.entries[hit[0]]
                reply_lang = lang if lang in entry.answers else next(iter(entry.answers))
                text = entry.answers[reply_lang]
                if address == "du":
                    text = entry.informal.get(reply_lang, text)
                return Answer(entry.id, entry.topic, text, reply_lang, hit[1])
        return None

    def formal_only(self) -> list[str]:
        """Ids of entries whose German answer says "Sie" and has no "du" answer: with
        SETTER_GERMAN_ADDRESS=du their answers would break the register."""
        return [entry.id for entry in self.entries
                if _FORMAL.search(entry.answers.get("de", "")) and "de" not in entry.informal]


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise KnowledgeError(f"{where} must be a string or a list of strings")


def _entry(data: Any, number: int, path: str) -> Entry:
    where = f"{path}: entry {number}"
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise KnowledgeError(f"{where} needs an id, e.g. id = \"prices\"")
    where = f"{path}: entry {data['id']!r}"
    questions: dict[str, tuple[str, ...]] = {}
    answers: dict[str, str] = {}
    informal: dict[str, str] = {}
    for lang in LANGS:
        part = data.get(lang)
        if part is None:
            continue
        if not isinstance(part, dict) or not isinstance(part.get("answer"), str) or not part.get("questions"):
            raise KnowledgeError(f"{where}: [{lang}] needs questions = [...] and answer = \"...\"")
        questions[lang] = _strings(part["questions"], f"{where}: {lang}.questions")
        answers[lang] = part["answer"].strip()
        if "answer_du" in part:
            if not isinstance(part["answer_du"], str) or not part["answer_du"].strip():
                raise KnowledgeError(f"{where}: {lang}.answer_du must be a non-empty text")
            informal[lang] = part["answer_du"].strip()
    if not answers:
        raise KnowledgeError(f"{where} has no language: add de.questions/de.answer or en.questions/en.answer")
    keywords = _strings(data.get("keywords", []), f"{where}: keywords")
    return Entry(data["id"], str(data.get("topic", "faq")), questions, answers, keywords, informal)


def parse_knowledge(text: str, source: str = "<text>") -> Knowledge:
    """A knowledge file's text as `Knowledge`; raises KnowledgeError with the fix."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{source} is not valid TOML: {exc}") from exc
    business = data.get("business", {})
    if not isinstance(business, dict):
        raise KnowledgeError(f"{source}: [business] must be a table (name, phone, email)")
    raw = data.get("entry", [])
    if not isinstance(raw, list) or not raw:
        raise KnowledgeError(f"{source} has no [[entry]] tables: add at least one question and answer")
    entries = [_entry(item, number, source) for number, item in enumerate(raw, start=1)]
    ids = [entry.id for entry in entries]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate:
        raise KnowledgeError(f"{source}: the entry id {duplicate!r} is used twice; ids must be unique")
    return Knowledge({k: str(v) for k, v in business.items()}, entries, source)


def load_knowledge(path: Path | str) -> Knowledge:
    """The knowledge file at `path`; raises KnowledgeError when it is missing or invalid."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise KnowledgeError(f"cannot read the knowledge file {file}: {exc.strerror or exc}; "
                             "check SETTER_KNOWLEDGE_FILE") from exc
    return parse_knowledge(text, str(file))
