"""Training examples from the labelled chat corpus (tests/data/chat/*.jsonl).

Each lead message is one example per head. Its label is what the message changed in the
lead's state: a field that became "need: true" at this message is labelled "true"; a field
still unspoken is "none". A field that kept an earlier value says nothing certain (restated
or not touched), so that message is left out of that head's examples.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from bot.extract.context import asked_slot

NONE = "none"  # the message says nothing about the field
HISTORY_CHARS = 1500  # as bot.extract.HISTORY_CHARS


@dataclass(frozen=True)
class Example:
    """One lead message with the bot's slot before it and a label per head (None = skip)."""

    text: str
    asked: str | None
    labels: Mapping[str, str | None]
    conversation: str
    history: str  # the lead's messages so far, this one last (read for the kind of lead)
    context: str = ""  # every message so far, the bot's too (read for a budget's period)
    bot: str = ""  # the bot's message this one answers ("" when none or answered already)


def field_label(field: str, value: Any) -> str:
    """The class of a field value in a state (the head's label)."""
    if value is None:
        return NONE
    if field == "need":
        return "true" if value.get("has_need") else "false"
    if field == "budget":
        return "yes" if value.get("has_budget") else "no"
    if field == "authority":
        return str(value.get("level"))
    return str(value.get("horizon"))  # timing: now/soon/later/none -> "none" is explicit


def period_label(before: Any, after: Any) -> str | None:
    """The period of a figure the message gave ("none" when unstated), else None (no example)."""
    if not isinstance(after, dict) or after == before or not after.get("has_budget"):
        return None
    if after.get("min") is None and after.get("max") is None:
        return None
    return str(after.get("period") or NONE)


def _label(field: str, before: Any, after: Any) -> str | None:
    if after == "*" or before == "*":
        return None
    if after is None:
        return NONE
    if after == before:
        return None
    label = field_label(field, after)
    return "no_timeline" if field == "timing" and label == NONE else label


def examples(conversation: Mapping[str, Any]) -> Iterator[Example]:
    """The examples of one corpus conversation, in order."""
    before: Mapping[str, Any] = {"budget": None, "authority": None, "need": None, "timing": None}
    asked: str | None = None
    bot = ""
    lead_texts: list[str] = []
    seen: list[str] = []
    for message in conversation["messages"]:
        seen.append(message["text"])
        if message["role"] == "bot":
            asked = asked_slot(message["text"])
            bot = message["text"]
            continue
        state = message["state"]
        labels: dict[str, str | None] = {f: _label(f, before[f], state[f]) for f in before}
        lead_texts.append(message["text"])
        labels["kind"] = str(conversation.get("lead_kind") or "buyer")
        labels["period"] = period_label(before["budget"], state["budget"])
        history = "\n".join(lead_texts)[-HISTORY_CHARS:]
        context = "\n".join(seen)[-HISTORY_CHARS:]
        yield Example(message["text"], asked, labels, str(conversation["id"]), history, context, bot)
        before = state
        asked, bot = None, ""


def case_examples(case: Mapping[str, Any]) -> Iterator[Example]:
    """The example of a one-message benchmark case (tests/data/bant_*.jsonl): gold is its label."""
    leads = [i for i, m in enumerate(case["messages"]) if m["role"] == "lead"]
    if len(leads) != 1:
        return
    index = leads[0]
    bots = [m for m in case["messages"][:index] if m["role"] == "bot"]
    asked = asked_slot(bots[-1]["text"]) if bots else None
    text = case["messages"][index]["text"]
    labels: dict[str, str | None] = {
        f: _label(f, None, case["gold"][f]) for f in ("budget", "authority", "need", "timing")}
    labels["kind"] = None
    labels["period"] = period_label(None, case["gold"]["budget"])
    yield Example(text, asked, labels, str(case["id"]), text[-HISTORY_CHARS:],
                  "\n".join(m["text"] for m in case["messages"])[-HISTORY_CHARS:],
                  bots[-1]["text"] if bots else "")
