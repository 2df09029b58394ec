"""The internal result of one rule: a slot value and the span that proves it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.types import Slot


@dataclass(frozen=True)
class Hit:
    """One rule match in one message, before it becomes a `Candidate`."""

    slot: Slot
    value: dict[str, Any]
    start: int
    end: int
    confidence: float
    # False for statements without a figure or date ("budget is there", "ASAP"): a more
    # specific statement about the same slot wins over them.
    specific: bool = True
    flags: frozenset[str] = field(default_factory=frozenset)
    source: str = "rules"  # "model" for a proposal of the learned layer
