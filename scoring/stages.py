"""Lead stages: new → engaged → MQL → SQL → handed_off → won/lost, plus nurture, disqualified."""

from __future__ import annotations

from collections.abc import Collection

from scoring.bant import slot_state
from scoring.config import default_model
from scoring.model import Model
from scoring.types import Facts, Score, Transition

FUNNEL = ("new", "engaged", "mql", "sql", "handed_off")
TERMINAL = frozenset({"won", "lost"})


def not_now(facts: Facts) -> str | None:
    """Why the lead is out for now (no need, no budget, no time frame), else None."""
    said = [label for slot, label in (("need", "no need"), ("budget", "no budget"),
                                      ("timing", "no time frame"))
            if slot_state(facts, slot) == "negative"]
    return f"lead said: {', '.join(said)}" if said else None


def sql_gap(score: Score, facts: Facts, model: Model) -> list[str]:
    """What keeps a lead from SQL: a low score and/or required slots not positive."""
    gaps = [f"score {score.total} < {model.sql}"] if score.total < model.sql else []
    return gaps + [f"{slot} not confirmed" for slot in model.sql_requires
                   if slot_state(facts, slot) != "positive"]


def blacklist_reason(flags: Collection[str]) -> str | None:
    """The reason carried by a "blacklisted" or "blacklisted:<reason>" flag, else None."""
    for flag in flags:
        if flag == "blacklisted":
            return "matches a blacklist rule"
        if flag.startswith("blacklisted:"):
            return f"blacklisted: {flag.split(':', 1)[1].strip()}"
    return None


NON_BUYERS = {
    "vendor": "a vendor pitching their own services, not a buyer",
    "applicant": "a job applicant, not a buyer",
    "student": "a student or researcher asking for a project, not a buyer",
    "support": "an existing customer with a support matter: a person from support takes it",
    "wrong_number": "wrong number: the lead meant another business",
    "spam": "spam, not a buyer",
    "competitor": "a competitor (same trade) asking for prices, not a buyer",
}


def non_buyer(flags: Collection[str]) -> tuple[str, str] | None:
    """The non-buyer kind of a "non_buyer:<kind>" flag and why it matters, else None."""
    for flag in sorted(flags):
        if flag.startswith("non_buyer:"):
            kind = flag.split(":", 1)[1].strip()
            return kind, NON_BUYERS.get(kind, f"not a buyer ({kind})")
    return None


def non_buyer_reason(flags: Collection[str]) -> str | None:
    """Why a non-buyer is disqualified; None for buyers and for support matters (handed off)."""
    found = non_buyer(flags)
    return f"non-buyer: {found[1]}" if found and found[0] != "support" else None


def _flag_transition(current: str, flags: Collection[str]) -> Transition | None:
    if "won" in flags:
        return Transition(current, "won", "closer reported the deal as won")
    if "lost" in flags:
        return Transition(current, "lost", "closer reported the deal as lost")
    if current == "disqualified":
        return None
    blacklisted = blacklist_reason(flags)
    if blacklisted:
        return Transition(current, "disqualified", blacklisted)
    if "opt_out" in flags:
        return Transition(current, "disqualified", "lead asked not to be contacted")
    out = non_buyer_reason(flags)
    if out and current != "handed_off":
        return Transition(current, "disqualified", out)
    if current != "handed_off" and "handed_off" in flags:
        return Transition(current, "handed_off", "handed off to a closer")
    return None


def _target(score: Score, facts: Facts, flags: Collection[str], model: Model) -> tuple[str, str]:
    if "setter_approved" in flags:
        return "sql", "a setter approved the lead as sales-qualified"
    gaps = sql_gap(score, facts, model)
    if not gaps:
        required = ", ".join(model.sql_requires)
        return "sql", f"score {score.total} ≥ {model.sql} and {required} confirmed"
    out = not_now(facts)
    if out:
        return "nurture", out
    if score.total >= model.mql:
        return "mql", f"score {score.total} ≥ {model.mql}"
    if score.parts.get("engagement", 0) > 0:
        return "engaged", "the lead interacted"
    return "new", "no interaction yet"


def next_stage(current: str, score: Score, facts: Facts, flags: Collection[str] = (),
               model: Model | None = None) -> Transition | None:
    """The stage change the score, facts and flags call for (with its reason), or None."""
    model = model or default_model()
    if current in TERMINAL:
        return None
    flagged = _flag_transition(current, flags)
    if flagged or current in {"disqualified", "handed_off"}:
        return flagged
    target, why = _target(score, facts, flags, model)
    if target == current:
        return None
    if target == "nurture" or current == "nurture":
        # into nurture from any open stage; out of it when the lead comes back
        return Transition(current, target, why) if target != "new" else None
    if FUNNEL.index(target) > FUNNEL.index(current):
        return Transition(current, target, why)
    return None  # stages do not fall back when engagement decays
