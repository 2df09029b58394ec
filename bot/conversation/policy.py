"""The dialogue policy: which move to make next. Code, not prompt, so it can be tested.

Rules: ask for the most valuable missing slot, one question at a time; never re-ask a slot
that is answered; ask an unanswered slot at most twice (the second time as a clarification);
stop when the lead is qualified (hand-off), clearly out (polite close) or asks to stop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import scoring
from bot.conversation.responder import Decision
from bot.types import SLOTS, Candidate, Slot

Facts = Mapping[str, Mapping[str, Any] | None]
MAX_ASKS_PER_SLOT = 2


@dataclass(frozen=True)
class PolicyState:
    """What the policy needs to know about the conversation so far."""

    facts: Facts
    signals: frozenset[str]
    asked: Mapping[str, int]
    lead_turns: int
    max_questions: int
    learned: tuple[Candidate, ...] = ()
    blocked_reason: str | None = None
    status: str = "open"  # how the conversation stood before this message
    lead_flags: frozenset[str] = frozenset()


def is_qualified(facts: Facts) -> bool:
    """All four slots answered, with money, a need, someone who decides or prepares, a timeline."""
    budget, authority, need, timing = (facts.get(s) for s in SLOTS)
    if not (budget and authority and need and timing):
        return False
    return (
        bool(budget.get("has_budget"))
        and bool(need.get("has_need"))
        and authority.get("level") in ("decision_maker", "influencer")
        and timing.get("horizon") != "none"
    )


def out_reason(facts: Facts) -> str | None:
    """Why the lead is clearly not a buyer now, or None."""
    need = facts.get("need")
    if need is not None and need.get("has_need") is False:
        return "the lead says there is no need"
    budget, timing = facts.get("budget"), facts.get("timing")
    no_budget = budget is not None and budget.get("has_budget") is False
    if no_budget and timing is not None and timing.get("horizon") == "none":
        return "no budget and no time frame"
    return None


def _answered(facts: Facts) -> set[str]:
    return {slot for slot in SLOTS if facts.get(slot) is not None}


def next_slot(facts: Facts, asked: Mapping[str, int]) -> Slot | None:
    """The most valuable open slot the lead has not ignored too often.

    `asked` counts questions the lead let pass without saying anything new; a lead who
    answers something else is simply asked again, an unclear one gets one clarification.
    """
    answered = _answered(facts)
    for slot in scoring.missing_slots(facts):
        if slot in SLOTS and slot not in answered and asked.get(slot, 0) < MAX_ASKS_PER_SLOT:
            return slot  # type: ignore[return-value]
    return None


def decide(state: PolicyState) -> Decision:
    """The one move for this turn."""
    learned = state.learned
    if state.signals & {"opt_out", "stop"} or "opt_out" in state.lead_flags:
        return Decision("stop", None, "the lead asked to stop", learned)
    if state.status in ("stop", "handoff"):
        # The lead asked to stop, or is with a colleague already: note what they add, ask nothing.
        return Decision("note", None, f"conversation already ended ({state.status})", learned)
    if state.blocked_reason:
        return Decision("close", None, state.blocked_reason, learned)
    if "wants_human" in state.signals:
        return Decision("handoff", None, "the lead asked to talk to a person", learned)
    if is_qualified(state.facts):
        return Decision("handoff", None, "budget, authority, need and timing are known", learned)
    reason = out_reason(state.facts)
    if reason:
        return Decision("close", None, reason, learned)
    if state.lead_turns >= state.max_questions:
        return Decision("close", None, "question limit reached; a setter follows up", learned)
    slot = next_slot(state.facts, state.asked)
    if slot is None:
        return Decision("close", None, "nothing left the bot can usefully ask", learned)
    why = f"{slot} is the most valuable open question"
    if state.asked.get(slot, 0) >= 1:
        return Decision("clarify", slot, why, learned)
    return Decision("ask", slot, why, learned)
