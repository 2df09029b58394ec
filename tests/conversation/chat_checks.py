"""What a lead (or a demanding customer reading the transcript) notices in the bot's replies,
as checks shared by the simulated-chat tests: a question asked a third time, a sentence said
twice, a double space, an internal field value or code, "du" and "Sie" mixed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from bot.conversation.templates import sentences
from bot.extract import asked_slot

MAX_ASKS = 2
# Internal values and codes that must never reach a lead: enum values, field names, ISO dates,
# floats as Python prints them, Python/JSON literals, a raw value in brackets ("(chef)").
RAW = re.compile(
    r"\b(?:decision_maker|no_authority|influencer|has_need|has_budget|one_off|horizon|deadline|"
    r"non_buyer|wrong_number|asked_out|None|null|True|False|EUR|USD|GBP)\b"
    r"|\b[a-z]+_[a-z_]+\b|\b\d{4}-\d{2}-\d{2}\b|\b\d+\.0\b|\([a-zäöüß ]+\)")
SIE = re.compile(r"\b(?:Sie|Ihnen|Ihr|Ihre[nmrs]?)\b")
DU = re.compile(r"\b(?:du|dich|dir|dein|deine[nmrs]?)\b", re.IGNORECASE)


def asked_slots(replies: Sequence[str]) -> Counter[str]:
    """How often each slot was asked: the slot of each reply's question (its last sentence
    with a question mark; a knowledge answer before it is not read as a question)."""
    asked: Counter[str] = Counter()
    for reply in replies:
        questions = [s for s in sentences(reply) if "?" in s]
        slot = asked_slot(questions[-1]) if questions else None
        if slot:
            asked[slot] += 1
    return asked


def repeated_sentences(replies: Sequence[str]) -> list[str]:
    """Sentences the bot said more than once in the conversation."""
    said = Counter(s for reply in replies for s in sentences(reply))
    return [s for s, n in said.items() if n > 1]


def reply_defects(replies: Sequence[str], lang: str, address: str = "sie") -> list[str]:
    """Everything wrong with the replies of one conversation, as readable findings."""
    found = []
    asked = asked_slots(replies)
    found += [f"{slot} asked {n} times" for slot, n in asked.items() if n > MAX_ASKS]
    found += [f"said twice: {s!r}" for s in repeated_sentences(replies)]
    for reply in replies:
        if "  " in reply or reply != reply.strip():
            found.append(f"stray whitespace: {reply!r}")
        if RAW.search(reply):
            found.append(f"raw value {RAW.search(reply).group(0)!r} in {reply!r}")  # type: ignore[union-attr]
        if lang == "de" and address == "du" and SIE.search(reply):
            found.append(f"'Sie' in a du conversation: {reply!r}")
        if lang == "de" and address != "du" and DU.search(reply):
            found.append(f"'du' in a Sie conversation: {reply!r}")
    return found
