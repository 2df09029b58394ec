"""Rules and model disagreeing on a slot: the better-grounded, more recent one wins."""

from __future__ import annotations

from bot.llm.proposals import reconcile
from bot.types import Candidate


def cand(slot: str, value: dict, index: int, confidence: float, source: str) -> Candidate:
    return Candidate(slot=slot, value=value, quote="q", message_index=index, span=(0, 1),  # type: ignore[arg-type]
                     confidence=confidence, source=source)


def test_a_later_statement_read_by_the_model_wins_and_nothing_is_lost() -> None:
    rule = cand("budget", {"min": 5000}, 1, 0.9, "rules")
    later = cand("budget", {"min": 8000}, 3, 0.5, "llm")
    result = reconcile([rule], [later])
    assert result.current == [later] and result.history == []


def test_in_the_same_message_the_more_confident_rule_wins_and_the_model_goes_to_history() -> None:
    rule = cand("budget", {"min": 5000}, 3, 0.85, "rules")
    guess = cand("budget", {"min": 50000}, 3, 0.5, "llm")
    result = reconcile([rule], [guess])
    assert result.current == [] and result.history == [guess]


def test_ties_go_to_the_rules_and_agreement_adds_nothing() -> None:
    rule = cand("timing", {"horizon": "soon"}, 2, 0.8, "rules")
    tie = cand("timing", {"horizon": "later"}, 2, 0.8, "llm")
    same = cand("timing", {"horizon": "soon"}, 2, 0.8, "llm")
    assert reconcile([rule], [tie]).history == [tie]
    assert reconcile([rule], [same]).current == [] and reconcile([rule], [same]).history == []


def test_slots_the_rules_did_not_fill_take_the_model_proposal() -> None:
    need = cand("need", {"has_need": True, "summary": "CRM"}, 1, 0.5, "llm")
    assert reconcile([cand("budget", {"min": 1}, 1, 0.9, "rules")], [need]).current == [need]
