"""Keeps a lead's score, stage and next action current after facts or events change."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlmodel import Session

import scoring
from bot.clock import as_utc, utcnow
from bot.outbound import webhooks
from bot.store import repo, turn_sql
from bot.store.models import EventRow, Lead
from scoring import Facts

log = logging.getLogger(__name__)
MAX_STAGE_STEPS = 8


def profile_of(lead: Lead) -> scoring.Profile:
    """The scoring profile of a stored lead."""
    return scoring.Profile(
        email=lead.email, name=lead.name, company=lead.company, phone=lead.phone,
        job_title=lead.job_title, industry=lead.industry, company_size=lead.company_size,
        source=lead.source, country=lead.country,
    )


class _Valued(Protocol):
    @property
    def value(self) -> dict[str, Any]: ...


def fact_values(current: Mapping[str, _Valued]) -> Facts:
    """Fact values keyed by slot (None when unknown) from the rows in force."""
    return {slot: (dict(current[slot].value) if slot in current else None)
            for slot in ("budget", "authority", "need", "timing")}


def facts_of(session: Session, lead: Lead) -> Facts:
    """The lead's current fact values keyed by slot (None when unknown)."""
    return fact_values(repo.current_facts(session, lead_id=lead.id))


def event_of(row: EventRow) -> scoring.Event:
    """The scoring view of a stored event."""
    return scoring.Event(type=row.type, occurred_at=as_utc(row.occurred_at), props=row.props or {})


def score_dict(score: scoring.Score) -> dict[str, Any]:
    """A score as the API shows it."""
    return {"total": score.total, "band": score.band, "parts": dict(score.parts),
            "reasons": [{"rule": r.rule, "points": r.points, "why": r.why, "source": r.source}
                        for r in score.reasons]}


def state_of(lead: Lead, model: scoring.Model) -> scoring.ScoreState | None:
    """The lead's incremental engagement state; None if it was built for another model."""
    if not lead.score_state:
        return scoring.ScoreState.for_model(model)
    state = scoring.ScoreState.from_dict(lead.score_state)
    return state if state.compatible(model) else None


def apply_events(lead: Lead, events: Sequence[scoring.Event], model: scoring.Model) -> None:
    """Fold new events into the lead's state in O(1) each (no history rescan).

    If the admin changed the half-life since the state was built, the state is left alone:
    `Scorekeeper.refresh` rebuilds it from the stored events.
    """
    state = state_of(lead, model)
    if state is None:
        return
    for event in events:
        state.apply(event, model)
    lead.score_state = state.to_dict()


def latest_events(state: scoring.ScoreState) -> list[scoring.Event]:
    """The latest event of each type, from the state: constant work, no history scan."""
    return [scoring.Event(name, summary.last) for name, summary in state.types.items()
            if summary.last is not None]


def rebuild_state(session: Session, lead: Lead, model: scoring.Model) -> scoring.ScoreState:
    """The state recomputed from every stored event of the lead."""
    state = scoring.ScoreState.for_model(model)
    for row in repo.events_of(session, lead_id=lead.id):
        state.apply(event_of(row), model)
    lead.score_state = state.to_dict()
    return state


class Scorekeeper:
    """Rescoring, stage transitions and next action for one lead, with history kept.

    The next action comes from `scoring.next_action` alone; this class only feeds it what the
    store knows (stage, score, facts, latest events, flags, why the stage was entered).
    Stage changes queue their webhooks here, after the record is complete, so that every
    delivery carries the same next action as the record.
    """

    def __init__(self, model: scoring.Model, *, at_once: bool = False) -> None:
        self.model = model
        self.at_once = at_once  # snapshots and transitions as plain INSERTs now (one lead's turn)

    def refresh(self, session: Session, lead: Lead, *, now: datetime | None = None,
                actor: str = "system", facts: Facts | None = None,
                keep_action: bool = False) -> scoring.Score:
        """Rescore the lead from its state and facts; record snapshots and transitions.

        Bulk paths pass `facts` they loaded for many leads at once. `keep_action` keeps the
        next action the turn already acted on (a rescore after the LLM's proposals)."""
        now = now or utcnow()
        facts = facts if facts is not None else facts_of(session, lead)
        state = state_of(lead, self.model) or rebuild_state(session, lead, self.model)
        score = scoring.score_from_state(state, profile_of(lead), facts, now, self.model)
        steps = self._advance(session, lead, score, facts, actor)
        if not keep_action or steps:
            reason = steps[-1].reason if steps else None  # the stage was entered just now
            lead.next_action = action_dict(self.decide(session, lead, score, facts, state, now,
                                                       reason=reason))
        new_score = score_dict(score)
        if new_score != lead.score:
            repo.add_snapshot(session, lead_id=lead.id, score=new_score, at_once=self.at_once)
        lead.score, lead.score_total, lead.score_band = new_score, score.total, score.band
        lead.updated_at = now
        if not turn_sql.is_held(lead):  # a held lead is written by `turn_sql.save_changes`
            session.add(lead)
        webhooks.queue(session, lead, steps, actor)
        return score

    def decide(self, session: Session, lead: Lead, score: scoring.Score, facts: Facts,
               state: scoring.ScoreState, now: datetime, *,
               reason: str | None = None) -> scoring.NextAction:
        """The lead's next action, from the one author (`scoring.next_action`); `reason`: why
        the lead entered its stage, when the caller knows (else read from the history)."""
        if lead.stage not in _REASONED:
            reason = None
        elif reason is None:
            reason = repo.stage_reason(session, lead_id=lead.id)
        return scoring.next_action(lead.stage, score, facts, latest_events(state), now,
                                   set(lead.flags or []), self.model, stage_reason=reason)

    def _advance(self, session: Session, lead: Lead, score: scoring.Score,
                 facts: Facts, actor: str) -> list[scoring.Transition]:
        steps: list[scoring.Transition] = []
        flags = set(lead.flags or [])
        for _ in range(MAX_STAGE_STEPS):
            step = scoring.next_stage(lead.stage, score, facts, flags, self.model)
            if step is None or step.to_stage == lead.stage:
                break
            repo.add_transition(session, lead_id=lead.id, from_stage=step.from_stage,
                                to_stage=step.to_stage, reason=step.reason, actor=actor,
                                at_once=self.at_once)
            log.info("lead %s: %s -> %s (%s)", lead.id, step.from_stage, step.to_stage, step.reason)
            lead.stage = step.to_stage
            steps.append(step)
        return steps


_REASONED = frozenset({"disqualified", "lost"})


def action_of(lead: Lead) -> scoring.NextAction:
    """The stored next action as the scoring type (the record is what every reader reads)."""
    data = lead.next_action or {"kind": "ask", "slot": "need", "why": "nothing known yet"}
    due = datetime.fromisoformat(data["due"]) if data.get("due") else None
    return scoring.NextAction(data["kind"], data.get("slot"), due, data.get("why", ""))


def action_dict(action: scoring.NextAction) -> dict[str, Any]:
    """A next action as the API shows it."""
    data: dict[str, Any] = {"kind": action.kind, "why": action.why}
    if action.slot:
        data["slot"] = action.slot
    if action.due:
        data["due"] = action.due.isoformat()
    return data
