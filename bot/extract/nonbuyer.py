"""Non-buyers: vendors, applicants, students, support cases, wrong numbers, spam.

What they say is not about a purchase of their own: a vendor's prices are not a budget, an
applicant's start date is no buying timeline. Once a message shows the kind of non-buyer (a
lexicon family or the learned layer), the facts such a lead never states are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.extract.hits import Hit

KINDS = ("vendor", "applicant", "student", "support", "wrong_number", "curious", "spam",
         "competitor")
_ALL = frozenset({"budget", "authority", "timing"})
# Besides the need (none), what a non-buyer's messages never state, per kind.
NOT_THEIRS: dict[str, frozenset[str]] = {
    "vendor": _ALL, "competitor": _ALL, "spam": _ALL, "wrong_number": _ALL, "applicant": _ALL,
    "student": frozenset({"budget", "timing"}), "curious": frozenset({"budget"}),
    "support": frozenset({"budget"}),
}


def kind_of(hits: Sequence[Hit]) -> str | None:
    """The kind of non-buyer a message's need hits name, if any."""
    for hit in hits:
        kind = hit.value.get("kind") if hit.slot == "need" else None
        if kind in NOT_THEIRS:
            return str(kind)
    return None


def without_theirs(hits: Sequence[Hit], kind: str) -> list[Hit]:
    """The hits of a non-buyer's message less the facts of their kind never states."""
    dropped = NOT_THEIRS.get(kind, frozenset())
    return [h for h in hits if h.slot not in dropped and (h.slot != "need" or not h.value["has_need"])]
