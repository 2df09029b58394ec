"""BANT: points from stated facts, and which slots are still missing or unclear."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scoring.model import Model
from scoring.types import Facts, Reason

# Order of value for the conversation: the need opens it and gives the context, the timing
# decides between pursuing and nurturing, the budget is asked once value is clear, and the
# authority (the most delicate question) last.
ASK_ORDER = ("need", "timing", "budget", "authority")


def _fact(facts: Facts, slot: str) -> Mapping[str, Any] | None:
    value = facts.get(slot)
    return value if isinstance(value, Mapping) else None


def slot_state(facts: Facts, slot: str) -> str:
    """"positive", "negative" or "unclear" (unclear also when not stated at all)."""
    fact = _fact(facts, slot)
    if fact is None:
        return "unclear"
    if slot == "budget":
        if fact.get("has_budget") is False:
            return "negative"
        amount = fact.get("min") is not None or fact.get("max") is not None
        return "positive" if fact.get("has_budget") is True and amount else "unclear"
    if slot == "authority":
        level = str(fact.get("level"))
        return {"decision_maker": "positive", "influencer": "positive",
                "no_authority": "negative"}.get(level, "unclear")
    if slot == "need":
        has_need = fact.get("has_need")
        return "positive" if has_need is True else "negative" if has_need is False else "unclear"
    horizon = fact.get("horizon")
    if horizon == "none":
        return "negative"
    return "positive" if horizon in {"now", "soon", "later"} or fact.get("deadline") \
        else "unclear"


def missing_slots(facts: Facts) -> list[str]:
    """Slots not stated or unclear, most valuable to ask first."""
    return [slot for slot in ASK_ORDER if slot_state(facts, slot) == "unclear"]


def budget_text(low: Any, high: Any) -> str:
    """An amount or range as a setter reads it: "5000", "10000–15000", "up to 8000"."""
    if low is None and high is None:
        return "amount not yet stated"
    if low is None:
        return f"up to {high}"
    if high is None:
        return f"from {low}"
    return f"{low}" if low == high else f"{low}–{high}"


def _budget(facts: Facts, model: Model) -> list[Reason]:
    fact = _fact(facts, "budget")
    if fact is None or fact.get("has_budget") is not True:
        return []
    amount = budget_text(fact.get("min"), fact.get("max"))
    currency = fact.get("currency") or ""
    return [Reason("bant.budget", model.bant.budget_stated,
                   f"budget stated: {amount} {currency}".strip(), "fact:budget")]


def _authority(facts: Facts, model: Model) -> list[Reason]:
    fact = _fact(facts, "authority")
    level = fact.get("level") if fact else None
    points = {"decision_maker": model.bant.decision_maker, "influencer": model.bant.influencer,
              "no_authority": model.bant.no_authority}
    if level not in points:
        return []
    role = f" ({fact['role']})" if fact and fact.get("role") else ""
    return [Reason("bant.authority", points[level], f"{level.replace('_', ' ')}{role}",
                   "fact:authority")]


def _need_and_timing(facts: Facts, model: Model) -> list[Reason]:
    reasons = []
    need = _fact(facts, "need")
    if need and need.get("has_need") is True:
        summary = need.get("summary") or "need stated"
        reasons.append(Reason("bant.need", model.bant.need_stated, str(summary), "fact:need"))
    timing = _fact(facts, "timing")
    horizon = timing.get("horizon") if timing else None
    points = {"now": model.bant.timing_now, "soon": model.bant.timing_soon,
              "later": model.bant.timing_later}
    if horizon in points:
        deadline = f", by {timing['deadline']}" if timing and timing.get("deadline") else ""
        note = "" if points[horizon] else ": too far out to count yet"
        reasons.append(Reason("bant.timing", points[horizon],
                              f"timing {horizon}{deadline}{note}", "fact:timing"))
    return reasons


def bant_reasons(facts: Facts, model: Model) -> list[Reason]:
    """Positive points for stated budget, authority, need and timing."""
    # A timeline that earns nothing still shows, so a setter sees why it did not count.
    return [r for r in _budget(facts, model) + _authority(facts, model)
            + _need_and_timing(facts, model) if r.points != 0 or r.rule == "bant.timing"]


def bant_negative_reasons(facts: Facts, model: Model) -> list[Reason]:
    """The seed's "-20: no budget or no time frame" (once) and an explicit "no need"."""
    reasons = []
    no_budget = slot_state(facts, "budget") == "negative"
    no_time = slot_state(facts, "timing") == "negative"
    if no_budget or no_time:
        what = " and ".join(w for w, on in (("no budget", no_budget), ("no time frame",
                                                                        no_time)) if on)
        source = "fact:budget" if no_budget else "fact:timing"
        reasons.append(Reason("bant.no_budget_or_timeline", model.bant.no_budget_or_timeline,
                              f"lead said: {what}", source))
    if slot_state(facts, "need") == "negative":
        reasons.append(Reason("bant.no_need", model.bant.no_need,
                              "lead said there is no need right now", "fact:need"))
    return [r for r in reasons if r.points != 0]
