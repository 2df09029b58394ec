"""The dialogue policy: which move the bot makes this turn. Code, not prompt, so it can be tested.

The policy does not decide what should happen with the lead: `scoring.next_action` does, once,
and the record stores it. The policy turns that next action into the bot's move (ask, clarify,
hand off, close) and adds what only the conversation knows: a lead who asks to stop is not
asked anything, and after a stop or hand-off the bot only notes what the lead adds. What the
conversation knows that the next action needs goes in through `conversation_flags` and, for
non-buyers and urgent requests, through the flags the turn sets from `bot.conversation.reading`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import scoring
from bot.conversation.responder import Decision
from bot.types import Candidate

MAX_ASKS_PER_SLOT = 2
NOT_TO_BE_CONTACTED = frozenset({"opt_out", "do_not_contact"})  # do_not_contact: erasure asked


@dataclass(frozen=True)
class PolicyState:
    """What the policy needs to know about the conversation so far."""

    action: scoring.NextAction  # the record's next action after this message
    signals: frozenset[str]
    asked: Mapping[str, int]  # questions asked per slot so far in this conversation
    learned: tuple[Candidate, ...] = ()
    status: str = "open"  # how the conversation stood before this message
    lead_flags: frozenset[str] = frozenset()


def conversation_flags(asked: Mapping[str, int], lead_turns: int, max_questions: int,
                       status: str = "open") -> set[str]:
    """Lead flags through which the conversation informs the next action: a slot asked twice
    (one question, one clarification) is not asked again, after `max_questions` messages
    the bot stops asking, and once the bot told the lead that a person gets in touch
    (`status` "handoff"), that promise stands whatever the lead adds."""
    flags = {f"asked_out:{slot}" for slot, count in asked.items() if count >= MAX_ASKS_PER_SLOT}
    if lead_turns >= max_questions:
        flags.add("questions_exhausted")
    if status == "handoff":
        flags.add("handoff_promised")
    return flags


def decide(state: PolicyState) -> Decision:
    """The one move for this turn, read from the record's next action."""
    learned, action = state.learned, state.action
    if state.status == "stop":  # said once; what the lead adds is noted, not answered again
        return Decision("note", None, "conversation already ended (stop)", learned, action)
    ended = state.status in ("handoff", "close")  # "bis dann" then is a goodbye, noted as one
    if "opt_out" in state.signals or state.lead_flags & NOT_TO_BE_CONTACTED or (
            "stop" in state.signals and not ended):
        return Decision("stop", None, "the lead asked to stop", learned, action)
    if state.status == "handoff" or (ended and (action.kind not in ("ask", "handoff")
                                                or "stop" in state.signals)):
        # With a colleague already, or said goodbye and nothing new to ask: note what the lead
        # adds (one goodbye per conversation), ask nothing.
        return Decision("note", None, f"conversation already ended ({state.status})", learned, action)
    if action.kind == "handoff":
        return Decision("handoff", None, action.why, learned, action)
    if action.kind == "ask" and action.slot:
        kind = "clarify" if state.asked.get(action.slot, 0) >= 1 else "ask"
        return Decision(kind, action.slot, action.why, learned, action)  # type: ignore[arg-type]
    return Decision("close", None, action.why, learned, action)
