"""The dialogue policy: one question at a time, never re-ask, stop when done or asked to."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

import scoring
from bot.conversation.policy import PolicyState, conversation_flags, decide
from scoring import is_qualified

BUDGET = {"has_budget": True, "min": 500, "max": 500, "currency": "EUR", "period": "month"}
AUTHORITY = {"level": "decision_maker", "role": "Inhaber"}
NEED = {"has_need": True, "summary": "verliert Anfragen"}
TIMING = {"horizon": "soon", "deadline": "2026-06-30"}
ALL = {"budget": BUDGET, "authority": AUTHORITY, "need": NEED, "timing": TIMING}


SIGNAL_FLAGS = {"opt_out": "opt_out", "stop": "chat_stopped", "wants_human": "wants_human"}
NOW = datetime(2026, 3, 10, tzinfo=UTC)


def state(facts: dict[str, Any] | None = None, signals: frozenset[str] = frozenset(),
          asked: dict[str, int] | None = None, turns: int = 1,
          lead_flags: frozenset[str] = frozenset(), **kw: Any) -> PolicyState:
    """The state a turn builds: the signals and the conversation become lead flags, and the
    next action comes from its one author, as in `bot.conversation.turn`."""
    full = {"budget": None, "authority": None, "need": None, "timing": None, **(facts or {})}
    flags = (set(lead_flags) | {SIGNAL_FLAGS[s] for s in signals}
             | conversation_flags(asked or {}, turns, max_questions=6))
    score = scoring.score(scoring.Profile(), full, [], NOW)
    action = scoring.next_action("engaged", score, full, [], NOW, flags)
    return PolicyState(action=action, signals=signals, asked=asked or {},
                       lead_flags=frozenset(flags), **kw)


def test_all_four_known_hands_off() -> None:
    decision = decide(state(ALL))
    assert (decision.kind, decision.slot) == ("handoff", None)


def test_asks_an_open_slot_and_never_an_answered_one() -> None:
    for known in ("budget", "authority", "need", "timing"):
        facts = {k: v for k, v in ALL.items() if k != known}
        decision = decide(state(facts))
        assert (decision.kind, decision.slot) == ("ask", known)


def test_an_ignored_question_gets_one_clarification_then_the_bot_moves_on() -> None:
    facts = {"need": NEED, "authority": AUTHORITY}
    first = decide(state(facts))
    assert first.kind == "ask"
    second = decide(state(facts, asked={first.slot: 1}))
    assert (second.kind, second.slot) == ("clarify", first.slot)
    third = decide(state(facts, asked={first.slot: 2}))
    assert third.kind == "ask" and third.slot not in (first.slot, None)
    done = decide(state(facts, asked={"budget": 2, "timing": 2}))
    assert done.kind == "close"


def test_a_lead_who_answers_something_else_is_simply_asked_again() -> None:
    facts = {"need": NEED, "authority": AUTHORITY}
    first = decide(state(facts))
    again = decide(state(facts, turns=3))  # nothing ignored: the same question, plainly
    assert (again.kind, again.slot) == ("ask", first.slot)


@pytest.mark.parametrize("status", ["stop", "handoff"])
def test_after_stop_or_handoff_the_bot_only_notes_what_is_added(status: str) -> None:
    decision = decide(state({"need": NEED}, status=status))
    assert (decision.kind, decision.slot) == ("note", None)


def test_an_earlier_opt_out_still_holds() -> None:
    decision = decide(state({"need": NEED}, lead_flags=frozenset({"opt_out"})))
    assert decision.kind == "stop"


@pytest.mark.parametrize("signal", ["opt_out", "stop"])
def test_a_lead_who_asks_to_stop_is_not_asked_anything(signal: str) -> None:
    assert decide(state({"need": NEED}, signals=frozenset({signal}))).kind == "stop"


def test_a_lead_who_wants_a_human_is_handed_off() -> None:
    assert decide(state(signals=frozenset({"wants_human"}))).kind == "handoff"


def test_clearly_out_leads_get_a_polite_close() -> None:
    assert decide(state({"need": {"has_need": False}})).kind == "close"
    no_money_no_time = {"budget": {"has_budget": False}, "timing": {"horizon": "none"}}
    assert decide(state(no_money_no_time)).kind == "close"


def test_question_limit_closes() -> None:
    assert decide(state({"need": NEED}, turns=6)).kind == "close"


def test_qualification_needs_money_need_a_decider_and_a_timeline() -> None:
    assert is_qualified(ALL)
    assert not is_qualified({**ALL, "authority": {"level": "no_authority"}})
    assert not is_qualified({**ALL, "budget": {"has_budget": False}})
    assert not is_qualified({**ALL, "timing": {"horizon": "none"}})
    assert not is_qualified({**ALL, "need": None})


def test_one_goodbye_per_conversation() -> None:
    out = {"need": {"has_need": False}}
    assert decide(state(out)).kind == "close"
    assert decide(state(out, status="close")).kind == "note"
    # ... unless the lead comes back with something that calls for a move
    assert decide(state({"need": NEED}, status="close", signals=frozenset({"wants_human"}))).kind == "handoff"


@pytest.mark.parametrize("status", ["close", "handoff"])
def test_bye_after_the_end_is_a_goodbye_not_a_stop(status: str) -> None:
    decision = decide(state({"need": NEED}, status=status, signals=frozenset({"stop"})))
    assert decision.kind == "note"
    assert decide(state({"need": NEED}, status=status, signals=frozenset({"opt_out"}))).kind == "stop"


def test_a_request_to_delete_the_data_stops_the_chat() -> None:
    flags = frozenset({"do_not_contact", "erasure_requested"})
    assert decide(state({"need": NEED}, lead_flags=flags)).kind == "stop"


def test_the_hand_off_status_becomes_a_promise_on_the_lead() -> None:
    assert "handoff_promised" in conversation_flags({}, 2, 6, "handoff")
    assert "handoff_promised" not in conversation_flags({}, 2, 6, "close")
