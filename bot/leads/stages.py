"""Stage changes made by people (setters, closers, the blacklist) rather than by the score."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

import scoring
from bot.clock import utcnow
from bot.leads.scorekeeper import (
    Scorekeeper,
    action_dict,
    facts_of,
    profile_of,
    rebuild_state,
    state_of,
)
from bot.outbound import webhooks
from bot.store import repo
from bot.store.models import Lead

TARGETS = ("handed_off", "won", "lost", "nurture", "disqualified", "sql")
NEEDS_REASON = frozenset({"lost", "disqualified"})
FINAL = frozenset({"won", "lost"})
OPEN_TARGETS = frozenset({"handed_off", "nurture", "sql"})
# Flags that make the scorer put a lead in a stage; a manual move clears the ones it overrides.
FORCING = frozenset({"handed_off", "won", "lost", "blacklisted"})
TARGET_FLAG = {"handed_off": "handed_off", "won": "won", "lost": "lost", "sql": "setter_approved"}
DEFAULT_REASON = {
    "handed_off": "handed off to a closer",
    "won": "closer reported the deal as won",
    "sql": "a setter approved the lead as sales-qualified",
    "nurture": "a setter moved the lead to nurture",
}


class StageConflict(ValueError):
    """The move does not fit the lead's current stage or wishes."""


class StageInvalid(ValueError):
    """The move itself is malformed (unknown stage, missing reason)."""


def move(session: Session, lead: Lead, to_stage: str, reason: str, actor: str,
         model: scoring.Model | None = None) -> None:
    """Put the lead in `to_stage`, record why and by whom, settle the next action (from the
    one author) and queue the webhooks with the finished record."""
    step = scoring.Transition(lead.stage, to_stage, reason)
    repo.add_transition(session, lead_id=lead.id, from_stage=step.from_stage,
                        to_stage=to_stage, reason=reason, actor=actor)
    lead.stage = to_stage
    lead.updated_at = utcnow()
    refresh_action(session, lead, model or scoring.default_model())
    session.add(lead)
    webhooks.queue(session, lead, [step], actor)


def _check(lead: Lead, to_stage: str, reason: str | None) -> str:
    if to_stage not in TARGETS:
        raise StageInvalid(f"cannot move a lead to {to_stage!r}; choose one of {', '.join(TARGETS)}")
    if to_stage in NEEDS_REASON and not (reason or "").strip():
        raise StageInvalid(f"moving a lead to {to_stage} needs a reason (it is kept and "
                           "shown, so that we learn why leads do not convert)")
    if lead.stage in FINAL:
        raise StageConflict(f"the lead is already {lead.stage}; won and lost are final")
    if lead.stage == to_stage:
        raise StageConflict(f"the lead is already {to_stage}")
    if to_stage in OPEN_TARGETS and "opt_out" in (lead.flags or []):
        raise StageConflict("the lead asked not to be contacted; it stays out of the pipeline")
    return (reason or "").strip() or DEFAULT_REASON[to_stage]


def _flags_for(flags: list[str], to_stage: str) -> list[str]:
    kept = {flag for flag in flags if flag.split(":", 1)[0] not in FORCING}
    if to_stage in {"nurture", "disqualified", "lost"}:
        kept -= {"setter_approved", "handoff_promised"}  # a person decided otherwise
    if to_stage in TARGET_FLAG:
        kept.add(TARGET_FLAG[to_stage])
    return sorted(kept)


def refresh_action(session: Session, lead: Lead, model: scoring.Model,
                   now: datetime | None = None) -> None:
    """Recompute the next action for the lead's stage without moving the stage again."""
    now = now or utcnow()
    keeper = Scorekeeper(model)
    facts = facts_of(session, lead)
    state = state_of(lead, model) or rebuild_state(session, lead, model)
    score = scoring.score_from_state(state, profile_of(lead), facts, now, model)
    lead.next_action = action_dict(keeper.decide(session, lead, score, facts, state, now))


def set_stage(session: Session, lead: Lead, to_stage: str, reason: str | None,
              model: scoring.Model, *, actor: str = "api") -> None:
    """A person's stage change: checked, recorded with the reason, webhooks queued."""
    why = _check(lead, to_stage, reason)
    lead.flags = _flags_for(list(lead.flags or []), to_stage)
    move(session, lead, to_stage, why, actor, model)


def approve(session: Session, lead: Lead, model: scoring.Model, *, actor: str = "api") -> None:
    """Mark the setter's approval: the lead counts as sales-qualified without full BANT."""
    if lead.stage in FINAL | {"disqualified", "handed_off"}:
        raise StageConflict(f"the lead is {lead.stage}; only open leads can be approved")
    if "opt_out" in (lead.flags or []):
        raise StageConflict("the lead asked not to be contacted; it stays out of the pipeline")
    lead.flags = sorted(set(lead.flags or []) | {"setter_approved"})
    Scorekeeper(model).refresh(session, lead, actor=actor)
