"""What a person does to a lead (console or API): each change goes through the same stage,
scoring and blacklist functions as everything else, and is recorded with who and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

import scoring
from bot.clock import utcnow
from bot.leads import blacklist, stages
from bot.leads.scorekeeper import Scorekeeper
from bot.store import repo
from bot.store.models import BlacklistRuleRow, FactRow, Lead, LeadAction, UserRow
from bot.types import SLOTS

MAX_TEXT = 2000
REACTIVATE_FLAG = "reactivate_on:"


class ActionError(ValueError):
    """An action that cannot be done as asked; the message says why."""


@dataclass(frozen=True)
class Actor:
    """Who acts: a console user (id and email) or a named system such as "api"."""

    user_id: int | None
    email: str

    @property
    def label(self) -> str:
        """The actor as stage transitions record it (64 characters at most)."""
        return self.email[:64]

    @classmethod
    def of(cls, user: UserRow) -> Actor:
        """The actor for a console user."""
        return cls(user.id, user.email)


def record(session: Session, lead: Lead, actor: Actor, kind: str,
           detail: dict[str, Any]) -> LeadAction:
    """Keep the action in the lead's audit trail."""
    row = LeadAction(lead_id=lead.id, user_id=actor.user_id, actor=actor.email, kind=kind,
                     detail=detail, created_at=utcnow())
    session.add(row)
    session.flush()
    return row


def actions_of(session: Session, lead_id: str) -> list[LeadAction]:
    """The lead's audit trail, oldest first."""
    query = select(LeadAction).where(LeadAction.lead_id == lead_id)
    return list(session.exec(query.order_by(col(LeadAction.created_at), col(LeadAction.id))))


def _text(value: str, what: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ActionError(f"{what} is required")
    if len(value) > MAX_TEXT:
        raise ActionError(f"{what} is longer than {MAX_TEXT} characters")
    return value


def add_note(session: Session, lead: Lead, actor: Actor, text: str) -> LeadAction:
    """A free-text note on the lead."""
    return record(session, lead, actor, "note", {"text": _text(text, "a note")})


def correct_fact(session: Session, lead: Lead, actor: Actor, slot: str, value: dict[str, Any],
                 note: str, model: scoring.Model) -> FactRow:
    """A setter's value for a slot: supersedes the bot's fact (history kept) and rescores."""
    if slot not in SLOTS:
        raise ActionError(f"unknown slot {slot!r}; use one of {', '.join(SLOTS)}")
    note = _text(note, "the note", required=False)
    before = lead.score_total
    fact = repo.add_fact(session, fact=FactRow(
        lead_id=lead.id, slot=slot, value=value, quote=note, source="setter", confidence=1.0,
        created_at=utcnow()))
    Scorekeeper(model).refresh(session, lead, actor=actor.label)
    record(session, lead, actor, "correct_fact",
           {"slot": slot, "value": value, "note": note, "fact_id": fact.id,
            "score": [before, lead.score_total]})
    return fact


def hand_off(session: Session, lead: Lead, actor: Actor, closer: UserRow, summary: str,
             model: scoring.Model) -> None:
    """Hand the lead to a closer with the summary; webhooks go out with the stage change."""
    if closer.role != "closer" or not closer.active:
        raise ActionError(f"{closer.email} is not an active closer")
    _stage(session, lead, "handed_off", f"handed off to {closer.email}", actor, model)
    lead.closer_id = closer.id
    session.add(lead)
    record(session, lead, actor, "handoff", {"closer": closer.email, "summary": summary})


def _stage(session: Session, lead: Lead, to_stage: str, reason: str, actor: Actor,
           model: scoring.Model) -> None:
    try:
        stages.set_stage(session, lead, to_stage, reason, model, actor=actor.label)
    except (stages.StageInvalid, stages.StageConflict) as exc:
        raise ActionError(str(exc)) from None


def disqualify(session: Session, lead: Lead, actor: Actor, reason: str,
               model: scoring.Model) -> None:
    """Take the lead out of the queue with the reason."""
    reason = _text(reason, "a reason")
    _stage(session, lead, "disqualified", reason, actor, model)
    record(session, lead, actor, "disqualify", {"reason": reason})


def close(session: Session, lead: Lead, actor: Actor, outcome: str, reason: str,
          model: scoring.Model) -> None:
    """Mark the deal won or lost (a lost deal needs a reason)."""
    if outcome not in ("won", "lost"):
        raise ActionError("the outcome is won or lost")
    reason = _text(reason, "a reason", required=outcome == "lost")
    _stage(session, lead, outcome, reason, actor, model)
    record(session, lead, actor, outcome, {"reason": reason})


def schedule_reactivation(session: Session, lead: Lead, actor: Actor, when: date,
                          model: scoring.Model, *, today: date | None = None) -> None:
    """Park the lead in nurture until `when`; the next action (from `scoring.next_action`,
    through the `reactivate_on:` flag) and the queue's "due" filter show it from that day."""
    today = today or utcnow().date()
    if when <= today:
        raise ActionError("the reactivation date must be in the future")
    if lead.stage in ("won", "lost", "disqualified"):
        raise ActionError(f"the lead is {lead.stage}; it cannot be reactivated")
    flags = [f for f in lead.flags or [] if not f.startswith(REACTIVATE_FLAG)]
    lead.flags = sorted([*flags, f"{REACTIVATE_FLAG}{when.isoformat()}"])
    lead.reactivate_on = datetime(when.year, when.month, when.day, tzinfo=UTC)
    if lead.stage != "nurture":
        _stage(session, lead, "nurture", f"reactivate on {when.isoformat()}", actor, model)
    else:
        stages.refresh_action(session, lead, model)
    session.add(lead)
    record(session, lead, actor, "reactivate", {"on": when.isoformat()})


def blacklist_pattern(lead: Lead, kind: str) -> str:
    """The pattern a rule of this kind takes from the lead (its email domain or company)."""
    if kind == "email_domain" and lead.email and "@" in lead.email:
        return lead.email.rsplit("@", 1)[1].lower()
    if kind == "company" and lead.company:
        return lead.company
    raise ActionError(f"the lead has no {'email' if kind == 'email_domain' else 'company'} "
                      "to blacklist")


def blacklist_from_lead(session: Session, lead: Lead, actor: Actor, kind: str,
                        reason: str) -> tuple[BlacklistRuleRow, int]:
    """Add a rule from the lead's domain or company; matching open leads are disqualified."""
    if kind not in ("email_domain", "company"):
        raise ActionError("blacklist the lead's email domain or company")
    pattern = blacklist_pattern(lead, kind)
    try:
        row = blacklist.add_rule(session, kind=kind, pattern=pattern, reason=reason)
    except blacklist.RuleError as exc:
        raise ActionError(str(exc)) from None
    swept = blacklist.sweep(session, row)
    record(session, lead, actor, "blacklist",
           {"kind": kind, "pattern": pattern, "reason": row.reason, "rule_id": row.id,
            "disqualified": swept})
    return row, swept
