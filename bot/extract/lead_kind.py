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

from bot.extract.scan import lower, prepare, read_windows

# Who is not a buyer (read in bot.extract.nonbuyer). What happens to them is decided by
# `scoring.next_action` (closed and disqualified with the reason; an existing customer with a
# support matter goes to a person).
NON_BUYER_KINDS = ("vendor", "applicant", "student", "support", "wrong_number", "spam")

_URGENT = re.compile(
    r"\b(?:heute\s+noch|noch\s+heute|heut\s+noch|heit\s+no(?:ch)?|hüt\s+no(?:ch)?|"
    r"heute\s+(?:oder|od\.?|o\.|/)\s*morgen|"
    r"gleich\s+morgen|heute\s+(?:nachmittag|abend)|"
    r"sofort|umgehend|notfall|notdienst|dringend|eilig|es\s+eilt|eilt\s+sehr|"
    r"rohrbruch|wasserrohrbruch|wasserschaden|steht\s+unter\s+wasser|überschwemm\w*|"
    r"(?:heizung|heizig|therme|boiler)\s+(?:(?!aus\b)\w+\s+){0,2}(?:ausgefallen|ausgfallen|kaputt|"
    r"geht\s+nicht|geht\s+nimmer|ausgegangen|(?:ist|is|isch)\s+(?:aus|hin))\b|"
    r"kein\s+(?:warmes?\s+wasser|warmwasser|strom|heizung)|starke\s+schmerzen|"
    r"today\s+or\s+tomorrow|(?:come|be\s+here|out|over|by|before|done)\s+(?:today|tonight|"
    r"tomorrow(?:\s+morning)?)|this\s+(?:afternoon|evening)|tonight|right\s+(?:now|away)|"
    r"immediately|emergency|urgent(?:ly)?|asap\s+(?:today|pls|please)|"
    r"burst\s+pipe|pipe\s+(?:has\s+)?burst|flooded\s+(?:\w+\s+)?(?:basement|cellar|kitchen|bathroom|floor)|no\s+(?:hot\s+water|heat(?:ing)?|power)|"
    r"(?:boiler|heating|furnace)\s+(?:\w+\s+){0,2}(?:broke|broken|died|dead|out|stopped))\b")
_NOT_URGENT = re.compile(
    # Browsing or no need at all: a time word here ("right now", "gerade") is no urgency.
    r"\b(?:just|only|merely)\s+(?:browsing|looking(?:\s+around)?|curious)\b|"
    r"\b(?:don'?t|do\s+not|doesn'?t)\s+(?:really\s+)?need\s+(?:anything|it|one)\b|"
    r"\bnur\s+(?:mal\s+)?(?:am\s+|zum\s+)?(?:schauen|gucken|umschauen|umsehen|stöbern|informieren)\b|"
    r"\b(?:brauche?n?|benötige?n?)\s+(?:\w+\s+)?(?:gerade|aktuell|momentan|jetzt|im\s+moment|noch)?\s*"
    r"(?:nichts|gar\s+nichts|nix)\b|"
    r"\b(?:nicht|kein|keine|nichts|nothing|not|no|non)[-\s]+(?:so\s+|sehr\s+|super\s+|really\s+|an?\s+)?"
    r"(?:dringend|eilig|notfall|urgent|emergency|rush)|\bes\s+eilt\s+nicht\b|\bkeine\s+eile\b|"
    r"\bno\s+rush\b|\bnot\s+(?:today|tomorrow)\b|\bnicht\s+(?:heute|morgen|sofort)\b")

# "dringend"/"urgently" only stressing a need ("wir brauchen dringend ein CRM", "we urgently need
# a new website") is no emergency: no time, no damage. An emergency word or a same-day time in
# the same message still counts on its own.
_STRESSED_NEED = re.compile(
    r"\b(?:brauche?n?|braucht|benötige?n?|benötigt|suche?n?|sucht|wollen|möchten)\s+(?:\w+\s+)?"
    r"(?:ganz\s+|sehr\s+|echt\s+)?(?:dringend|eilig)\b|"
    r"\b(?:dringend|eilig)\s+(?:\w+\s+)?(?:brauche?n?|braucht|benötige?n?|benötigt|gesucht|suche?n?)\b|"
    r"\b(?:really\s+)?urgently\s+(?:need|want|require|looking)\b|"
    r"\b(?:need|want|require)\s+(?:\w+\s+){0,3}?urgently\b")

# A sentence of the lead's own asking: it ends in "?" or opens like a question (chat often
# drops the mark). Pings ("hallo?", "noch da?") and remarks about the bot's question are not.
_QUESTION_OPENER = re.compile(
    r"(?:^|[,;:-]\s*)(?:und\s+|also\s+|ok\s+|okay\s+|and\s+|so\s+|btw\s+|übrigens\s+)?"
    r"(?:was\s+(?:kostet|kosten|nehmt|nehmen|verlangt|verlangen)|wie\s+(?:teuer|viel|lange|schnell|"
    r"läuft|funktioniert|sind|ist)|wieviel|wann\s+(?:habt|haben|seid|sind|könnt|können)|"
    r"wo\s+(?:seid|sind|genau)|(?:habt|macht|bietet|kommt|seid|könnt|arbeitet|nehmt)\s+ihr|"
    r"(?:haben|machen|bieten|kommen|sind|können|arbeiten|nehmen)\s+sie|gibt\s+(?:es|s)|"
    r"(?:kann|muss|darf|soll|brauche)\s+(?:man|ich)|kostet\s+(?:das|es|sowas|so\s+was)|geht\s+das|ist\s+(?:das|es)|"
    r"how\s+(?:much|long|fast|soon|does|do)|what\s+(?:does|do|are|is)\s+(?:it|you|your|the)|"
    r"(?:do|does|are|can|could|will|would|is|should)\s+(?:you|it|there|this|i|we)|when\s+(?:are|can|do)\s+you|"
    r"where\s+are\s+you|which|(?:can|could|will|would)\s+(?:someone|somebody|anyone|anybody)|"
    r"(?:kann|könnte|kommt)\s+(?:jemand|einer|wer))\b")
_PING = re.compile(
    r"^(?:hallo|hello|hi|hey|huhu|jemand\s+da|noch\s+da|bist\s+du\s+noch\s+da|sind\s+sie\s+noch\s+da|"
    r"anyone\s+there|are\s+you\s+there|still\s+there|ok|okay|ja|nein|yes|no|echt|wirklich|really|"
    r"und|and|so|also|wie\s+bitte|sorry|pardon)\W*$")
_ABOUT_THE_QUESTION = re.compile(
    r"\b(?:wie\s+mein\w*\s+(?:sie|du)\s+das|was\s+mein\w*\s+(?:sie|du)|what\s+do\s+you\s+mean|"
    r"(?:warum|wieso|weshalb|wozu)\s+(?:\w+\s+){0,3}(?:wissen|fragen|frage|fragst|brauchen|"
    r"braucht)|why\s+(?:\w+\s+){0,3}(?:ask|know|need))\b")
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
        answers = any(a < end and start < b for a, b in answer_spans)
        if opener or (sentence.rstrip().endswith("?") and not answers):
            out.append(LeadSignal("question", text[start:end], (start, end)))
    return out


def asks_why(text: str) -> bool:
    """The lead asks why the bot wants to know (answered by explaining, not from knowledge)."""
    return _ABOUT_THE_QUESTION.search(lower(prepare(text))) is not None
