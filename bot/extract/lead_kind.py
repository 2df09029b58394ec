"""Conversation-level signals in a lead's message: whether it is urgent, and which questions of
their own the lead asks (who is writing, a non-buyer or not, is read in bot.extract.nonbuyer).
German and English, chat register.

Each signal carries the lead's own words (the sentence it rests on), so a setter can see why a
lead was handed off at once or which question waits for an answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.extract import lexicon
from bot.extract.scan import lower, prepare, read_windows

# Who is not a buyer (read in bot.extract.nonbuyer). What happens to them is decided by
# `scoring.next_action` (closed and disqualified with the reason; an existing customer with a
# support matter goes to a person).
NON_BUYER_KINDS = ("vendor", "applicant", "student", "support", "wrong_number", "spam", "competitor")

# An urgent request: same or next day, an emergency; unless browsing or denied.
_URGENT = lexicon.pattern("signal.urgent")
_NOT_URGENT = lexicon.pattern("signal.not_urgent")

# "dringend"/"urgently" only stressing a need ("wir brauchen dringend ein CRM", "we urgently need
# a new website") is no emergency: no time, no damage. An emergency word or a same-day time in
# the same message still counts on its own.
_STRESSED_NEED = lexicon.pattern("signal.stressed_need")

# A sentence of the lead's own asking: it ends in "?" or opens like a question (chat often
# drops the mark). Pings ("hallo?", "noch da?") and remarks about the bot's question are not.
_QUESTION_OPENER = lexicon.compose(r"(?:^|[,;:-]\s*)(?:(?:<<question.connective>>)\s+)?"
                                   r"(?:<<question.opener>>)\b")
_PING = lexicon.pattern("question.ping")
# A hedged answer voiced as a question ("maybe a few hundred a month?"), not addressed to the
# business: it answers the bot's question even when no figure or date is read from it.
_TENTATIVE = lexicon.pattern("question.tentative")
_ABOUT_THE_QUESTION = lexicon.pattern("question.about_the_question")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*|[.!?]+")
MIN_QUESTION_WORDS = 3
_WORD = re.compile(r"[^\W\d_]{2,}|\d+")


@dataclass(frozen=True)
class LeadSignal:
    """A conversation-level signal and the lead's own words it rests on.

    `kind` is "non_buyer:<kind>" (one of NON_BUYER_KINDS), "urgent" or "question";
    `text[span[0]:span[1]] == quote` for the message it was read from.
    """

    kind: str
    quote: str
    span: tuple[int, int]
    source: str = "rules"

    @property
    def non_buyer(self) -> str | None:
        """The non-buyer kind, if this is a non-buyer signal."""
        return self.kind.split(":", 1)[1] if self.kind.startswith("non_buyer:") else None


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of the text, trimmed of surrounding whitespace."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _sentence_at(text: str, pos: int) -> tuple[int, int]:
    for start, end in _sentences(text):
        if start <= pos < end:
            return start, end
    return pos, pos


def _signal(kind: str, text: str, pos: int) -> LeadSignal:
    start, end = _sentence_at(text, pos)
    return LeadSignal(kind, text[start:end], (start, end))


def _shifted(signal: LeadSignal | None, offset: int) -> LeadSignal | None:
    if signal is None or offset == 0:
        return signal
    return LeadSignal(signal.kind, signal.quote, (signal.span[0] + offset, signal.span[1] + offset),
                      signal.source)


def _first(find: Callable[[str], LeadSignal | None], text: str) -> LeadSignal | None:
    """The first signal in the windows of a long paste (its head and tail, as extraction reads)."""
    for start, end in read_windows(text):
        found = _shifted(find(text[start:end]), start)
        if found is not None:
            return found
    return None


def detect_urgency(text: str) -> LeadSignal | None:
    """An urgent request (same or next day, an emergency), unless the lead says it is not."""
    return _first(_urgency, text)


def _urgency(text: str) -> LeadSignal | None:
    s = lower(prepare(text))
    stress = [m.span() for m in _STRESSED_NEED.finditer(s)]
    for match in _URGENT.finditer(s):
        if any(a <= match.start() < b for a, b in stress):
            continue
        start, end = _sentence_at(s, match.start())
        if not _NOT_URGENT.search(s, start, end):
            return _signal("urgent", text, match.start())
    return None


def lead_questions(text: str, answer_spans: Sequence[tuple[int, int]] = ()) -> list[LeadSignal]:
    """The lead's own questions, one per sentence, without pings and remarks on the bot's
    question ("wie meinen Sie das?", "why do you ask?").

    `answer_spans` are the facts read from this message: a sentence holding one that only ends
    in "?" ("so 500?", "maybe a few hundred a month?") is a tentative answer, not a question;
    one that opens like a question ("kommt ihr heute noch?") stays a question."""
    return [q for start, end in read_windows(text)
            for q in (_shifted(found, start) for found in _questions(text[start:end], [
                (a - start, b - start) for a, b in answer_spans]))
            if q is not None]


def _questions(text: str, answer_spans: Sequence[tuple[int, int]]) -> list[LeadSignal]:
    s = lower(prepare(text))
    out = []
    for start, end in _sentences(s):
        sentence = s[start:end].strip(" \"'")
        words = _WORD.findall(sentence)
        if len(words) < MIN_QUESTION_WORDS or _PING.match(sentence) or _ABOUT_THE_QUESTION.search(sentence):
            continue
        opener = _QUESTION_OPENER.search(sentence) is not None
        answers = any(a < end and start < b for a, b in answer_spans) or _TENTATIVE.match(sentence)
        if opener or (sentence.rstrip().endswith("?") and not answers):
            out.append(LeadSignal("question", text[start:end], (start, end)))
    return out


def asks_why(text: str) -> bool:
    """The lead asks why the bot wants to know (answered by explaining, not from knowledge)."""
    return _ABOUT_THE_QUESTION.search(lower(prepare(text))) is not None
