"""Value types shared by the conversation core, extraction and the store.

These are plain frozen dataclasses so that extraction and the policy can be tested
without a database. Fact values use the prediction format of the BANT benchmark
(`../shared/eval/README.md`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Slot = Literal["budget", "authority", "need", "timing"]
SLOTS: tuple[Slot, ...] = ("budget", "authority", "need", "timing")
Role = Literal["lead", "bot"]


@dataclass(frozen=True)
class Message:
    """One message of a conversation, as extraction sees it."""

    role: Role
    text: str
    at: datetime
    id: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A proposed fact: a normalised value plus the exact evidence it rests on.

    `message_index` points into the message list given to the extractor and
    `span` is the half-open character range of `quote` in that message's text, so
    `messages[message_index].text[span[0]:span[1]] == quote` always holds for
    grounded candidates.
    """

    slot: Slot
    value: Mapping[str, Any]
    quote: str
    message_index: int
    span: tuple[int, int]
    confidence: float
    source: str = "rules"
    flags: frozenset[str] = field(default_factory=frozenset)


# Signals a lead message can carry besides BANT facts; the policy reacts to them.
Signal = Literal["opt_out", "stop", "wants_human", "email_only", "no_phone"]
