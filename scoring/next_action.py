"""The next action for a lead: ask, hand off, nurture, reactivate, disqualify or close.

`next_action` is the one author of this decision. The lead record stores its result, the
conversation policy turns it into the bot's move, and webhooks carry it; nothing overrides it.
What the conversation knows enters through flags on the lead: `wants_human`, `chat_stopped`,
`asked_out:<slot>` (the bot asked for the slot twice already), `questions_exhausted`,
`non_buyer:<kind>` (a vendor, applicant, student, support matter, wrong number or spam),
`urgent` (same or next day, an emergency), `handoff_promised` (the bot told the lead that a
person gets in touch) and `reactivate_on:<YYYY-MM-DD>` (a setter scheduled the reactivation of a
nurtured lead). `opt_out` and `do_not_contact` (set with a request to delete the lead's data)
close the lead.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime, timedelta

from scoring.bant import missing_slots, slot_state
from scoring.config import default_model
from scoring.events import ENGAGEMENT_TYPES
from scoring.model import Model
from scoring.stages import blacklist_reason, non_buyer, non_buyer_reason, not_now, sql_gap
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


def scheduled_reactivation(flags: Collection[str]) -> NextAction | None:
    """The reactivation a setter scheduled (`reactivate_on:<date>`), if any."""
    for flag in flags:
        if flag.startswith("reactivate_on:"):
            try:
                day = date.fromisoformat(flag.split(":", 1)[1])
            except ValueError:
                continue
            return NextAction("reactivate", None, datetime(day.year, day.month, day.day, tzinfo=UTC),
                              f"a setter scheduled the reactivation for {day.isoformat()}")
    return None


def _closed(stage: str, flags: Collection[str], stage_reason: str | None) -> NextAction | None:
    if {"opt_out", "do_not_contact"} & set(flags):
        return NextAction("close", None, None, "lead asked not to be contacted: respect it")
    blacklisted = blacklist_reason(flags)
    if blacklisted and stage not in {"won", "lost"}:
        return NextAction("disqualify", None, None, blacklisted)
    out = non_buyer_reason(flags)
    if out and stage not in {"won", "lost", "handed_off"}:
        return NextAction("disqualify", None, None, out)
    if stage == "disqualified":
        return NextAction("disqualify", None, None, stage_reason or "lead disqualified")
    if stage == "lost":
        return NextAction("close", None, None,
                          f"deal lost: {stage_reason}" if stage_reason else "deal lost (reason recorded)")
    done = {"won": "deal won", "handed_off": "with the closer"}
    return NextAction("close", None, None, done[stage]) if stage in done else None


def is_qualified(facts: Facts) -> bool:
    """All four slots answered, with money, a need, someone who decides or prepares, a timeline."""
    budget, authority, need, timing = (facts.get(s) for s in ("budget", "authority", "need", "timing"))
    if not (budget and authority and need and timing):
        return False
    return (
        bool(budget.get("has_budget"))
        and bool(need.get("has_need"))
        and authority.get("level") in ("decision_maker", "influencer")
        and timing.get("horizon") != "none"
    )


def _asked_out(flags: Collection[str], slot: str) -> bool:
    """The bot asked for the slot as often as it may, or stopped asking altogether."""
    return f"asked_out:{slot}" in flags or bool({"questions_exhausted", "chat_stopped"} & set(flags))


def _handoff(stage: str, facts: Facts, flags: Collection[str]) -> NextAction | None:
    """Urgent, a support matter, a person asked for, full BANT, or sales-qualified (the
    timeline asked for first)."""
    if "urgent" in flags:
        return NextAction("handoff", None, None, "urgent request: a person gets back at once")
    support = non_buyer(flags)
    if support and support[0] == "support":
        return NextAction("handoff", None, None, support[1])
    if "wants_human" in flags:
        return NextAction("handoff", None, None, "the lead asked to talk to a person")
    if "handoff_promised" in flags:
        return NextAction("handoff", None, None,
                          "the lead was told that a person gets in touch: keep that promise")
    if is_qualified(facts):
        return NextAction("handoff", None, None, "budget, authority, need and timing are known")
    if "setter_approved" in flags:
        return NextAction("handoff", None, None, "sales-qualified: hand off to a closer")
    if stage == "sql":
        if facts.get("timing") is None and not _asked_out(flags, "timing"):
            return NextAction("ask", "timing", None,
                              "sales-qualified; ask for the timeline before the hand-off")
        return NextAction("handoff", None, None, "sales-qualified: hand off to a closer")
    return None


def _ask(facts: Facts, flags: Collection[str]) -> NextAction | None:
    """The most valuable open slot the lead has not let pass twice, or a nurture if none."""
    missing = missing_slots(facts)
    if not missing:
        return None
    if "chat_stopped" in flags:
        return NextAction("nurture", None, None,
                          "the lead ended the chat; follow up later without pressure")
    if "questions_exhausted" in flags:
        return NextAction("nurture", None, None,
                          f"question limit reached with {', '.join(missing)} open; a setter follows up")
    open_slots = [slot for slot in missing if f"asked_out:{slot}" not in flags]
    if not open_slots:
        return NextAction("nurture", None, None,
                          f"{', '.join(missing)} asked twice without an answer; a setter follows up")
    slot = open_slots[0]
    return NextAction("ask", slot, None, f"{_ASK_WHY[slot]}; ask before judging the lead")


def _only_no_time_frame(facts: Facts) -> bool:
    """The lead said there is no time frame, and nothing else that rules them out."""
    return (slot_state(facts, "timing") == "negative"
            and all(slot_state(facts, slot) != "negative" for slot in ("need", "budget")))


def next_action(stage: str, score: Score, facts: Facts, events: Iterable[Event],
                now: datetime, flags: Collection[str] = (),
                model: Model | None = None, *, stage_reason: str | None = None) -> NextAction:
    """What to do next; an unclear lead is asked, never dropped for a low score alone.

    `stage_reason` is why the lead entered its stage (shown for disqualified and lost leads).
    """
    model = model or default_model()
    decided = _closed(stage, flags, stage_reason) or _handoff(stage, facts, flags)
    if decided:
        return decided
    out = not_now(facts)
    if out and _only_no_time_frame(facts):
        # "Someday" is no reason to stop listening: the open slots are still asked (each at
        # most twice) before the lead is nurtured.
        asked = _ask(facts, flags)
        if asked and asked.kind == "ask":
            return asked
    if stage == "nurture" or out:
        return scheduled_reactivation(flags) or _reactivate(score, facts, events, now, model,
                                                            out or "in nurture")
    asked = _ask(facts, flags)
    if asked:
        return asked
    if slot_state(facts, "authority") == "negative":
        return NextAction("ask", "authority", None,
                          "the contact cannot decide: ask who decides and invite them")
    gaps = sql_gap(score, facts, model)
    return NextAction("nurture", None, None,
                      f"BANT known but not sales-qualified yet ({'; '.join(gaps)})")
