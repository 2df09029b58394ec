"""The seam between the dialogue policy and whatever phrases the reply.

The policy (code) decides *what* to do this turn; a responder decides *how to say it*
and may propose facts. The deterministic responder renders Jinja2 templates; the LLM
responder (`bot/llm.py`) makes one structured call and falls back to the deterministic
one when the model fails.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import scoring
from bot.types import Candidate, Message, Slot

DecisionKind = Literal["greet", "ask", "clarify", "handoff", "close", "stop", "note"]


@dataclass(frozen=True)
class Decision:
    """What the policy decided for this turn (never more than one question)."""

    kind: DecisionKind
    slot: Slot | None
    why: str
    acknowledged: tuple[Candidate, ...] = ()
    action: scoring.NextAction | None = None  # the record's next action this move follows


@dataclass(frozen=True)
class TurnInput:
    """Everything a responder may use to phrase one reply."""

    conversation_id: str
    lang: str
    messages: Sequence[Message]
    facts: Mapping[str, Mapping[str, Any] | None]
    decision: Decision
    lead_name: str | None = None
    channel: str = "web"
    flags: frozenset[str] = frozenset()  # signals of this turn, e.g. {"email_only"}
    answers: tuple[str, ...] = ()  # answers to the lead's questions from the knowledge file
    business: Mapping[str, str] = field(default_factory=dict)  # name, phone, ... of the deployment
    address: str = "sie"  # German: "sie" or "du"


@dataclass(frozen=True)
class LLMCall:
    """One model call, as it is logged in the database."""

    model: str
    prompt_tokens: int
    completion_tokens: int
    latency_ms: float
    outcome: str  # ok | retried | repaired | failed | fallback
    error: str | None = None
    prompt: str | None = None
    completion: str | None = None


@dataclass
class TurnOutput:
    """A reply plus the fact proposals and flags that came with it."""

    text: str
    proposals: list[Candidate] = field(default_factory=list)
    flags: frozenset[str] = frozenset()
    calls: list[LLMCall] = field(default_factory=list)
    engine: str = "deterministic"
    rejected: int = 0  # proposals the responder itself refused (instructions, bad values)


class Responder(Protocol):
    """Phrases a reply for a decision; must never raise for ordinary model failures."""

    name: str

    def respond(self, turn: TurnInput) -> TurnOutput:
        """Return the reply for this turn."""
        ...
