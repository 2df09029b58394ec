"""Non-buyers, urgency and questions asked twice reach the next action as lead flags."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

import scoring
from scoring.stages import NON_BUYERS

NOW = datetime(2026, 3, 10, tzinfo=UTC)
EMPTY: dict[str, Any] = {"budget": None, "authority": None, "need": None, "timing": None}
NEED = {"has_need": True}


def action(flags: set[str], facts: dict[str, Any] | None = None,
           stage: str = "engaged") -> scoring.NextAction:
    full = {**EMPTY, **(facts or {})}
    score = scoring.score(scoring.Profile(), full, [], NOW)
    return scoring.next_action(stage, score, full, [], NOW, flags)


@pytest.mark.parametrize("kind", sorted(set(NON_BUYERS) - {"support"}))
def test_non_buyers_are_disqualified_with_the_reason(kind: str) -> None:
    result = action({f"non_buyer:{kind}"}, {"need": NEED})
    assert result.kind == "disqualify" and result.why == f"non-buyer: {NON_BUYERS[kind]}"
    step = scoring.next_stage("engaged", scoring.score(scoring.Profile(), EMPTY, [], NOW), EMPTY,
                              {f"non_buyer:{kind}"})
    assert step is not None and step.to_stage == "disqualified" and kind.split("_")[0] in step.reason


def test_a_support_matter_goes_to_a_person() -> None:
    result = action({"non_buyer:support"})
    assert result.kind == "handoff" and "support" in result.why
    assert scoring.next_stage("engaged", scoring.score(scoring.Profile(), EMPTY, [], NOW), EMPTY,
                              {"non_buyer:support"}) is None


def test_an_urgent_request_is_handed_off_at_once() -> None:
    result = action({"urgent"}, {"timing": {"horizon": "now"}})
    assert result.kind == "handoff" and "urgent" in result.why


def test_a_non_buyer_is_never_left_to_reactivate() -> None:
    no_need = {"need": {"has_need": False}}
    assert action(set(), no_need).kind == "reactivate"
    assert action({"non_buyer:student"}, no_need).kind == "disqualify"


def test_an_opt_out_still_comes_first() -> None:
    assert action({"opt_out", "non_buyer:vendor"}).kind == "close"


def test_a_slot_asked_twice_is_not_asked_again() -> None:
    assert (action(set()).kind, action(set()).slot) == ("ask", "need")
    moved = action({"asked_out:need"})
    assert (moved.kind, moved.slot) == ("ask", "timing")
    done = action({f"asked_out:{slot}" for slot in ("need", "timing", "budget", "authority")})
    assert done.kind == "nurture" and "asked twice" in done.why


def test_someday_alone_keeps_the_bot_asking_until_the_slots_are_asked_out() -> None:
    someday = {"need": NEED, "timing": {"horizon": "none"}}
    asked = action(set(), someday)
    assert (asked.kind, asked.slot) == ("ask", "budget")
    assert action({"asked_out:budget", "asked_out:authority"}, someday).kind == "reactivate"
    # no time frame and no budget: out for now, nothing more to ask
    assert action(set(), {**someday, "budget": {"has_budget": False}}).kind == "reactivate"


def test_a_hand_off_the_lead_was_promised_stands() -> None:
    someday = {"need": NEED, "timing": {"horizon": "none"}}
    kept = action({"handoff_promised"}, someday)
    assert kept.kind == "handoff" and "promise" in kept.why
    assert action({"handoff_promised", "non_buyer:vendor"}, someday).kind == "disqualify"


def test_a_lead_who_asked_for_erasure_is_not_contacted() -> None:
    result = action({"do_not_contact", "erasure_requested"}, {"need": NEED})
    assert result.kind == "close"  # the stage stays for the admin who erases
