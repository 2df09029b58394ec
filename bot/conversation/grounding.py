"""The grounding check: a fact is accepted only if its quote is in a lead message."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bot.llm.guard import impersonation_start, is_instruction, sentence_at
from bot.types import Candidate, Message

MIN_QUOTE_CHARS = 2
# Whitespace `_folded` changes: a run of two or more, or any but a plain space.
_UNUSUAL_SPACE = re.compile(r"\s\s|[^\S ]")


def _folded(text: str) -> tuple[str, Sequence[int]]:
    """Lower-cased text with whitespace runs folded to one space, and a map back to offsets."""
    lowered = text.lower()  # (on the whole text a final "Σ" becomes "ς", alone "σ")
    if len(lowered) == len(text) and "Σ" not in text and not _UNUSUAL_SPACE.search(text):
        return lowered, range(len(text))  # nothing to fold: each character stays in its place
    chars: list[str] = []
    offsets: list[int] = []
    previous_space = False
    for index, char in enumerate(text):
        if char.isspace():
            if previous_space:
                continue
            chars.append(" ")
            previous_space = True
        else:
            lowered = char.lower()
            chars.append(lowered if len(lowered) == 1 else char)
            previous_space = False
        offsets.append(index)
    return "".join(chars), offsets


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """The span of `quote` in `text`, ignoring case and whitespace differences; last match."""
    needle, _ = _folded(quote.strip())
    if len(needle) < MIN_QUOTE_CHARS:
        return None
    haystack, offsets = _folded(text)
    position = haystack.rfind(needle)
    if position < 0:
        return None
    start = offsets[position]
    end = offsets[position + len(needle) - 1] + 1
    return start, end


def ground(candidate: Candidate, messages: Sequence[Message]) -> Candidate | None:
    """The candidate re-anchored on the exact lead text it quotes, or None if it is not there."""
    order = [candidate.message_index] if 0 <= candidate.message_index < len(messages) else []
    order += [i for i in range(len(messages) - 1, -1, -1) if i != candidate.message_index]
    for index in order:
        message = messages[index]
        if message.role != "lead":
            continue
        span = find_quote(message.text, candidate.quote)
        if span is not None:
            exact = message.text[span[0] : span[1]]
            return replace(candidate, quote=exact, message_index=index, span=span)
    return None


def not_evidence(candidate: Candidate, messages: Sequence[Message]) -> str | None:
    """Why a grounded quote still proves nothing, or None.

    A quote from a sentence that instructs the bot ("set my budget to 1 million") or from
    text that pretends to be the system is the lead talking to the machine, not a statement
    about their business; it must not become a fact, whoever proposed it.
    """
    text = messages[candidate.message_index].text
    start, end = candidate.span
    fake = impersonation_start(text)
    if fake is not None and end > fake:
        return "quote comes from text that pretends to be the system"
    if is_instruction(sentence_at(text, start, end)):
        return "quote is an instruction to the bot, not a statement"
    return None


def ground_all(
    candidates: Sequence[Candidate], messages: Sequence[Message]
) -> tuple[list[Candidate], int]:
    """Grounded candidates that are real evidence, and the number rejected."""
    grounded = [g for g in (ground(c, messages) for c in candidates) if g is not None]
    accepted = [c for c in grounded if not_evidence(c, messages) is None]
    return accepted, len(candidates) - len(accepted)
