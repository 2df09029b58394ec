"""Non-buyers: vendors, applicants, students, support cases, wrong numbers, spam.

One decision point for who is writing. `decide` reads a message with one precedence:

1. the rules: the earliest phrase of a non-buyer family in the message (lexicon families
   "nonbuyer.<kind>"; two kinds at the same place: the first in alphabetical order);
2. else, when the learned model's settings enable its "kind" head and it is sure enough,
   the model's reading of what the lead has said so far.

The extractor turns the decision into the message's need ("no need", with the kind) and
drops the facts such a lead never states (a vendor's prices are not a budget, an
applicant's start date is no buying timeline). The conversation reads the same decision
from the facts (`bot.conversation.reading`), so it gets one `non_buyer:<kind>` answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol, TypeVar

from bot.extract import lexicon
from bot.extract.hits import Hit
from bot.extract.lead_kind import LeadSignal
from bot.extract.learned.model import Model
from bot.extract.literals import FirstOf
from bot.extract.need import need_hit, quote_span
from bot.extract.scan import LazyText, Scan, read_windows, text_of, trim

KINDS = ("vendor", "applicant", "student", "support", "wrong_number", "curious", "spam",
         "competitor")
_ALL = frozenset({"budget", "authority", "timing"})
# Besides the need (none), what a non-buyer's messages never state, per kind.
NOT_THEIRS: dict[str, frozenset[str]] = {
    "vendor": _ALL, "competitor": _ALL, "spam": _ALL, "wrong_number": _ALL, "applicant": _ALL,
    "student": frozenset({"budget", "timing"}), "curious": frozenset({"budget"}),
    "support": frozenset({"budget"}),
}
BUYER = "buyer"
# The rules' kinds: one lexicon family each, "nonbuyer.<kind>", in alphabetical order, searched
# together for the leftmost phrasing (only those whose words are in the message: see literals).
_KINDS = sorted((str(value["kind"]), name)
                for name, value in lexicon.statements("need") if name.startswith("nonbuyer."))
_RULES = FirstOf([(lexicon.shape(name), lexicon.phrasings(name)) for _, name in _KINDS])
RULE_CONFIDENCE = 0.9
MODEL_CONFIDENCE = 0.6
_NO_TIME = datetime(2000, 1, 1)  # who is writing does not depend on the date


@dataclass(frozen=True)
class NonBuyer:
    """Who is writing, if not a buyer, and the span of the message that says so (the quote)."""

    kind: str
    start: int
    end: int
    source: str = "rules"


def decide(scan: Scan, model: Model | None = None, history: LazyText = "") -> NonBuyer | None:
    """The kind of non-buyer a message shows (rules first, then the model), or None."""
    found = _RULES.search(scan.low)  # the earliest phrase; two kinds at one place: alphabetical
    if found is not None:
        number, m = found
        return NonBuyer(_KINDS[number][0], *quote_span(scan, m.start(), m.end()))
    setting = model.settings.get("kind") if model is not None else None
    if model is None or setting is None:
        return None
    history = text_of(history)
    if not history:
        return None
    proba = model.predict_head("kind", history, None)
    kind = max((k for k in proba if k != BUYER), key=proba.__getitem__, default=BUYER)
    if kind == BUYER or 1.0 - proba.get(BUYER, 0.0) < setting.get("threshold", 2.0):
        return None
    start, end = trim(scan.text, 0, len(scan.text))
    return NonBuyer(kind, start, end, "model")


def apply(scan: Scan, hits: Sequence[Hit], found: NonBuyer | None) -> list[Hit]:
    """A message's hits under the decision: a non-buyer's need (none, with the kind) in place
    of any stated need, and none of the facts such a lead never states."""
    if found is None:
        return list(hits)
    kept = without_theirs(hits, found.kind)
    if found.source == "rules":
        hit = need_hit(scan, found.start, found.end, False, RULE_CONFIDENCE, frozenset({"non_buyer"}))
    else:
        hit = Hit("need", {"has_need": False, "summary": scan.text[found.start:found.end][:160]},
                  found.start, found.end, MODEL_CONFIDENCE, specific=False,
                  flags=frozenset({"non_buyer"}), source="model")
    return [*kept, replace(hit, value={**hit.value, "kind": found.kind})]


class _Fact(Protocol):
    """A hit or a candidate: a slot and its value."""

    @property
    def slot(self) -> str: ...

    @property
    def value(self) -> Any: ...


F = TypeVar("F", bound=_Fact)


def without_theirs(hits: Sequence[F], kind: str) -> list[F]:
    """The hits of a non-buyer's message less the facts of their kind never states: no need of
    their own, and no say, figure or date of a purchase. That they lack money or have no
    timeline stands ("ich habe kein Budget, es ist für die Thesis")."""
    dropped = NOT_THEIRS.get(kind, frozenset())
    return [h for h in hits if not (h.slot == "need" and h.value["has_need"])
            and (h.slot not in dropped or _lacks(h))]


def kind_of(facts: Sequence[_Fact]) -> str | None:
    """The non-buyer kind a message's facts carry (on its need), or None."""
    return next((str(f.value["kind"]) for f in facts if f.slot == "need" and f.value.get("kind")), None)


def _lacks(hit: _Fact) -> bool:
    """A statement that there is no budget or no timeline."""
    if hit.slot == "budget":
        return not hit.value.get("has_budget")
    if hit.slot == "timing":
        return hit.value.get("horizon") == "none" and hit.value.get("deadline") is None
    return False


def detect_non_buyer(text: str) -> LeadSignal | None:
    """The rules' decision on a whole message (its head and tail if long), as a signal."""
    for start, end in read_windows(text):
        found = decide(Scan(text[start:end], _NO_TIME))
        if found is not None:
            a, b = start + found.start, start + found.end
            return LeadSignal(f"non_buyer:{found.kind}", text[a:b], (a, b), found.source)
    return None
