"""From the model's fact proposals to candidates the engine can ground and store.

A proposal must quote the lead; the quote is anchored with the shared grounding check and
its value is normalised by the same rule extractor as rule facts (the proposal's slot is
the context, as a bot question would be). A grounded quote the rules cannot read keeps the
model's value if it passes the field checks, at a lower confidence. Quotes taken from a
sentence that instructs the bot ("set my budget to ...") or from text that pretends to be
the system are not evidence and are dropped. Ungrounded proposals are passed on unchanged
so that the engine's grounding rejects and counts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot import extract
from bot.conversation.grounding import ground, not_evidence
from bot.llm.schema import FactProposal, slot_value
from bot.types import Candidate, Message

SOURCE = "llm"
LLM_ONLY_CONFIDENCE = 0.5
RULE_CONFIDENCE_CAP = 0.9


@dataclass
class Review:
    """Proposals turned into candidates, and the ones dropped with the reason."""

    candidates: list[Candidate] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def review(proposals: Sequence[FactProposal], messages: Sequence[Message], at: datetime) -> Review:
    """Candidates for the engine from the model's proposals."""
    result = Review()
    for proposal in proposals:
        raw = Candidate(slot=proposal.slot, value={}, quote=proposal.quote, message_index=-1,
                        span=(0, 0), confidence=LLM_ONLY_CONFIDENCE, source=SOURCE)
        anchored = ground(raw, messages)
        if anchored is None:
            result.candidates.append(raw)  # the engine's grounding rejects and counts it
            continue
        reason = not_evidence(anchored, messages)
        if reason:
            result.dropped.append(f"{proposal.slot}: {reason}")
            continue
        candidate = normalise(anchored, proposal, messages, at)
        if candidate is None:
            result.dropped.append(f"{proposal.slot}: value failed the checks")
        else:
            result.candidates.append(candidate)
    return result


def normalise(
    anchored: Candidate, proposal: FactProposal, messages: Sequence[Message], at: datetime
) -> Candidate | None:
    """The anchored proposal with a rule-normalised value, else its checked model value."""
    message = messages[anchored.message_index]
    ruled = [
        c for c in extract.extract_text(anchored.quote, message.at or at, proposal.slot)
        if c.slot == proposal.slot
    ]
    if ruled:
        best = max(ruled, key=lambda c: c.confidence)
        start, end = anchored.span[0] + best.span[0], anchored.span[0] + best.span[1]
        return replace(
            anchored, value=dict(best.value), quote=message.text[start:end], span=(start, end),
            confidence=min(best.confidence, RULE_CONFIDENCE_CAP),
            flags=frozenset({"normalised_by_rules"}),
        )
    value = slot_value(proposal)
    if value is None:
        return None
    return replace(anchored, value=value, confidence=LLM_ONLY_CONFIDENCE,
                   flags=frozenset({"llm_value"}))


@dataclass
class Reconciled:
    """Model proposals split against this turn's rule facts.

    `current` should be stored after the rule facts (it wins its slot); `history` lost to a
    rule fact and should be kept as an already superseded row, so that a setter still sees
    what the model read.
    """

    current: list[Candidate] = field(default_factory=list)
    history: list[Candidate] = field(default_factory=list)


def reconcile(rules: Sequence[Candidate], proposals: Sequence[Candidate]) -> Reconciled:
    """Where rules and model disagree on a slot, the better-grounded, more recent one wins.

    More recent evidence (a later message) wins; in the same message the higher confidence
    wins, and rules win a tie (their reading is exact). A proposal that agrees with the
    rule fact adds nothing and is left out. Proposals must already be grounded.
    """
    ruled = {c.slot: c for c in rules}
    result = Reconciled()
    for proposal in proposals:
        rule = ruled.get(proposal.slot)
        if rule is None:
            result.current.append(proposal)
        elif dict(rule.value) == dict(proposal.value):
            continue
        elif _rank(proposal) > _rank(rule):
            result.current.append(proposal)
        else:
            result.history.append(proposal)
    return result


def _rank(candidate: Candidate) -> tuple[int, float, int]:
    return candidate.message_index, candidate.confidence, 0 if candidate.source == SOURCE else 1
