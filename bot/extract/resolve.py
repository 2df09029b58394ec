"""Choosing one current fact per slot from all candidates of a conversation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from bot.types import SLOTS, Candidate, Slot

VAGUE = "vague"  # flag on statements without figure or date ("budget is there", "ASAP")


def resolve(candidates: Sequence[Candidate]) -> dict[Slot, Candidate | None]:
    """One current fact per slot: a later message supersedes an earlier one."""
    result: dict[Slot, Candidate | None] = {slot: None for slot in SLOTS}
    for slot in SLOTS:
        for best in _best_per_message([c for c in candidates if c.slot == slot]):
            result[slot] = _supersede(result[slot], best)
    return result


def best_in_message(candidates: Sequence[Candidate]) -> Candidate:
    """The strongest statement about one slot within one message."""
    if candidates[0].slot == "need":
        opted_out = [c for c in candidates if "opt_out" in c.flags]
        if opted_out:
            return opted_out[0]
        non_buyer = [c for c in candidates if "non_buyer" in c.flags]
        if non_buyer:
            return non_buyer[0]  # "I saw you're hiring ... looking for work": why they came
        strong = [c for c in candidates if c.confidence >= 0.75] or list(candidates)
        return max(strong, key=lambda c: c.span[0])  # "zufrieden, aber ..." → the later clause
    return max(candidates, key=lambda c: (VAGUE not in c.flags, c.confidence, c.span[0]))


def _best_per_message(candidates: list[Candidate]) -> list[Candidate]:
    by_message: dict[int, list[Candidate]] = {}
    for c in candidates:
        by_message.setdefault(c.message_index, []).append(c)
    return [best_in_message(by_message[i]) for i in sorted(by_message)]


def _supersede(old: Candidate | None, new: Candidate) -> Candidate:
    if old is None:
        return new
    if "meeting" in new.flags and "meeting" not in old.flags:
        return old  # "call next week?" after "by end of May": the timeline stands
    if VAGUE in new.flags and VAGUE not in old.flags and _consistent(old.value, new.value):
        return old  # "Budget ist da" after "20k" adds nothing; keep the figure
    if new.slot == "budget" and old.value.get("has_budget") and new.value.get("has_budget"):
        carried = _carry(old.value, new.value)
        if carried != dict(new.value):
            return replace(new, value=carried, flags=new.flags | {"merged"})
    return new


def _consistent(old: Any, new: Any) -> bool:
    if "has_budget" in new:
        return bool(new["has_budget"]) == bool(old.get("has_budget"))
    if "horizon" in new:
        return new["horizon"] == old.get("horizon")
    return True


def _carry(old: Any, new: Any) -> dict[str, Any]:
    """A corrected amount keeps the currency and period stated before ("eher 8k")."""
    value = dict(new)
    for key in ("currency", "period"):
        if value.get(key) is None and old.get(key) is not None:
            value[key] = old[key]
    return value
