"""Code-side checks on what the model wrote and on what the lead wrote.

The prompt asks the model to behave; these checks make sure it did: one question at most,
none when the lead asked to stop, no echo of the instructions, and no fact taken from a
sentence that instructs the bot or pretends to be the system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_REPLY_CHARS = 700
LEAK_WORDS = 8  # a run of this many words shared with the instructions counts as a leak

# A sentence with its trailing whitespace, so that joining the parts gives the text back.
SENTENCE = re.compile(r"\s*[^.!?…\n]*(?:[.!?…]+[\"'»«”)\]]*)?\s*")
TAG = re.compile(r"</?\s*[A-Za-z_][\w-]*\s*/?>")
QUESTION = re.compile(r"[?？]")
# The prompt's own structure; a reply that contains it echoes the prompt instead of answering.
PROMPT_MARKUP = re.compile(r"</?\s*(?:transcript|record)\s*>|\[(?:Lead|You|Du)\]")

# A record field the lead might try to write directly.
_FIELD = (
    r"(?:budget|authority|need|timing|deadline|score|rating|status|stage|priority|"
    r"bewertung|priorität|zeitrahmen|bedarf|entscheider\w*|befugnis)"
)
_OWNER = r"(?:(?:my|our|the|this|his|her|mein\w*|unser\w*|das|den|die|der)\s+)?"
_EN_VERB = r"(?:set|change|update|record|write|put|mark|enter|store|save|note|log|register)"
_DE_VERB = (
    r"(?:setz\w*|trag\w*|schreib\w*|änder\w*|notier\w*|speicher\w*|vermerk\w*|"
    r"markier\w*|stell\w*|erfass\w*|hinterleg\w*)"
)
INSTRUCTION = re.compile(
    # "set my budget to 1 million", "record our timing as now"
    rf"\b{_EN_VERB}\b[^.!?\n]{{0,20}}?\b{_OWNER}{_FIELD}\s+(?:to|as|at|=|:)"
    # "record me as decision maker", "put 1 million as my budget"
    rf"|\b{_EN_VERB}\b[^.!?\n]{{0,30}}\bas\s+{_OWNER}{_FIELD}\b"
    rf"|\b{_EN_VERB}\s+(?:me|us)\s+(?:down\s+)?as\b"
    # "setz mein Budget auf 1 Million", "trag als Budget 1 Mio ein"
    rf"|\b{_DE_VERB}\b[^.!?\n]{{0,20}}?\b{_OWNER}{_FIELD}\s+(?:auf|als|=|:)"
    rf"|\b{_DE_VERB}\b[^.!?\n]{{0,30}}\bals\s+{_OWNER}{_FIELD}\b"
    rf"|\b{_FIELD}\b[^.!?\n]{{0,30}}\b(?:auf|als)\b[^.!?\n]{{0,20}}\b(?:setzen|eintragen|ändern|notieren|vermerken)\b"
    r"|\b(?:ignore|disregard|forget)\b[^.!?\n]{0,40}\b(?:instructions?|prompt|rules)\b"
    r"|\bignorier\w*\b[^.!?\n]{0,40}\b(?:anweisung\w*|instruktion\w*|regeln|prompt)\b",
    re.IGNORECASE,
)
# Text that pretends to be another speaker than the lead.
IMPERSONATION = re.compile(
    r"(?:^|\n)\s*(?:[\[<(#*]+\s*)?(?:system|assistant|developer|admin(?:istrator)?|setter|bot|"
    r"operator)\s*(?:message|prompt|override|note|nachricht)?\s*[\]>)#*]*\s*[:>\]]"
    r"|</?\s*(?:transcript|system|instructions?|lead_message)\b"
    r"|\bsystem\s+(?:override|prompt\s*:)",
    re.IGNORECASE,
)


class ReplyRejected(ValueError):
    """The reply cannot be sent and cannot be repaired locally."""


@dataclass(frozen=True)
class CheckedReply:
    """A reply that passed the checks, and whether a check had to change it."""

    text: str
    repaired: bool


def sentences(text: str) -> list[str]:
    """The text split into sentences, keeping their punctuation and order."""
    return [part for part in SENTENCE.findall(text) if part.strip()]


def check_reply(
    text: str, *, questions_allowed: int, instructions: str, truncated: bool = False
) -> CheckedReply:
    """The reply made to obey the turn's rules, or ReplyRejected when that is impossible."""
    cleaned = text.strip()
    if not cleaned:
        raise ReplyRejected("empty reply")
    if leaks(cleaned, instructions):
        raise ReplyRejected("reply repeats the instructions")
    # A model that goes on writing the transcript is cut there, as a stop sequence would;
    # stray tags such as "</reply>" are removed.
    markup = PROMPT_MARKUP.search(cleaned)
    kept_text = cleaned[: markup.start()] if markup else cleaned
    parts = sentences(TAG.sub("", kept_text).strip())
    if truncated and parts and not re.search(r"[.!?…][\"'»«”)\]]*\s*$", parts[-1]):
        parts = parts[:-1]  # the model was cut off mid-sentence
    kept = _limit_questions(parts, questions_allowed)
    kept = _limit_length(kept)
    result = "".join(kept).strip()
    if not result:
        raise ReplyRejected("nothing sendable left after the checks")
    return CheckedReply(result, repaired=result != cleaned)


def _limit_questions(parts: list[str], allowed: int) -> list[str]:
    kept: list[str] = []
    asked = 0
    for part in parts:
        if QUESTION.search(part):
            if asked >= allowed:
                break  # never two questions at once; what follows builds on the first
            asked += 1
        kept.append(part)
    return kept


def _limit_length(parts: list[str]) -> list[str]:
    kept: list[str] = []
    total = 0
    for part in parts:
        total += len(part)
        if total > MAX_REPLY_CHARS and kept:
            break
        kept.append(part if total <= MAX_REPLY_CHARS else part[:MAX_REPLY_CHARS])
    return kept


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def leaks(reply: str, instructions: str) -> bool:
    """Whether the reply repeats a run of LEAK_WORDS words from the instructions."""
    secret = _words(instructions)
    runs = {tuple(secret[i : i + LEAK_WORDS]) for i in range(len(secret) - LEAK_WORDS + 1)}
    said = _words(reply)
    return any(tuple(said[i : i + LEAK_WORDS]) in runs for i in range(len(said) - LEAK_WORDS + 1))


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence (or line) of `text` that contains the span start..end."""
    left = max(text.rfind(mark, 0, start) for mark in ".!?\n") + 1
    rights = [i for i in (text.find(mark, end) for mark in ".!?\n") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right]


def is_instruction(sentence: str) -> bool:
    """Whether the sentence tells the bot what to record or how to behave."""
    return INSTRUCTION.search(sentence) is not None


def impersonation_start(text: str) -> int | None:
    """Where the text starts to pretend to be the system or the bot, or None."""
    match = IMPERSONATION.search(text)
    return match.start() if match else None
