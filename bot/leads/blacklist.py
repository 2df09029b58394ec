"""The blacklist with a function: stored rules that disqualify matching leads, with the reason.

A new rule sweeps the existing open leads; new leads are screened when they are created
(conversation start, import). Matching is `scoring`'s (case-, wildcard- and legal-form-aware).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

import scoring
from bot.clock import utcnow
from bot.leads.scorekeeper import profile_of
from bot.leads.stages import move
from bot.store.models import BlacklistRuleRow, Lead, StageTransition

KINDS = ("email_domain", "company", "industry", "source")
COLUMN = {"email_domain": "email", "company": "company", "industry": "industry",
          "source": "source"}
CLOSED = ("won", "lost", "disqualified")
ACTOR_PREFIX = "blacklist rule "
SWEEP_CHUNK = 2_000


class RuleError(ValueError):
    """A rule that cannot be stored; the message says why."""


class DuplicateRule(RuleError):
    """The same kind and pattern is already on the blacklist."""

    def __init__(self, existing: BlacklistRuleRow) -> None:
        self.existing = existing
        super().__init__(f"{existing.kind} {existing.pattern!r} is already blacklisted "
                         f"(rule {existing.id})")


def as_rule(row: Rule) -> scoring.BlacklistRule:
    """The scoring view of a stored rule."""
    return scoring.BlacklistRule(row.kind, row.pattern, row.reason)  # type: ignore[arg-type]


def actor_of(row: Rule) -> str:
    """How transitions made by this rule name their actor."""
    return f"{ACTOR_PREFIX}{row.id}"


class Rule(Protocol):
    """A stored rule as screening reads it (an ORM row or a plain row)."""

    @property
    def id(self) -> int | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def pattern(self) -> str: ...
    @property
    def reason(self) -> str: ...


RULES = BlacklistRuleRow.__table__  # type: ignore[attr-defined]
# every new lead is screened: its read is built once and returns plain rows, no ORM objects
_RULES_IN_ORDER = sa_select(RULES.c.id, RULES.c.kind, RULES.c.pattern, RULES.c.reason).order_by(RULES.c.id)


def rules(session: Session) -> list[BlacklistRuleRow]:
    """Every rule, oldest first (the first match decides the reason)."""
    return list(session.exec(select(BlacklistRuleRow).order_by(col(BlacklistRuleRow.id))))


def match(profile: scoring.Profile, rows: Sequence[Rule]) -> Rule | None:
    """The first stored rule the profile falls under, or None."""
    converted = [as_rule(row) for row in rows]
    hit = scoring.match_blacklist(profile, converted)
    return None if hit is None else rows[converted.index(hit)]


def _check_pattern(kind: str, pattern: str) -> None:
    if kind not in KINDS:
        raise RuleError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    if not re.search(r"\w", pattern):
        raise RuleError(f"pattern {pattern!r} has no letter or digit; it would match everyone")
    if kind != "email_domain" and not re.search(r"[*?]", pattern):
        probe = scoring.Profile(**{COLUMN[kind]: pattern})
        if scoring.match_blacklist(probe, [scoring.BlacklistRule(kind, pattern, "")]) is None:  # type: ignore[arg-type]
            raise RuleError(f"pattern {pattern!r} matches nothing (only legal forms such as "
                            "GmbH or Ltd are left out when comparing)")


def add_rule(session: Session, *, kind: str, pattern: str, reason: str) -> BlacklistRuleRow:
    """Store a rule after checking it is meaningful and new."""
    pattern, reason = pattern.strip(), reason.strip()
    if not reason:
        raise RuleError("a rule needs a reason: it is shown on every lead it disqualifies")
    _check_pattern(kind, pattern)
    for row in rules(session):
        if row.kind == kind and row.pattern.casefold() == pattern.casefold():
            raise DuplicateRule(row)
    row = BlacklistRuleRow(kind=kind, pattern=pattern, reason=reason, created_at=utcnow())
    session.add(row)
    session.flush()
    return row


def delete_rule(session: Session, rule_id: int) -> BlacklistRuleRow | None:
    """Remove a rule; leads it disqualified stay disqualified (their history says why)."""
    row = session.get(BlacklistRuleRow, rule_id)
    if row is not None:
        session.delete(row)
    return row


def disqualify(session: Session, lead: Lead, row: Rule) -> None:
    """Disqualify the lead with the rule's reason and take it out of the queue."""
    # The flag carries the reason so that every later rescore keeps saying why.
    lead.flags = sorted(set(lead.flags or []) | {f"blacklisted:{row.reason}"})
    move(session, lead, "disqualified", row.reason, actor_of(row))


def screen(session: Session, lead: Lead, rows: Sequence[Rule] | None = None) -> Rule | None:
    """Disqualify a lead that matches a rule; returns the rule (None: the lead is fine)."""
    if lead.stage in CLOSED:
        return None
    if rows is None:
        rows = list(session.connection().execute(_RULES_IN_ORDER))
    hit = match(profile_of(lead), rows)
    if hit is not None:
        disqualify(session, lead, hit)
    return hit


def _candidates(session: Session, row: BlacklistRuleRow) -> list[str]:
    """Ids of open leads whose profile falls under the rule (reads four columns only)."""
    column = getattr(Lead, COLUMN[row.kind])
    query = (select(Lead.id, Lead.email, Lead.company, Lead.industry, Lead.source)
             .where(col(Lead.stage).not_in(CLOSED), col(column).is_not(None)))
    rule = [as_rule(row)]
    return [lead_id for lead_id, email, company, industry, source in session.exec(query)
            if scoring.match_blacklist(scoring.Profile(email=email, company=company,
                                                       industry=industry, source=source), rule)]


def sweep(session: Session, row: BlacklistRuleRow) -> int:
    """Disqualify every open lead the rule matches; returns how many."""
    ids = _candidates(session, row)
    for start in range(0, len(ids), SWEEP_CHUNK):
        chunk = ids[start:start + SWEEP_CHUNK]
        # locked in id order (PostgreSQL), as event batches lock theirs, so that a chat turn
        # of a lead cannot save it over the disqualification with what it read before
        query = (select(Lead).where(col(Lead.id).in_(chunk)).order_by(col(Lead.id))
                 .with_for_update().execution_options(populate_existing=True))
        for lead in session.exec(query):
            disqualify(session, lead, row)
    return len(ids)


def disqualified_count(session: Session, row: BlacklistRuleRow) -> int:
    """How many leads this rule has disqualified so far."""
    query = (select(func.count()).select_from(StageTransition)
             .where(StageTransition.actor == actor_of(row),
                    col(StageTransition.created_at) >= row.created_at))
    return int(session.exec(query).one())
