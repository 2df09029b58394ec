"""The bounded prompt of one LLM turn: instructions, a compact record, the last messages.

Size stays flat as the conversation grows: the record is summarised per slot (not the
history of facts), and only the last WINDOW messages are shown, each cut to a maximum
length. Lead text is placed inside <record>/<transcript> delimiters as data, and any
delimiter-like tag in it is defused so it cannot close the block early.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import prompts
from bot.conversation.responder import TurnInput
from bot.llm.schema import output_contract
from bot.types import SLOTS, Message

WINDOW = 6
MAX_MESSAGE_CHARS = 800
MAX_VALUE_CHARS = 120
LANGUAGE_NAMES = {"de": "German", "en": "English", "fr": "French", "es": "Spanish",
                  "it": "Italian", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese"}
WISHES = frozenset({"email_only", "no_phone", "opt_out", "do_not_contact", "erasure_requested"})
TAG = re.compile(r"<(\s*/?\s*(?:transcript|record|system|instructions?|message|assistant|user)\b)",
                 re.IGNORECASE)


@dataclass(frozen=True)
class Prompt:
    """The two messages sent to the model."""

    system: str
    user: str

    def as_text(self) -> str:
        """The prompt as one logged text."""
        return f"[system]\n{self.system}\n\n[user]\n{self.user}"


def build_prompt(turn: TurnInput) -> Prompt:
    """The prompt for this turn, in the lead's language (English instructions otherwise)."""
    lang = turn.lang if prompts.exists(f"llm/system_{turn.lang}.j2") else "en"
    system = prompts.render(
        f"llm/system_{lang}.j2",
        contract=output_contract(),
        language=LANGUAGE_NAMES.get(turn.lang, turn.lang),
    )
    user = prompts.render(
        f"llm/turn_{lang}.j2",
        record=record_summary(turn.facts, {c.slot for c in turn.decision.acknowledged}),
        lead_name=defuse(turn.lead_name) if turn.lead_name else None,
        channel=turn.channel,
        wishes=sorted(turn.flags & WISHES - ({"do_not_contact"} if "opt_out" in turn.flags else set())),
        task={"kind": turn.decision.kind, "slot": turn.decision.slot},
        transcript=transcript(turn.messages),
        knowledge=[defuse(text) for text in turn.answers],
        question_open="question_open" in turn.flags,
        situation=situation(turn.flags),
        address=turn.address,
        promised="handoff_promised" in turn.flags,
    )
    return Prompt(system=system, user=user)


def situation(flags: frozenset[str]) -> str:
    """What the turn must say besides its task: "urgent", a non-buyer kind, or ""."""
    if "urgent" in flags:
        return "urgent"
    return next((f.split(":", 1)[1] for f in sorted(flags) if f.startswith("non_buyer:")), "")


def defuse(text: str) -> str:
    """Lead text with delimiter-like tags made harmless (the bracket becomes ‹)."""
    return TAG.sub(r"‹\1", text)


def transcript(messages: Sequence[Message]) -> list[dict[str, str]]:
    """The last WINDOW messages, each cut to MAX_MESSAGE_CHARS, as data for the template."""
    return [
        {"speaker": m.role, "text": defuse(_cut(m.text, MAX_MESSAGE_CHARS))}
        for m in list(messages)[-WINDOW:]
    ]


def record_summary(
    facts: Mapping[str, Mapping[str, Any] | None], new: set[str]
) -> list[dict[str, Any]]:
    """One short line per slot: the known value, or empty when the slot is open."""
    return [
        {"slot": slot, "text": defuse(describe_value(facts.get(slot))), "new": slot in new}
        for slot in SLOTS
    ]


def describe_value(value: Mapping[str, Any] | None) -> str:
    """A fact value as `key=value` pairs, skipping nulls; empty for an open slot."""
    if not value:
        return ""
    pairs = [f"{k}={_scalar(v)}" for k, v in value.items() if v is not None and v != ""]
    return _cut(", ".join(pairs), MAX_VALUE_CHARS)


def _scalar(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
