"""Stage transitions with reasons, next actions and the order of missing slots."""

from datetime import UTC, datetime, timedelta

import pytest

from scoring import Event, Profile, Score, missing_slots, next_action, next_stage, score

NOW = datetime(2026, 3, 10, 10, tzinfo=UTC)
BANT_OK = {
    "budget": {"has_budget": True, "min": 5000, "max": 5000, "currency": "EUR", "period": "month"},
    "authority": {"level": "decision_maker", "role": "Geschäftsführer"},
    "need": {"has_need": True, "summary": "Anfragen sortieren"},
    "timing": {"horizon": "soon", "deadline": "2026-04-30"},
}


def made(total: int, engagement: int = 0) -> Score:
    band = "hot" if total >= 81 else "warm" if total >= 41 else "cold"
    return Score(total, band, {"fit": 0, "engagement": engagement, "bant": 0, "negatives": 0},
                 [])


@pytest.mark.parametrize(("current", "total", "engagement", "target"), [
    ("new", 10, 5, "engaged"),
    ("new", 50, 20, "mql"),
    ("engaged", 45, 20, "mql"),
    ("new", 5, 0, None),
    ("mql", 30, 5, None),  # no fall-back when engagement decays
])
def test_score_moves_leads_forward(current, total, engagement, target):
    step = next_stage(current, made(total, engagement), {}, set())
    assert (step.to_stage if step else None) == target
    if step:
        assert step.from_stage == current and step.reason


def test_sql_needs_score_and_budget_authority_need():
    assert next_stage("mql", made(70), BANT_OK, set()).to_stage == "sql"
    without_budget = {**BANT_OK, "budget": None}
    assert next_stage("mql", made(70), without_budget, set()) is None
    assert next_stage("mql", made(50), BANT_OK, set()) is None


def test_setter_approval_replaces_missing_bant():
    step = next_stage("mql", made(45), {}, {"setter_approved"})
    assert step.to_stage == "sql" and "setter" in step.reason


def test_no_budget_moves_to_nurture_and_back_when_it_changes():
    said_no = {**BANT_OK, "budget": {"has_budget": False}}
    step = next_stage("mql", made(50), said_no, set())
    assert step.to_stage == "nurture" and "no budget" in step.reason
    assert next_stage("nurture", made(70), BANT_OK, set()).to_stage == "sql"


@pytest.mark.parametrize(("flag", "target"), [("won", "won"), ("lost", "lost"),
                                              ("blacklisted", "disqualified"),
                                              ("opt_out", "disqualified"),
                                              ("handed_off", "handed_off")])
def test_flags_drive_transitions(flag, target):
    step = next_stage("sql", made(90), BANT_OK, {flag})
    assert step.to_stage == target and step.reason


def test_blacklist_flag_carries_its_reason():
    step = next_stage("mql", made(50), {}, {"blacklisted:competitor"})
    assert (step.to_stage, step.reason) == ("disqualified", "blacklisted: competitor")
    action = next_action("mql", made(50), {}, [], NOW, {"blacklisted:competitor"})
    assert (action.kind, action.why) == ("disqualify", "blacklisted: competitor")


def test_closed_stages_stay_closed():
    assert next_stage("won", made(90), BANT_OK, {"lost"}) is None
    assert next_stage("disqualified", made(90), BANT_OK, set()) is None


def test_missing_slots_in_order_of_value():
    assert missing_slots({}) == ["need", "timing", "budget", "authority"]
    assert missing_slots(BANT_OK) == []
    unclear_budget = {**BANT_OK, "budget": {"has_budget": True, "min": None, "max": None}}
    assert missing_slots(unclear_budget) == ["budget"]
    # a clear "no" is an answer, not a gap
    assert missing_slots({**BANT_OK, "budget": {"has_budget": False}}) == []


def test_unclear_lead_gets_ask_not_low_score():
    result = score(Profile(company="X"), {}, [], NOW)
    action = next_action("new", result, {}, [], NOW, set())
    assert action.kind == "ask" and action.slot == "need"


def test_sql_gets_handoff_and_opt_out_is_respected():
    assert next_action("sql", made(80), BANT_OK, [], NOW, set()).kind == "handoff"
    assert next_action("mql", made(80), BANT_OK, [], NOW, {"opt_out"}).kind == "close"
    assert next_action("mql", made(20), {}, [], NOW, {"blacklisted"}).kind == "disqualify"


def test_no_authority_asks_who_decides():
    facts = {**BANT_OK, "authority": {"level": "no_authority", "role": "Praktikant"}}
    action = next_action("mql", made(60), facts, [], NOW, set())
    assert (action.kind, action.slot) == ("ask", "authority")


@pytest.mark.parametrize(("band_total", "days_quiet", "weeks"), [
    (50, 30, 2),   # warm: soon again
    (20, 3, 2),    # active this week
    (20, 40, 4),   # some activity in the last two months
    (20, 200, 6),  # quiet for long
])
def test_nurture_reactivates_after_2_4_or_6_weeks(band_total, days_quiet, weeks):
    events = [Event("page_view", NOW - timedelta(days=days_quiet))]
    action = next_action("nurture", made(band_total), {}, events, NOW, set())
    assert action.kind == "reactivate"
    assert action.due == NOW + timedelta(weeks=weeks)


def test_no_budget_lead_is_reactivated_not_dropped():
    facts = {"budget": {"has_budget": False}}
    action = next_action("mql", made(30), facts, [], NOW, set())
    assert action.kind == "reactivate" and "no budget" in action.why


def test_a_sales_qualified_lead_is_asked_for_its_timeline_at_most_until_it_is_asked_out():
    facts = {k: v for k, v in BANT_OK.items() if k != "timing"}
    asked = next_action("sql", made(70), facts, [], NOW, set())
    assert (asked.kind, asked.slot) == ("ask", "timing")
    for flag in ("asked_out:timing", "questions_exhausted", "chat_stopped"):
        assert next_action("sql", made(70), facts, [], NOW, {flag}).kind == "handoff"
