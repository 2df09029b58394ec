"""The next action for a lead: ask, hand off, nurture, reactivate, disqualify or close."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime, timedelta

from scoring.bant import missing_slots, slot_state
from scoring.config import default_model
from scoring.events import ENGAGEMENT_TYPES
from scoring.model import Model
from scoring.stages import blacklist_reason, not_now, sql_gap
from scoring.types import Event, Facts, NextAction, Score

_ASK_WHY = {
    "need": "what problem the lead wants solved is not known yet",
    "timing": "when the lead wants to start is not known yet",
    "budget": "whether there is a budget is not known yet",
    "authority": "who decides is not known yet",
}


def reactivation_weeks(score: Score, facts: Facts, last_activity: datetime | None,
                       now: datetime, model: Model) -> tuple[int, str]:
    """2, 4 or 6 weeks (configurable) depending on behaviour, as seed 002 suggests."""
    quiet = (now - last_activity).days if last_activity else None
    if score.band in {"hot", "warm"} or (quiet is not None and quiet <= 14):
        return model.engaged_weeks, "recently active or warm"
    timing = (facts.get("timing") or {}).get("horizon")
    if (quiet is not None and quiet <= 60) or timing in {"soon", "later"}:
        return model.some_weeks, "some activity in the last two months or a timeline"
    return model.quiet_weeks, "quiet for a long time"


def _reactivate(score: Score, facts: Facts, events: Iterable[Event], now: datetime,
                model: Model, why: str) -> NextAction:
    active = [e.occurred_at for e in events if e.type in ENGAGEMENT_TYPES]
    weeks, because = reactivation_weeks(score, facts, max(active, default=None), now, model)
    return NextAction("reactivate", None, now + timedelta(weeks=weeks),
                      f"{why}; contact again in {weeks} weeks ({because})")


def _closed(stage: str, flags: Collection[str]) -> NextAction | None:
    if "opt_out" in flags:
        return NextAction("close", None, None, "lead asked not to be contacted: respect it")
    blacklisted = blacklist_reason(flags)
    if blacklisted and stage not in {"won", "lost"}:
        return NextAction("disqualify", None, None, blacklisted)
    done = {"won": "deal won", "lost": "deal lost (reason recorded)",
            "disqualified": "lead disqualified", "handed_off": "with the closer"}
    return NextAction("close", None, None, done[stage]) if stage in done else None


def next_action(stage: str, score: Score, facts: Facts, events: Iterable[Event],
                now: datetime, flags: Collection[str] = (),
                model: Model | None = None) -> NextAction:
    """What to do next; an unclear lead is asked, never dropped for a low score alone."""
    model = model or default_model()
    closed = _closed(stage, flags)
    if closed:
        return closed
    if stage == "sql" or "setter_approved" in flags:
        return NextAction("handoff", None, None, "sales-qualified: hand off to a closer")
    out = not_now(facts)
    if stage == "nurture" or out:
        return _reactivate(score, facts, events, now, model, out or "in nurture")
    missing = missing_slots(facts)
    if missing:
        slot = missing[0]
        return NextAction("ask", slot, None, f"{_ASK_WHY[slot]}; ask before judging the lead")
    if slot_state(facts, "authority") == "negative":
        return NextAction("ask", "authority", None,
                          "the contact cannot decide: ask who decides and invite them")
    gaps = sql_gap(score, facts, model)
    return NextAction("nurture", None, None,
                      f"BANT known but not sales-qualified yet ({'; '.join(gaps)})")
